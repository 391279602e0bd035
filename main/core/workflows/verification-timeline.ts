import type { CallerVerificationStatus, FailedCheck, FailedCheckReason, RecentVerification } from '../../../contract/workflows';
import type { AuditRecord } from '../audit';

/** Default window in which a passed test push / code check counts as caller verification. */
export const DEFAULT_VERIFICATION_WINDOW_MINUTES = 10;

/** Journal records at or after `since`, in the order they were written. */
export type ReadJournalSince = (since: Date) => Promise<AuditRecord[]>;

/** What one journal record means for the caller's verification. */
type CheckEvent =
  | { kind: 'pass'; id: string; at: number; pass: Omit<RecentVerification, 'validUntil'> }
  | { kind: 'fail'; id: string; at: number; check: FailedCheck }
  | { kind: 'end'; id: string; at: number };

const pushFailures: Partial<Record<AuditRecord['outcome'], FailedCheckReason>> = {
  rejected: 'denied',
  timeout: 'timed_out',
  cancelled: 'cancelled',
  failure: 'not_followed',
  unknown: 'no_known_result',
};

/**
 * Reads a journal record as a step of the caller's verification: a passed check, a failed one, or
 * the agent ending the call. Everything else (enrollments, resets, attempts, a code check that
 * failed for reasons that say nothing about the caller, such as a network outage) is not a step.
 */
export function checkEventOf(record: AuditRecord): CheckEvent | null {
  const at = Date.parse(record.time);
  if (!Number.isFinite(at)) return null;
  const base = { id: record.id, at };
  if (record.action === 'end_call') return record.outcome === 'success' ? { ...base, kind: 'end' } : null;
  if (record.action !== 'verify_push' && record.action !== 'verify_code') return null;
  if (record.outcome === 'success') {
    if (!record.factorId || !record.factorType) return null;
    const method = record.action === 'verify_push' ? 'test_push' : 'code_check';
    return { ...base, kind: 'pass', pass: { userId: record.userId, factorId: record.factorId, factorType: record.factorType, method, verifiedAt: record.time } };
  }
  const reason = failureReason(record);
  if (!reason) return null;
  return { ...base, kind: 'fail', check: { factorId: record.factorId ?? null, factorType: record.factorType ?? null, reason, at: record.time } };
}

function failureReason(record: AuditRecord): FailedCheckReason | null {
  if (record.action === 'verify_push') return pushFailures[record.outcome] ?? null;
  if (record.outcome === 'unknown') return 'no_known_result';
  if (record.outcome !== 'failure') return null;
  // Only Okta's "that is not right" says something about the caller; a throttle or an outage does not.
  if (record.errorCode === 'WRONG_CODE') return record.factorType === 'question' ? 'wrong_answer' : 'wrong_code';
  // Okta answers a wrong code with 403 E0000068; a 403 whose body could not be read may have been just that.
  if (record.stage === 'at_okta' && record.errorCode === 'PERMISSION_DENIED' && !record.oktaErrorCode) return 'no_known_result';
  return null;
}

/**
 * The caller verification of every user, as a timeline rebuilt from the audit journal (which holds
 * every check's outcome before the agent sees it), not as a cache of the latest success: a pass
 * counts only while no later check of that user has failed, the agent has not ended the call, and
 * the window has not run out. Kept per org and user, so nothing carries from one user or org to
 * another. The journal is read once, on the first lookup after launch, and replayed, so a failure
 * after a pass is still a failure after a restart; from then on every record is noted as written.
 */
export class VerificationTimeline {
  private readonly byUser = new Map<string, CheckEvent[]>();
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly readJournalSince: ReadJournalSince,
    readonly windowMinutes: number = DEFAULT_VERIFICATION_WINDOW_MINUTES,
  ) {}

  private get windowMs(): number {
    return this.windowMinutes * 60_000;
  }

  /** Note a journal record just written; true when it is a step of its user's verification. */
  note(record: AuditRecord): boolean {
    const event = checkEventOf(record);
    if (!event) return false;
    const key = userKey(record.orgId, record.userId);
    const events = this.byUser.get(key) ?? [];
    if (events.some((known) => known.id === event.id)) return false;
    events.push(event);
    // Stable: records of the same millisecond stay in the order they were written.
    events.sort((a, b) => a.at - b.at);
    this.byUser.set(key, events);
    return true;
  }

  /** The user's verification at `now`: the pass that counts, or what voided it. */
  async status(orgId: string, userId: string, now: Date): Promise<CallerVerificationStatus> {
    this.loaded ??= this.loadFromJournal(now);
    await this.loaded;
    const key = userKey(orgId, userId);
    const since = now.getTime() - this.windowMs;
    const events = (this.byUser.get(key) ?? []).filter((event) => event.at > since);
    if (events.length === 0) this.byUser.delete(key);
    else this.byUser.set(key, events);

    const lastPass = events.findLastIndex((event) => event.kind === 'pass');
    const pass = lastPass >= 0 ? (events[lastPass] as Extract<CheckEvent, { kind: 'pass' }>) : null;
    const after = events.slice(lastPass + 1);
    const failures = after.filter((event): event is Extract<CheckEvent, { kind: 'fail' }> => event.kind === 'fail');
    const ended = pass ? after.find((event) => event.kind === 'end') : undefined;
    const passed = pass ? { ...pass.pass, validUntil: new Date(pass.at + this.windowMs).toISOString() } : null;
    const voided = failures.length > 0 || ended !== undefined;
    return {
      userId,
      verified: passed && !voided && Date.parse(passed.validUntil) > now.getTime() ? passed : null,
      failedCheck: failures.at(-1)?.check ?? null,
      voidedPass: failures.length > 0 ? passed : null,
      callEndedAt: ended ? new Date(ended.at).toISOString() : null,
      windowMinutes: this.windowMinutes,
    };
  }

  private async loadFromJournal(now: Date): Promise<void> {
    try {
      // Replayed in the order written; records already noted since launch are recognised by id.
      for (const record of await this.readJournalSince(new Date(now.getTime() - this.windowMs))) this.note(record);
    } catch {
      // An unreadable journal only means asking the agent how the caller was verified; try again next time.
      this.loaded = undefined;
    }
  }
}

const userKey = (orgId: string, userId: string): string => `${orgId}\u0000${userId}`;
