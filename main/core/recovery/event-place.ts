import type { EnrollmentPlace } from '../../../contract/recovery';
import type { OktaLogEvent } from '../okta/schemas';
import { networkOf, placeOf as geographyOf } from '../risk/log-reading';

/**
 * Where a System Log event's client was, for the re-enrollment watch: `client.geographicalContext`
 * (full names, as Okta writes them), `client.ipAddress`, and the network from `securityContext`,
 * read by the same rules as the risk card (risk/log-reading.ts): an anonymizer is Okta's `isProxy`,
 * an anonymous IP service category, or the debug data's proxy words. Any of it may be missing (Okta
 * leaves geography out for addresses it cannot place). Null when the event says nothing of where.
 */
export function placeOf(event: OktaLogEvent): EnrollmentPlace | null {
  const geography = geographyOf(event);
  const network = networkOf(event);
  const saysProxy = typeof (event.securityContext as { isProxy?: unknown } | null | undefined)?.isProxy === 'boolean';
  const place: EnrollmentPlace = {
    city: geography?.city ?? null,
    state: geography?.state ?? null,
    country: geography?.country ?? null,
    ipAddress: network.ipAddress,
    isProxy: network.anonymizer ? true : saysProxy ? false : null,
    network: network.asOrg ?? network.isp,
  };
  return place.country || place.city || place.ipAddress || place.isProxy !== null ? place : null;
}
