import type { TimelineEntry } from '../../../contract/history';

/** Position of an entry on the timeline: time, then id so equal times still have one order. */
export interface TimelineKey {
  at: number;
  id: string;
}

export const keyOf = (entry: TimelineEntry): TimelineKey => ({ at: Date.parse(entry.at), id: entry.id });

/**
 * Within one millisecond: Okta's event (`sl:`), then FactorDesk's journal record of it (`jr:`,
 * written once Okta had answered), then what a later listing observed (`ob:`); the empty id (a page
 * boundary) comes before everything. Journal and observation ids keep their own (time-ordered)
 * order. Okta's events keep the order the System Log gives them: Identity Engine logs an Okta
 * Verify device's push, code and FastPass in the same millisecond, and their uuids are random, so
 * only the log's own order is the same on every page (callers sort stably, log entries in log order).
 */
const sourceRank: Record<string, string> = { 'sl:': '0', 'jr:': '1', 'ob:': '2' };
const tieOrder = (id: string): string => (id === '' ? '' : id.startsWith('sl:') ? '0' : `${sourceRank[id.slice(0, 3)] ?? '3'}${id}`);

function compareAtTie(a: string, b: string): number {
  const left = tieOrder(a);
  const right = tieOrder(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Newest first; System Log entries of the same millisecond keep their given order (a stable sort). */
export function newestFirst(a: TimelineEntry, b: TimelineEntry): number {
  return Date.parse(b.at) - Date.parse(a.at) || compareAtTie(b.id, a.id);
}

/** Whether `entry` comes after `key` going back in time (strictly older in timeline order). */
export function isOlderThan(entry: TimelineEntry, key: TimelineKey): boolean {
  const at = Date.parse(entry.at);
  return at < key.at || (at === key.at && compareAtTie(entry.id, key.id) < 0);
}
