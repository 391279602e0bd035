import type { Org } from '../org';

/**
 * The address of a user's phone page with its key. The key rides in the fragment (`#key=…`):
 * browsers never send a fragment to the server, so it stays out of request lines, logs and
 * `Referer` headers; the page reads it and sends it with each of its own calls.
 */
export function phonePageUrl(org: Org, userId: string, key: string): string {
  return `${org.url(`/sandbox/phone/${encodeURIComponent(userId)}`)}#key=${encodeURIComponent(key)}`;
}
