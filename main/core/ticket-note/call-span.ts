import type { AuditRecord } from '../audit';

export interface CallRecords {
  /** The call's records, oldest first. */
  records: AuditRecord[];
  /** When the agent ended it (the `end_call` record's time); null while it goes on. */
  endedAt: string | null;
}

/**
 * The records of the current call with one user, from their records of this session (oldest
 * first): everything after the last time the agent ended a call with them. The same `end_call`
 * records stop a passed check from counting (workflows/verification-timeline.ts). When nothing was
 * done since the call was ended, the ended call is still the current one: agents end the call,
 * then write it up.
 */
export function currentCall(records: readonly AuditRecord[]): CallRecords {
  const ends = records.flatMap((record, index) => (record.action === 'end_call' && record.outcome === 'success' ? [index] : []));
  const lastEnd = ends.at(-1);
  if (lastEnd === undefined) return { records: [...records], endedAt: null };
  if (lastEnd < records.length - 1) return { records: records.slice(lastEnd + 1), endedAt: null };
  const previousEnd = ends.at(-2) ?? -1;
  return { records: records.slice(previousEnd + 1, lastEnd + 1), endedAt: (records[lastEnd] as AuditRecord).time };
}
