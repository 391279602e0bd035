import type { OktaClient, OktaUser } from '../okta';
import { usersPage } from '../okta/resources';
import type { PhoneField, PhoneQuery } from './phone-search';

export interface PhoneHit {
  user: OktaUser;
  /** Which of the user's phone fields hold the number. */
  fields: PhoneField[];
}

/**
 * The users whose profile phones hold the number: every search of the query (Okta's first page of
 * each, up to `limit`), merged without repeats, each hit checked again by its normalised number.
 * The answer is in Okta's order of the first search that found each user.
 */
export async function findByPhone(client: OktaClient, query: PhoneQuery, limit: number): Promise<PhoneHit[]> {
  const pages = await Promise.all(query.expressions.map((search) => usersPage(client, { query: { search, limit: String(limit) } })));
  const hits = new Map<string, PhoneHit>();
  for (const page of pages) {
    for (const user of page.users) {
      if (hits.has(user.id)) continue;
      const fields = query.fieldsMatching(user.profile);
      if (fields.length > 0) hits.set(user.id, { user, fields });
    }
  }
  return [...hits.values()].slice(0, limit);
}
