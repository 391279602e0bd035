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
 * What a 429 means. Okta answers E0000047 both when the org's bucket for the endpoint is empty
 * (`bucket`: wait for its reset) and for per-factor limits (five activation or resend attempts per
 * five minutes) while the bucket still has room (`per_factor`: the bucket's reset says nothing).
 * A 429 with another error code is neither.
 */
export type TooManyRequestsKind = 'bucket' | 'per_factor' | 'other';

export function classifyTooManyRequests(errorCode: string | undefined, remaining: number | undefined): TooManyRequestsKind {
  if (errorCode !== undefined && errorCode !== 'E0000047') return 'other';
  if (remaining !== undefined && remaining > 0) return errorCode === 'E0000047' ? 'per_factor' : 'other';
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
