import type { RecentVerification } from '../../../contract/workflows';

/** Default window in which a passed test push / code check counts as caller verification. */
export const DEFAULT_VERIFICATION_WINDOW_MINUTES = 10;

/**
 * Passed checks per org and user, kept in memory only: a restart forgets them, which errs on the
 * side of asking again. Only the latest pass per user matters.
 */
export class RecentVerifications {
  private readonly passes = new Map<string, RecentVerification>();

  constructor(readonly windowMinutes: number = DEFAULT_VERIFICATION_WINDOW_MINUTES) {}

  record(orgId: string, pass: Omit<RecentVerification, 'validUntil'>): RecentVerification {
    const validUntil = new Date(Date.parse(pass.verifiedAt) + this.windowMinutes * 60_000).toISOString();
    const recent: RecentVerification = { ...pass, validUntil };
    this.passes.set(key(orgId, pass.userId), recent);
    return recent;
  }

  /** The latest pass still inside the window at `now`, if any. */
  find(orgId: string, userId: string, now: Date): RecentVerification | null {
    const recent = this.passes.get(key(orgId, userId));
    if (!recent) return null;
    if (Date.parse(recent.validUntil) <= now.getTime()) {
      this.passes.delete(key(orgId, userId));
      return null;
    }
    return recent;
  }
}

const key = (orgId: string, userId: string): string => `${orgId}\u0000${userId}`;
