/**
 * Removing Okta Verify push or FastPass removes the device's other Okta Verify factors too. The
 * reset's journal record says which, in its detail ("Okta also removed Okta Verify (code) ost…,
 * Okta FastPass crp…"), so the History can tell those factors' echoes belong to that reset.
 */
const LEAD = 'Okta also removed ';
const OKTA_ID = /\b[0-9A-Za-z]{20}\b/g;

/** The detail part naming the factors Okta removed along with the one reset. */
export function removedAlongDetail(factors: ReadonlyArray<{ label: string; id: string }>): string {
  return `${LEAD}${factors.map((factor) => `${factor.label} ${factor.id}`).join(', ')}`;
}

/** The factor ids a reset's detail says Okta removed along with it ([] when it says none). */
export function removedAlongIds(detail: string | undefined): string[] {
  const start = detail?.indexOf(LEAD) ?? -1;
  if (!detail || start < 0) return [];
  const part = detail.slice(start + LEAD.length).split(';')[0] ?? '';
  return part.match(OKTA_ID) ?? [];
}
