/**
 * Errors cross the bridge as plain data, never as stack traces.
 * `code` is ours (stable, for the UI to branch on); `message` is written for the agent;
 * `action` says what to do about it; Okta's own identifiers are kept for support tickets.
 */
export const bridgeErrorCodes = [
  'INVALID_INPUT', // the renderer sent something the contract does not allow
  'NOT_CONNECTED', // no org selected / no token available
  'KEYCHAIN_UNAVAILABLE', // no OS Secret Service; offer a session-only token
  'KEYCHAIN_ERROR',
  'SETTINGS_ERROR', // settings file unreadable or unwritable
  'NOT_OKTA_URL',
  'DNS_FAILURE',
  'TLS_FAILURE',
  'PROXY_FAILURE',
  'NETWORK', // connection refused, reset, timed out
  'TIMEOUT',
  'INVALID_TOKEN', // E0000011
  'SIGN_IN_REQUIRED', // "Sign in with Okta": nobody is signed in, or the sign-in ended (refresh refused, revoked): sign in again
  'STEP_UP_REQUIRED', // a risky action needs a fresh sign-in (policy step-up age): sign in again, then retry
  'PERMISSION_DENIED', // E0000006, or an OAuth token without the scope (insufficient_scope)
  'NOT_FOUND', // E0000007
  'RATE_LIMITED', // E0000047 (retryAt tells when)
  'SENT_TOO_RECENTLY', // E0000109 / E0000133 / E0000118 (retryAt tells when)
  'WRONG_CODE', // E0000068
  'ACTIVATION_EXPIRED',
  'ALREADY_ENROLLED', // E0000048-style conflicts
  'VALIDATION', // E0000001 and friends: Okta refused the input
  'CROSS_ORIGIN_REFUSED', // redirect or pagination link to another origin
  'ADDRESS_REFUSED', // a request address that is not the one the workflow names (dot segments, foreign paths, bad ids); nothing sent
  'TOKEN_ORIGIN_MISMATCH', // the saved token was saved for another org address (settings edited, restored profile): paste it again
  'POLICY_REFUSED', // this desk's managed policy does not allow it (an org outside its list, a connection method it forbids)
  'POLICY_INVALID', // the machine-wide policy file is invalid: FactorDesk does nothing until IT fixes it
  'SANDBOX_ONLY', // the caller's phone (and other practice tools) exist only for the sandbox org, never for a real org
  'BAD_RESPONSE', // Okta answered with something we could not understand
  'OKTA_ERROR', // any other Okta error
  'CANCELLED',
  'OUTCOME_UNKNOWN', // the request may have reached Okta, its answer was lost, and reading back could not tell
  'INTERNAL',
] as const;

export type BridgeErrorCode = (typeof bridgeErrorCodes)[number];

export interface BridgeErrorData {
  code: BridgeErrorCode;
  /** What happened, in words an agent understands. */
  message: string;
  /** What to do about it, when there is something to do. */
  action?: string;
  /** Okta's error code (E0000011, ...) when Okta answered with one. */
  oktaErrorCode?: string;
  /** Okta's errorId, quoted in support tickets. */
  oktaErrorId?: string;
  /** HTTP status, when there was an HTTP answer. */
  httpStatus?: number;
  /** ISO time after which a retry may succeed (rate limits, send throttles). */
  retryAt?: string;
  /** Field-level causes (Okta errorCauses, zod issues). */
  causes?: string[];
}

/** What every bridge method answers: a value or a serializable error. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorData };

/** Thrown by main's services (turned into BridgeErrorData at the bridge) and by the renderer when a bridge call fails. */
export class FactorDeskError extends Error {
  readonly data: BridgeErrorData;
  constructor(data: BridgeErrorData) {
    super(data.message);
    this.name = 'FactorDeskError';
    this.data = data;
  }
}
