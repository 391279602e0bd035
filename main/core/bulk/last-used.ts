import type { OktaClient } from '../okta';
import { systemLogPage } from '../okta/resources';

/** Users per System Log query: one `or` of their ids keeps the URL short and the logs bucket (120 a minute) spared. */
const usersPerQuery = 20;
const retentionDays = 90;
/** A query's pages; past this the oldest uses of very active users are left out rather than the job stalled. */
const maxPagesPerQuery = 20;

/**
 * When each factor was last used to sign in, from the System Log (successful `auth_via_mfa` events,
 * whose targets are the user and the factor enrollment), for many users with one query per batch.
 * Factors never seen in the log's 90 days read `null`.
 */
export async function lastUsedByFactor(client: OktaClient, userIds: readonly string[], now: Date, signal?: AbortSignal): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  const since = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  for (let start = 0; start < userIds.length; start += usersPerQuery) {
    if (signal?.aborted) break;
    const ids = userIds.slice(start, start + usersPerQuery);
    const filter = `eventType eq "user.authentication.auth_via_mfa" and outcome.result eq "SUCCESS" and (${ids.map((id) => `target.id eq "${id}"`).join(' or ')})`;
    let page = await systemLogPage(client, { query: { filter, since, until: now.toISOString(), limit: '1000' } }, signal);
    for (let pages = 1; ; pages += 1) {
      for (const event of page.events) {
        for (const target of event.target ?? []) {
          if (target.type !== 'AuthenticatorEnrollment' || !target.id) continue;
          const seen = latest.get(target.id);
          if (!seen || seen < event.published) latest.set(target.id, event.published);
        }
      }
      if (!page.nextUrl || pages >= maxPagesPerQuery) break;
      page = await systemLogPage(client, { nextUrl: page.nextUrl }, signal);
    }
  }
  return latest;
}
