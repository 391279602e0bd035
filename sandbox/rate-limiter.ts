import type { OrgClock } from './clock';

/** Rate-limit buckets, matched like Okta's (exact endpoint first, then the longest prefix). */
export const BUCKETS = ['authn', 'usersList', 'userGet', 'userWrite', 'groupsList', 'groupById', 'logs', 'api'] as const;
export type BucketName = (typeof BUCKETS)[number];

/** How much of each bucket (and of the concurrency limit) one principal may use, in percent. */
export interface PrincipalShare {
  percentage: number;
  concurrencyPercentage: number;
}

export interface RateLimitSettings extends Record<BucketName, number> {
  /** Simultaneous requests in flight before 429 (Okta: 75 for Workforce orgs). */
  concurrent: number;
  /** Length of a window in seconds (Okta: 60). Tests shorten it so a paced job crosses several windows quickly. */
  windowSeconds: number;
  /** false turns every limit off (headers are still sent). */
  enabled: boolean;
  /** Workforce licences: 10,000–100,000 multiply some limits by 5, more than 100,000 by 10. */
  licences: number;
  /** The share each API token or OAuth app may use unless it has its own (Okta: 50 %). */
  principalDefaults: PrincipalShare;
  /** Shares of particular principals (API token ids, OAuth client ids), like Okta's principal rate limits. */
  principals: Record<string, Partial<PrincipalShare>>;
}

/**
 * A Workforce org's limits (per minute): Okta's management table (rl-global-mgmt.md) for users,
 * groups, logs and "most other API actions", /api/v1/authn from the end-user table, 75 in flight
 * (rl2-token-share.md), each principal at most 50 % of a bucket.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  authn: 500,
  usersList: 600,
  userGet: 2000,
  userWrite: 600,
  groupsList: 500,
  groupById: 1000,
  logs: 120,
  api: 1200,
  concurrent: 75,
  windowSeconds: 60,
  enabled: true,
  licences: 1000,
  principalDefaults: { percentage: 50, concurrencyPercentage: 50 },
  principals: {},
};

/** Changes to the settings (a start-up option, or the control API): shares merge into the current ones. */
export type RateLimitChanges = Partial<Omit<RateLimitSettings, 'principalDefaults'>> & { principalDefaults?: Partial<PrincipalShare> };

/** Okta's smallest settable share: 0 is not saved, 5 % is the minimum. */
export const MIN_SHARE_PERCENT = 5;

/**
 * The buckets the licence multiplier raises (rl-add.md "List of endpoints"): authentication
 * (`/api/v1/authn`) and single reads (`GET /api/v1/users/{idOrLogin}`, `/api/v1/groups/{id}`).
 * Lists, logs and other `/api/v1` calls keep their limits.
 */
const MULTIPLIED: ReadonlySet<BucketName> = new Set(['authn', 'userGet', 'groupById']);

export function licenceMultiplier(licences: number): number {
  if (licences > 100_000) return 10;
  if (licences >= 10_000) return 5;
  return 1;
}

export function bucketFor(method: string, path: string): BucketName {
  if (path.startsWith('/api/v1/authn')) return 'authn';
  if (path === '/api/v1/logs') return 'logs';
  if (path === '/api/v1/users') return 'usersList';
  if (/^\/api\/v1\/users\/[^/]+$/.test(path)) return method === 'GET' ? 'userGet' : 'userWrite';
  if (/^\/api\/v1\/groups\/[^/]+$/.test(path)) return 'groupById';
  // "/api/v1/groups except /api/v1/groups/{id}": the list and everything below a group (its users…).
  if (path === '/api/v1/groups' || path.startsWith('/api/v1/groups/')) return 'groupsList';
  return 'api';
}

/** Who an answer's limit belongs to: the org's bucket, or the calling principal's share of it. */
export type LimitOwner = 'org' | 'principal';

export interface RateDecision {
  allowed: boolean;
  /** The limit the headers report, and whose it is (see `take`). */
  limit: number;
  remaining: number;
  owner: LimitOwner;
  /** UTC epoch seconds when the bucket refills. */
  reset: number;
}

interface Window {
  start: number;
  used: number;
  byPrincipal: Map<string, number>;
}

/**
 * Fixed one-minute windows per bucket, timed by the org clock (so advancing the clock refills
 * them). Each window counts the org's calls and each principal's; a principal's counts reset with
 * the bucket's window.
 */
export class RateLimiter {
  private readonly windows = new Map<BucketName, Window>();

  constructor(
    private readonly clock: OrgClock,
    public settings: RateLimitSettings,
  ) {}

  /** The bucket's limit for the org, with the licence multiplier applied. */
  orgLimit(bucket: BucketName): number {
    return this.settings[bucket] * (MULTIPLIED.has(bucket) ? licenceMultiplier(this.settings.licences) : 1);
  }

  /** The concurrency limit; Okta raises it for orgs with a multiplier and does not say by how much, so the sandbox multiplies it too. */
  concurrentLimit(): number {
    return this.settings.concurrent * licenceMultiplier(this.settings.licences);
  }

  shareOf(principalId: string): PrincipalShare {
    return { ...this.settings.principalDefaults, ...this.settings.principals[principalId] };
  }

  /** A principal's ceiling in a bucket of `limit`: its percentage, rounded down, never below one call while the bucket has any. */
  static ceiling(limit: number, percentage: number): number {
    return limit === 0 ? 0 : Math.max(1, Math.floor((limit * percentage) / 100));
  }

  /**
   * Takes one call from the bucket for `principalId` (null: an unauthenticated call, which only the
   * org's bucket limits). The org's bucket is checked first, then the principal's share. The answer
   * reports whichever limit binds first: the principal's ceiling and what is left of it when that
   * is less than what is left in the org's bucket, the org's bucket otherwise; a refusal reports
   * the limit that refused it with nothing remaining.
   */
  take(bucket: BucketName, principalId: string | null): RateDecision {
    const now = this.clock.now();
    const windowMs = this.settings.windowSeconds * 1000;
    let window = this.windows.get(bucket);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, used: 0, byPrincipal: new Map() };
      this.windows.set(bucket, window);
    }
    const reset = Math.ceil((window.start + windowMs) / 1000);
    const orgLimit = this.orgLimit(bucket);
    const enforced = this.settings.enabled;
    if (enforced && window.used >= orgLimit) return { allowed: false, limit: orgLimit, remaining: 0, owner: 'org', reset };

    if (principalId === null) {
      window.used++;
      return { allowed: true, limit: orgLimit, remaining: Math.max(0, orgLimit - window.used), owner: 'org', reset };
    }
    const ceiling = RateLimiter.ceiling(orgLimit, this.shareOf(principalId).percentage);
    const usedByPrincipal = window.byPrincipal.get(principalId) ?? 0;
    if (enforced && usedByPrincipal >= ceiling) return { allowed: false, limit: ceiling, remaining: 0, owner: 'principal', reset };
    window.used++;
    window.byPrincipal.set(principalId, usedByPrincipal + 1);
    const orgRemaining = Math.max(0, orgLimit - window.used);
    const principalRemaining = Math.max(0, ceiling - usedByPrincipal - 1);
    if (principalRemaining < orgRemaining) return { allowed: true, limit: ceiling, remaining: principalRemaining, owner: 'principal', reset };
    return { allowed: true, limit: orgLimit, remaining: orgRemaining, owner: 'org', reset };
  }

  update(changes: RateLimitChanges): void {
    const principals = { ...this.settings.principals };
    for (const [id, share] of Object.entries(changes.principals ?? {})) {
      // An empty object takes a principal back to the defaults.
      if (Object.keys(share).length === 0) delete principals[id];
      else principals[id] = { ...principals[id], ...share };
    }
    this.settings = {
      ...this.settings,
      ...changes,
      principalDefaults: { ...this.settings.principalDefaults, ...changes.principalDefaults },
      principals,
    };
    this.windows.clear();
  }
}
