import { z } from 'zod';
import type { OktaClient } from '../client';
import { oktaLogEventSchema, type OktaLogEvent } from '../schemas';
import { firstPage } from './first-page';
import { readPageCursor, systemLogList } from './page-cursor';
import { systemLogPath } from './paths';

export interface SystemLogPage {
  events: OktaLogEvent[];
  /** Time (ms) of the oldest event on the page, mapped or not; null for an empty page. */
  oldestAt: number | null;
  nextUrl: string | null;
}

/**
 * One page of System Log events: the first (query) or a later one (Okta's `next` link, checked to
 * be the System Log's own: it comes back from the renderer inside the history cursor). Events
 * Okta sends in a shape we cannot read are skipped, not fatal: one odd event must not hide the rest.
 */
export async function systemLogPage(client: OktaClient, request: { query: Record<string, string> } | { nextUrl: string }, signal?: AbortSignal): Promise<SystemLogPage> {
  const query = 'nextUrl' in request ? readPageCursor(client.origins, request.nextUrl, systemLogList) : request.query;
  const page = await firstPage(client, { path: systemLogPath, query, signal }, z.unknown());
  const events: OktaLogEvent[] = [];
  let oldestAt: number | null = null;
  for (const item of page.items) {
    const parsed = oktaLogEventSchema.safeParse(item);
    if (!parsed.success) continue;
    const at = Date.parse(parsed.data.published);
    if (Number.isNaN(at)) continue;
    events.push(parsed.data);
    oldestAt = oldestAt === null ? at : Math.min(oldestAt, at);
  }
  // An empty page ends a bounded query even if Okta still sends a next link.
  return { events, oldestAt, nextUrl: page.items.length > 0 ? page.nextUrl : null };
}

/** Whether the token may read the System Log at all; the events are not read. */
export async function readAnyLogEvent(client: OktaClient): Promise<void> {
  await client.request({ method: 'GET', path: systemLogPath, query: { limit: '1' }, schema: z.array(z.unknown()) });
}
