/** Dates and times as agents read them: relative ("3 days ago") beside the exact time with its zone, and clock times. */
import { zoneAbbreviation } from '../../../contract/time-zone';

const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const compactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const clockWithSecondsFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatAbsolute(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? absoluteFormat.format(date) : '';
}

/**
 * "12 Mar 2024, 14:02 CET": the agent's local time in their locale's words, with the zone, so a
 * time read out or pasted into a ticket means one moment. `compact` ("12/03/2024, 14:02") and
 * without the zone where a table's heading names it.
 */
export function formatExact(iso: string | null | undefined, options: { zone?: boolean; compact?: boolean } = {}): string {
  const date = parse(iso);
  if (!date) return '';
  const words = (options.compact ? compactFormat : absoluteFormat).format(date);
  return options.zone === false ? words : `${words} ${zoneAbbreviation(date)}`;
}

/** The agent's time zone now, as it reads: "CET". */
export function localZone(at: Date = new Date()): string {
  return zoneAbbreviation(at);
}

export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** "10:42" in the agent's local time; empty for a missing or unreadable time. */
export function clockTime(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? clockFormat.format(date) : '';
}

/** "10:42:15": for rate limits, where the minute alone is too coarse. */
export function clockTimeWithSeconds(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? clockWithSecondsFormat.format(date) : '';
}
