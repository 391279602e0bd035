import { evaluate } from '../scim-filter';
import type { EventLog, LogEvent } from './event-log';
import type { LogQuery } from './requests';

const DAY_MS = 86_400_000;
/** How long the System Log keeps events: older ones are never answered, whatever the query asks. */
export const RETENTION_DAYS = 90;

/** Reads a dotted attribute from an event; arrays (like `target`) yield every element's value. */
export function readEventAttribute(event: LogEvent, attribute: string): unknown {
  let values: unknown[] = [event];
  for (const part of attribute.split('.')) {
    const next: unknown[] = [];
    for (const value of values) {
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object') next.push((item as Record<string, unknown>)[part]);
      } else if (value && typeof value === 'object') {
        next.push((value as Record<string, unknown>)[part]);
      }
    }
    values = next.flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  const present = values.filter((v) => v !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present;
}

function keywordsOf(event: LogEvent): Set<string> {
  const words = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      words.add(lower);
      for (const piece of lower.split(/[\s\-,;()"]+/)) if (piece) words.add(piece);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(event);
  return words;
}

export interface LogPage {
  events: LogEvent[];
  /** The `after` and `limit` of the next page, or null when there is none. */
  next: Record<string, string> | null;
}

/**
 * One page of the System Log: events between `since` (default: seven days before `until`) and
 * `until` (default: now) that match the filter and keywords, after the cursor. Events older than
 * the 90-day retention (on the org clock) are left out: "queries that exceed the retention period
 * succeed, but only those results that have a published timestamp within the window are returned".
 * Ascending queries without `until` are polling queries and always have a next page.
 */
export function searchLog(log: EventLog, query: LogQuery, now: number): LogPage {
  const { descending, limit, filter, keywords, after } = query;
  const upper = query.until ?? now;
  const lower = Math.max(query.since ?? upper - 7 * DAY_MS, now - RETENTION_DAYS * DAY_MS);
  const matches = log.events.filter((event) => {
    if (after !== undefined ? (descending ? event.sequence >= after : event.sequence <= after) : false) return false;
    if (event.publishedAt < lower || event.publishedAt > upper) return false;
    if (filter && !evaluate(filter, (attribute) => readEventAttribute(event, attribute), false)) return false;
    if (keywords.length) {
      const words = keywordsOf(event);
      if (!keywords.every((k) => words.has(k))) return false;
    }
    return true;
  });
  if (descending) matches.reverse();
  const page = matches.slice(0, limit);
  const polling = !descending && query.until === undefined;
  const last = page[page.length - 1];
  const cursor = last ? String(last.sequence) : after !== undefined ? String(after) : String(log.events.at(-1)?.sequence ?? 0);
  return {
    events: page.map(({ sequence: _sequence, publishedAt: _publishedAt, ...event }) => event),
    next: matches.length > limit || polling ? { after: cursor, limit: String(limit) } : null,
  };
}
