import type { TimelineEntry } from '../../../contract/history';

/** Position of an entry on the timeline: time, then id so equal times still have one order. */
export interface TimelineKey {
  at: number;
  id: string;
}

export const keyOf = (entry: TimelineEntry): TimelineKey => ({ at: Date.parse(entry.at), id: entry.id });

/** Newest first. */
export function newestFirst(a: TimelineEntry, b: TimelineEntry): number {
  return Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Whether `entry` comes after `key` going back in time (strictly older in timeline order). */
export function isOlderThan(entry: TimelineEntry, key: TimelineKey): boolean {
  const at = Date.parse(entry.at);
  return at < key.at || (at === key.at && entry.id < key.id);
}
