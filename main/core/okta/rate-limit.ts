/** The latest X-Rate-Limit-* reading for one bucket. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  resetAt: Date;
}

/**
 * Okta counts limits per endpoint family (/api/v1/users, /api/v1/users/{id}, ...), so paths
 * are reduced to a family: query dropped, id-like segments replaced by {id}.
 */
export function rateLimitBucket(path: string): string {
  const pathname = path.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0] ?? '';
  const segments = pathname.split('/').map((segment) => (isIdLike(segment) ? '{id}' : segment));
  return segments.join('/').replace(/\/+$/, '') || '/';
}

function isIdLike(segment: string): boolean {
  // Okta ids are ~20 base62 chars (00u..., mbl...); 'me' is the token's own user.
  return segment === 'me' || (/^[A-Za-z0-9_-]{12,}$/.test(segment) && /\d/.test(segment));
}

/**
 * Reads the headers. X-Rate-Limit-Reset is in the server's epoch seconds; it is converted with
 * the response's Date header so a skewed local clock (or the sandbox's) does not distort waits.
 */
export function readRateLimit(headers: Record<string, string>, now: Date): RateLimitState | undefined {
  const limit = Number(headers['x-rate-limit-limit']);
  const remaining = Number(headers['x-rate-limit-remaining']);
  const reset = Number(headers['x-rate-limit-reset']);
  if (!headers['x-rate-limit-limit'] || !Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) {
    return undefined;
  }
  const serverNowMs = Date.parse(headers['date'] ?? '');
  const referenceMs = Number.isFinite(serverNowMs) ? serverNowMs : now.getTime();
  const untilResetMs = Math.max(0, reset * 1000 - referenceMs);
  return { limit, remaining, resetAt: new Date(now.getTime() + untilResetMs) };
}

/**
 * What a 429 means (okta-reference rl-best.md, rl2-token-share.md, factors.md):
 * - `bucket`: a rate limit: the org's bucket for the endpoint, or this API token's or app's share of
 *   it (50 % by default), is used up until X-Rate-Limit-Reset. A share can run out while the headers
 *   still show the org bucket with room (Okta does not document which one they show then), so
 *   room left does not make an E0000047 anything else.
 * - `concurrency`: too many requests at once (X-Rate-Limit-Limit and -Remaining both 0; the reset is
 *   only an estimate): a short pause, not the window.
 * - `per_factor`: Okta's per-user one-time-passcode limit, five activation or resend attempts in five
 *   minutes (factors.md "Activate Factor"; rl-add.md "One-time passcode rate limits"), answered with
 *   the generic E0000047: only on those endpoints, and only while the bucket shows room.
 * - `other`: a 429 with another code (a send throttle: E0000109 SMS, E0000133 call, E0000118 email, …).
 */
export type TooManyRequestsKind = 'bucket' | 'concurrency' | 'per_factor' | 'other';

export interface TooManyRequests {
  errorCode: string | undefined;
  limit?: number | undefined;
  remaining?: number | undefined;
  /** The request's path: the per-factor limit applies to a factor's activation and resend endpoints only. */
  path?: string | undefined;
}

/** Activating a factor with a code, resending its code, sending the push activation link: the per-user OTP limit's endpoints. */
const PER_FACTOR_LIMITED = /\/api\/v1\/users\/[^/]+\/factors\/[^/]+\/(?:lifecycle\/activate(?:\/(?:sms|email))?|resend)$/;

export function classifyTooManyRequests({ errorCode, limit, remaining, path }: TooManyRequests): TooManyRequestsKind {
  if (errorCode !== undefined && errorCode !== 'E0000047') return 'other';
  if (limit === 0 && remaining === 0) return 'concurrency';
  const pathname = (path ?? '').replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0] ?? '';
  if (errorCode === 'E0000047' && remaining !== undefined && remaining > 0 && PER_FACTOR_LIMITED.test(pathname)) return 'per_factor';
  return 'bucket';
}

/** Below this share of the limit, requests are spread over the time left until the reset. */
export const lowRemainingShare = 0.1;

/**
 * How long to hold the next request so the bucket lasts until its reset ("slow down before the
 * wall"). Zero while plenty remains or once the window has reset.
 */
export function pacingDelayMs(state: RateLimitState | undefined, now: Date): number {
  if (!state) return 0;
  const untilResetMs = state.resetAt.getTime() - now.getTime();
  if (untilResetMs <= 0) return 0;
  if (state.remaining <= 0) return untilResetMs;
  if (state.remaining >= state.limit * lowRemainingShare) return 0;
  return Math.ceil(untilResetMs / (state.remaining + 1));
}

/** Per-client memory of rate-limit readings, keyed by bucket. */
export class RateLimitTracker {
  readonly #states = new Map<string, RateLimitState>();

  record(path: string, state: RateLimitState | undefined): void {
    if (state) this.#states.set(rateLimitBucket(path), state);
  }

  get(path: string): RateLimitState | undefined {
    return this.#states.get(rateLimitBucket(path));
  }

  /** Counts a request about to be sent, so concurrent requests also spread out. */
  consume(path: string): void {
    const state = this.#states.get(rateLimitBucket(path));
    if (state && state.remaining > 0) state.remaining -= 1;
  }
}
