import type { EnrollmentPlace } from '../../../contract/recovery';
import type { OktaLogEvent } from '../okta/schemas';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/**
 * Where a System Log event's client was: `client.geographicalContext` (full names, as Okta writes
 * them), `client.ipAddress`, and `securityContext` (`isProxy`, the network's `asOrg`). Read leniently:
 * any of it may be missing (Okta leaves geography out for addresses it cannot place). Null when the
 * event says nothing about where it came from.
 */
export function placeOf(event: OktaLogEvent): EnrollmentPlace | null {
  const client = record(event.client);
  const geo = record(client.geographicalContext);
  const security = record(event.securityContext);
  const place: EnrollmentPlace = {
    city: text(geo.city),
    state: text(geo.state),
    country: text(geo.country),
    ipAddress: text(client.ipAddress),
    isProxy: typeof security.isProxy === 'boolean' ? security.isProxy : null,
    network: text(security.asOrg) ?? text(security.isp),
  };
  return place.country || place.city || place.ipAddress || place.isProxy !== null ? place : null;
}
