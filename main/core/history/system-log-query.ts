import { accountEventTypeNames } from './account-event-types';
import { factorEventTypeNames } from './factor-event-types';

/** Okta keeps System Log events for about 90 days; asking for more gets nothing (or an error past 180). */
export const systemLogRetentionDays = 90;
const dayMs = 24 * 60 * 60 * 1000;

function quoted(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** SCIM filter: the user as target or actor, and only the factor and account event types. */
export function systemLogFilter(userId: string): string {
  const types = [...factorEventTypeNames, ...accountEventTypeNames].map((type) => `eventType eq ${quoted(type)}`).join(' or ');
  return `(target.id eq ${quoted(userId)} or actor.id eq ${quoted(userId)}) and (${types})`;
}

export interface SystemLogWindow {
  /** What to ask Okta for; null when the whole range is older than the log keeps. */
  since: Date | null;
  until: Date;
  /** The range starts before the retention limit: older entries can only come from local sources. */
  clipped: boolean;
}

/** The part of [since, until) the System Log can still answer for. */
export function systemLogWindow(since: Date, until: Date, now: Date): SystemLogWindow {
  const oldest = new Date(now.getTime() - systemLogRetentionDays * dayMs);
  const upper = until.getTime() > now.getTime() ? now : until;
  const lower = since.getTime() < oldest.getTime() ? oldest : since;
  if (lower.getTime() >= upper.getTime()) return { since: null, until: upper, clipped: true };
  return { since: lower, until: upper, clipped: lower !== since };
}

export function firstPageQuery(userId: string, window: SystemLogWindow & { since: Date }, pageSize: number): Record<string, string> {
  return {
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    filter: systemLogFilter(userId),
    sortOrder: 'DESCENDING',
    limit: String(pageSize),
  };
}
