import { FactorDeskError, type BridgeErrorData } from '../../../contract/errors';
import { credentialWording, oktaErrorWordings, systemLogQueryWording, transportErrorWordings, wordingForStatus, type ErrorWording } from './error-messages';
import { classifyTooManyRequests, readRateLimit } from './rate-limit';
import { oktaErrorSchema } from './schemas/error';
import { parseChallenge } from './www-authenticate';

export interface OktaErrorInput {
  httpStatus: number;
  /** The parsed JSON body (anything: it is validated here). */
  body: unknown;
  /** Lower-case response headers. */
  headers?: Record<string, string>;
  now?: Date;
  /** What was sent: an API token (default), a signed-in agent's or a service app's access token. */
  credential?: 'api-token' | 'agent' | 'service-app';
  /** The request's path: a 429 is read differently on a factor's activation and resend endpoints. */
  path?: string;
}

/** Turns an Okta HTTP error answer into a FactorDeskError with agent-facing words and the fix. */
export function mapOktaError({ httpStatus, body, headers = {}, now = new Date(), credential = 'api-token', path }: OktaErrorInput): FactorDeskError {
  const parsed = oktaErrorSchema.safeParse(body);
  const oktaError = parsed.success ? parsed.data : undefined;
  const causes = (oktaError?.errorCauses ?? []).map((cause) => cause.errorSummary).filter((s): s is string => !!s);
  // The System Log's query errors carry no causes: their summary says what was wrong with the search.
  if (oktaError?.errorCode === 'E0000053' && oktaError.errorSummary && causes.length === 0) causes.push(oktaError.errorSummary);
  const tooMany = httpStatus === 429 ? classifyTooManyRequests({ errorCode: oktaError?.errorCode, ...headerCounts(headers), path }) : null;
  const perFactorLimit = tooMany === 'per_factor';
  const wording = refineWording(
    (tooMany === 'per_factor' ? perFactorLimitWording : tooMany === 'concurrency' ? concurrencyWording : undefined) ??
      credentialWording(credential, httpStatus, oktaError?.errorCode, parseChallenge(headers['www-authenticate'])) ??
      (oktaError?.errorCode === 'E0000053' ? systemLogQueryWording(oktaError.errorSummary) : undefined) ??
      (oktaError && oktaErrorWordings[oktaError.errorCode]) ??
      activationExpiredWording(oktaError?.errorSummary) ??
      wordingForStatus(httpStatus, oktaError !== undefined),
    causes,
  );

  const data: BridgeErrorData = { code: wording.code, message: wording.message, httpStatus };
  if (wording.action) data.action = wording.action;
  if (oktaError) {
    data.oktaErrorCode = oktaError.errorCode;
    if (oktaError.errorId) data.oktaErrorId = oktaError.errorId;
    if (causes.length > 0) data.causes = causes;
    // For codes we have no words for, Okta's own summary is the most specific thing we can say.
    if (!oktaErrorWordings[oktaError.errorCode] && oktaError.errorSummary && wording.code === 'OKTA_ERROR') {
      data.message = `${wording.message} Okta says: ${oktaError.errorSummary}`;
    }
  }
  // A per-factor limit has no reset FactorDesk knows of, and a concurrency limit's reset is only an
  // estimate: the bucket's reset time says nothing about either.
  const retryAt = perFactorLimit || tooMany === 'concurrency' ? undefined : retryAtFor(wording.code, oktaError?.errorSummary, headers, now);
  if (retryAt) data.retryAt = retryAt.toISOString();
  return new FactorDeskError(data);
}

/** X-Rate-Limit-Limit and -Remaining as numbers, when Okta sent them. */
export function headerCounts(headers: Record<string, string>): { limit: number | undefined; remaining: number | undefined } {
  const read = (name: string): number | undefined => {
    const value = headers[name];
    return value === undefined || value.trim() === '' || !Number.isFinite(Number(value)) ? undefined : Number(value);
  };
  return { limit: read('x-rate-limit-limit'), remaining: read('x-rate-limit-remaining') };
}

const perFactorLimitWording: ErrorWording = {
  code: 'RATE_LIMITED',
  message: 'Too many attempts on this factor in a short time.',
  action: "Okta allows five activation or resend attempts per user every five minutes: wait up to five minutes, then try again.",
};

const concurrencyWording: ErrorWording = {
  code: 'RATE_LIMITED',
  message: 'Okta is handling too many requests from this org at the same moment.',
  action: 'Try again in a few seconds.',
};

const expiredCodeWording: ErrorWording = {
  code: 'WRONG_CODE',
  message: 'That code has expired.',
  action: 'Send a new code and ask the caller to read it out.',
};

/** Okta reports an expired one-time code as a wrong code; the cause says which. */
function refineWording(wording: ErrorWording, causes: string[]): ErrorWording {
  return wording.code === 'WRONG_CODE' && causes.some((cause) => /expired/i.test(cause)) ? expiredCodeWording : wording;
}

function activationExpiredWording(summary: string | undefined): ErrorWording | undefined {
  if (summary && /activation/i.test(summary) && /expired/i.test(summary)) {
    return oktaErrorWordings.E0000110;
  }
  return undefined;
}

/** When a retry may succeed: the rate-limit reset, or "Please wait 30 seconds" in a send throttle. */
function retryAtFor(code: string, summary: string | undefined, headers: Record<string, string>, now: Date): Date | undefined {
  if (code !== 'RATE_LIMITED' && code !== 'SENT_TOO_RECENTLY') return undefined;
  const waitSeconds = /wait\s+(\d+)\s+seconds?/i.exec(summary ?? '')?.[1];
  if (code === 'SENT_TOO_RECENTLY' && waitSeconds) {
    return new Date(now.getTime() + Number(waitSeconds) * 1000);
  }
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new Date(now.getTime() + retryAfter * 1000);
  return readRateLimit(headers, now)?.resetAt;
}

/**
 * Okta's last answer said this bucket is used up until `resetAt`, which is too far away to wait
 * for: the request is held back rather than sent into the wall. `retryAt` lets the UI say until when.
 */
export function rateLimitedUntil(resetAt: Date): FactorDeskError {
  const wording = oktaErrorWordings.E0000047 as ErrorWording;
  return new FactorDeskError({
    code: 'RATE_LIMITED',
    message: `${wording.message} FactorDesk is holding requests of this kind until the limit resets.`,
    action: wording.action,
    retryAt: resetAt.toISOString(),
  });
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const tlsCodes = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'EPROTO',
]);

/** The error codes found along an error's `cause` chain (undici wraps socket errors). */
export function errorCodes(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof message === 'string') messages.push(message);
    current = cause;
  }
  return { codes, messages };
}

export type TransportErrorKind = keyof typeof transportErrorWordings;

/** Classifies a failure that happened before an HTTP answer arrived. */
export function classifyTransportError(error: unknown, proxied: boolean): TransportErrorKind {
  const { codes, messages } = errorCodes(error);
  if (codes.some((code) => timeoutCodes.has(code))) return 'TIMEOUT';
  if (proxied && messages.some((message) => /proxy/i.test(message))) return 'PROXY_FAILURE';
  // Through a proxy, the only host we resolve and connect to ourselves is the proxy.
  if (proxied && codes.some((code) => dnsCodes.has(code) || code === 'ECONNREFUSED')) return 'PROXY_FAILURE';
  if (codes.some((code) => dnsCodes.has(code))) return 'DNS_FAILURE';
  if (codes.some((code) => tlsCodes.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) return 'TLS_FAILURE';
  // Refused, reset, unreachable, or anything unrecognised before an answer.
  return 'NETWORK';
}

/** Whether a transport failure is worth retrying for an idempotent request. */
export function isRetryableTransport(kind: TransportErrorKind): boolean {
  return kind === 'NETWORK' || kind === 'TIMEOUT';
}

export function transportError(kind: TransportErrorKind, detail?: string): FactorDeskError {
  const wording: ErrorWording = transportErrorWordings[kind];
  const data: BridgeErrorData = { code: wording.code, message: wording.message };
  if (wording.action) data.action = wording.action;
  if (detail) data.causes = [detail];
  return new FactorDeskError(data);
}

/** A short, token-free description of the low-level cause (e.g. "ENOTFOUND"), for support. */
export function transportDetail(error: unknown): string | undefined {
  const { codes } = errorCodes(error);
  return codes.length > 0 ? [...new Set(codes)].join(' / ') : undefined;
}

export function badResponse(message: string, httpStatus?: number): FactorDeskError {
  const data: BridgeErrorData = {
    code: 'BAD_RESPONSE',
    message: `The org answered with something FactorDesk could not understand: ${message}`,
    action: 'Check the org URL points at an Okta org (not a login page or proxy). If it does, try again later.',
  };
  if (httpStatus !== undefined) data.httpStatus = httpStatus;
  return new FactorDeskError(data);
}
