import type { AuditRecord } from './audit-record';

/** What a reader is told about an attempt whose outcome was never written. */
export const noOutcomeRecorded =
  'no outcome was recorded: FactorDesk stopped after sending the request and before writing what Okta answered';

/**
 * The journal as outcomes, one per action: each `attempt` record is folded into the outcome that
 * names it (`attemptId`), and an attempt with no outcome becomes an `unknown` outcome of its own,
 * because its request may have reached Okta. Attempts still in flight in this process (their
 * outcome is about to be written) are left out rather than reported unknown. Order is kept.
 */
export function outcomesOf(records: readonly AuditRecord[], inFlight: ReadonlySet<string> = new Set()): AuditRecord[] {
  const closed = new Set<string>();
  for (const record of records) if (record.outcome !== 'attempt' && record.attemptId) closed.add(record.attemptId);
  const outcomes: AuditRecord[] = [];
  for (const record of records) {
    if (record.outcome !== 'attempt') outcomes.push(record);
    else if (!closed.has(record.id) && !inFlight.has(record.id)) {
      outcomes.push({ ...record, outcome: 'unknown', attemptId: record.id, detail: record.detail ? `${record.detail}; ${noOutcomeRecorded}` : noOutcomeRecorded });
    }
  }
  return outcomes;
}
