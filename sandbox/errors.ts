import { secureToken } from './random';

/** The Okta error codes the sandbox answers with: HTTP status and errorSummary as Okta publishes them. */
export const OKTA_ERRORS = {
  E0000001: { status: 400, summary: 'Api validation failed: {0}' },
  E0000003: { status: 400, summary: 'The request body was not well-formed.' },
  E0000004: { status: 401, summary: 'Authentication failed' },
  E0000006: { status: 403, summary: 'You do not have permission to perform the requested action' },
  E0000007: { status: 404, summary: 'Not found: {0}' },
  E0000009: { status: 500, summary: 'Internal Server Error' },
  E0000011: { status: 401, summary: 'Invalid token provided' },
  E0000015: { status: 401, summary: 'You do not have permission to access the feature you are requesting' },
  E0000022: { status: 405, summary: 'The endpoint does not support the provided HTTP method' },
  E0000031: { status: 400, summary: 'Invalid search criteria.' },
  E0000032: { status: 403, summary: 'Unlock is not allowed for this user.' },
  E0000038: { status: 403, summary: "This operation is not allowed in the user's current status." },
  E0000047: { status: 429, summary: 'API call exceeded rate limit due to too many requests.' },
  E0000068: { status: 403, summary: 'Invalid Passcode/Answer' },
  E0000079: { status: 403, summary: 'This operation is not allowed in the current authentication state.' },
  E0000082: { status: 403, summary: 'Each code can only be used once. Please wait for a new code and try again.' },
  E0000098: { status: 400, summary: 'This phone number is invalid.' },
  E0000107: { status: 403, summary: 'The entity is not in the expected state for the requested transition.' },
  E0000109: { status: 429, summary: 'An SMS message was recently sent. Please wait 30 seconds before trying again.' },
  E0000110: { status: 403, summary: 'You have accessed a link that has expired or has been previously used.' },
  E0000118: { status: 429, summary: 'An email was recently sent. Please wait 5 seconds before trying again.' },
  E0000133: { status: 429, summary: 'A phone call was recently made. Please wait 30 seconds before trying again.' },
  E0000181: { status: 503, summary: 'Service temporarily unavailable.' },
} as const;

/**
 * Errors with their own, shorter body (see logs/query-errors.ts): the System Log's query errors.
 * Kept apart from OKTA_ERRORS, the codes with the standard body.
 */
export const SYSTEM_LOG_QUERY_ERRORS = {
  E0000053: { status: 400, summary: 'Invalid SCIM filter.' },
} as const;

export type OktaErrorCode = keyof typeof OKTA_ERRORS | keyof typeof SYSTEM_LOG_QUERY_ERRORS;

const ALL_ERRORS: Record<OktaErrorCode, { status: number; summary: string }> = { ...OKTA_ERRORS, ...SYSTEM_LOG_QUERY_ERRORS };

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: Array<{ errorSummary: string }>;
}

/** The shorter body some APIs answer with (the System Log's query errors): no errorLink, no errorCauses. */
export type BareOktaErrorBody = Pick<OktaErrorBody, 'errorCode' | 'errorSummary' | 'errorId'>;

/** An error that leaves the server as an Okta error body with the code's HTTP status. */
export class OktaError extends Error {
  readonly status: number;

  constructor(
    readonly code: OktaErrorCode,
    readonly detail?: string,
    readonly causes: string[] = [],
    statusOverride?: number,
  ) {
    const entry = ALL_ERRORS[code];
    super(entry.summary.replace('{0}', detail ?? ''));
    this.status = statusOverride ?? entry.status;
  }

  toBody(): OktaErrorBody | BareOktaErrorBody {
    return errorBody(this.code, this.message, this.causes);
  }
}

function errorBody(code: string, summary: string, causes: string[] = []): OktaErrorBody {
  return {
    errorCode: code,
    errorSummary: summary,
    errorLink: code,
    errorId: 'oae' + secureToken(22),
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

/**
 * A refusal that carries its own headers (an OAuth `WWW-Authenticate` challenge, a `DPoP-Nonce`)
 * and an Okta error body, or no body at all: Okta answers DPoP proof problems with the challenge
 * alone.
 */
export class ChallengeError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: OktaError | null,
  ) {
    super(headers['WWW-Authenticate'] ?? body?.message ?? `HTTP ${status}`);
  }
}

export function notFound(id: string, type: string): OktaError {
  return new OktaError('E0000007', `Resource not found: ${id} (${type})`);
}

export function validation(what: string, causes: string[]): OktaError {
  return new OktaError('E0000001', what, causes);
}

/** The Okta error a fault-injected or unexpected HTTP status is reported with. */
export function codeForStatus(status: number): OktaErrorCode {
  if (status === 429) return 'E0000047';
  if (status === 503) return 'E0000181';
  if (status === 404) return 'E0000007';
  if (status === 401) return 'E0000011';
  if (status === 403) return 'E0000006';
  if (status === 400) return 'E0000001';
  return 'E0000009';
}
