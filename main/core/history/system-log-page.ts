import { z } from 'zod';
import { FactorDeskError } from '../../../contract/errors';
import { oktaLogEventSchema, type OktaClient, type OktaLogEvent } from '../okta';

export interface SystemLogPage {
  events: OktaLogEvent[];
  /** Time (ms) of the oldest event on the page, mapped or not; null for an empty page. */
  oldestAt: number | null;
  nextUrl: string | null;
}

/**
 * One page of System Log events: the first (path + query) or a later one (Okta's `next` link).
 * Events Okta sends in a shape we cannot read are skipped, not fatal: one odd event must not hide
 * the rest of the history.
 */
export async function fetchSystemLogPage(
  client: OktaClient,
  request: { path: string; query?: Record<string, string> },
  signal?: AbortSignal,
): Promise<SystemLogPage> {
  const pages = client.paginate({ path: request.path, query: request.query, itemSchema: z.unknown(), signal });
  try {
    const first = await pages.next();
    if (first.done) return { events: [], oldestAt: null, nextUrl: null };
    const events: OktaLogEvent[] = [];
    let oldestAt: number | null = null;
    for (const item of first.value.items) {
      const parsed = oktaLogEventSchema.safeParse(item);
      if (!parsed.success) continue;
      const at = Date.parse(parsed.data.published);
      if (Number.isNaN(at)) continue;
      events.push(parsed.data);
      oldestAt = oldestAt === null ? at : Math.min(oldestAt, at);
    }
    // An empty page ends a bounded query even if Okta still sends a next link.
    const nextUrl = first.value.items.length > 0 ? first.value.nextUrl : null;
    return { events, oldestAt, nextUrl };
  } finally {
    await pages.return(undefined);
  }
}

/** True for Okta's "you may not read this" (E0000006, or 403 in general). */
export function isPermissionDenied(error: unknown): boolean {
  return error instanceof FactorDeskError && (error.data.code === 'PERMISSION_DENIED' || error.data.httpStatus === 403);
}
