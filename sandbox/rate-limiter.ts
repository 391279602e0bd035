import type { OrgClock } from './clock';

/** Rate-limit buckets, matched like Okta's (most specific endpoint family wins). */
export type BucketName = 'authn' | 'usersList' | 'userGet' | 'userWrite' | 'logs' | 'api';

export interface RateLimitSettings extends Record<BucketName, number> {
  /** Simultaneous requests in flight before 429 (Okta: 75 for Workforce orgs). */
  concurrent: number;
  /** false turns every limit off (headers are still sent). */
  enabled: boolean;
}

/** Okta-like per-minute defaults (Workforce column of Okta's management rate-limit table). */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  authn: 600,
  usersList: 600,
  userGet: 2000,
  userWrite: 600,
  logs: 120,
  api: 1200,
  concurrent: 75,
  enabled: true,
};

const WINDOW_MS = 60_000;

export function bucketFor(method: string, path: string): BucketName {
  if (path.startsWith('/api/v1/authn')) return 'authn';
  if (path === '/api/v1/logs') return 'logs';
  if (path === '/api/v1/users') return 'usersList';
  if (/^\/api\/v1\/users\/[^/]+$/.test(path)) return method === 'GET' ? 'userGet' : 'userWrite';
  return 'api';
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds when the bucket refills. */
  reset: number;
}

/** Fixed one-minute windows per bucket, timed by the org clock (so advancing the clock refills them). */
export class RateLimiter {
  private readonly windows = new Map<BucketName, { start: number; used: number }>();

  constructor(
    private readonly clock: OrgClock,
    public settings: RateLimitSettings,
  ) {}

  take(bucket: BucketName): RateDecision {
    const now = this.clock.now();
    let window = this.windows.get(bucket);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, used: 0 };
      this.windows.set(bucket, window);
    }
    const limit = this.settings[bucket];
    const reset = Math.ceil((window.start + WINDOW_MS) / 1000);
    if (this.settings.enabled && window.used >= limit) return { allowed: false, limit, remaining: 0, reset };
    window.used++;
    return { allowed: true, limit, remaining: Math.max(0, limit - window.used), reset };
  }

  update(changes: Partial<RateLimitSettings>): void {
    this.settings = { ...this.settings, ...changes };
    this.windows.clear();
  }
}
