import type { RecentVerification } from '../../../contract/workflows';
import type { AuditRecord } from '../audit';

/** Default window in which a passed test push / code check counts as caller verification. */
export const DEFAULT_VERIFICATION_WINDOW_MINUTES = 10;

/** Journal records at or after `since` (oldest first). */
export type ReadJournalSince = (since: Date) => Promise<AuditRecord[]>;

/**
 * Passed checks per org and user, derived from the audit journal, which records every check's
 * outcome before the agent sees it. The journal is read once, on the first lookup after launch
 * (so an agent who restarts the app mid-call keeps the caller's pass); from then on every new
 * pass is remembered as its journal record is written. Only the latest pass per user matters.
 */
export class RecentVerifications {
  private readonly passes = new Map<string, RecentVerification>();
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly readJournalSince: ReadJournalSince,
    readonly windowMinutes: number = DEFAULT_VERIFICATION_WINDOW_MINUTES,
  ) {}

  /** Note a journal record; a passed test push or code check becomes the user's recent verification. */
  remember(record: AuditRecord): RecentVerification | null {
    const method = passMethod(record);
    if (!method || !record.factorId || !record.factorType) return null;
    const recent: RecentVerification = {
      userId: record.userId,
      factorId: record.factorId,
      factorType: record.factorType,
      method,
      verifiedAt: record.time,
      validUntil: new Date(Date.parse(record.time) + this.windowMinutes * 60_000).toISOString(),
    };
    const key = passKey(record.orgId, record.userId);
    const known = this.passes.get(key);
    if (!known || Date.parse(known.verifiedAt) <= Date.parse(recent.verifiedAt)) this.passes.set(key, recent);
    return recent;
  }

  /** The latest pass still inside the window at `now`, if any. */
  async find(orgId: string, userId: string, now: Date): Promise<RecentVerification | null> {
    this.loaded ??= this.loadFromJournal(now);
    await this.loaded;
    const recent = this.passes.get(passKey(orgId, userId));
    if (!recent) return null;
    if (Date.parse(recent.validUntil) <= now.getTime()) {
      this.passes.delete(passKey(orgId, userId));
      return null;
    }
    return recent;
  }

  private async loadFromJournal(now: Date): Promise<void> {
    try {
      for (const record of await this.readJournalSince(new Date(now.getTime() - this.windowMinutes * 60_000))) this.remember(record);
    } catch {
      // An unreadable journal only means asking the agent how the caller was verified; try again next time.
      this.loaded = undefined;
    }
  }
}

function passMethod(record: AuditRecord): RecentVerification['method'] | null {
  if (record.outcome !== 'success') return null;
  if (record.action === 'verify_push') return 'test_push';
  if (record.action === 'verify_code') return 'code_check';
  return null;
}

const passKey = (orgId: string, userId: string): string => `${orgId}\u0000${userId}`;
