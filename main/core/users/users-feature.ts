import { FactorDeskError, type PhoneMatch, type UserFactors, type UserPage } from '../../../contract';
import type { userMethods } from '../../../contract/users';
import { toFactorSummaries } from '../factors/factor-summary';
import type { ActiveOrg, Connections, Feature } from '../feature-context';
import { getUser, getUserByLogin, listFactors, usersPage, type UsersPage } from '../okta/resources';
import { findByPhone, type PhoneHit } from './find-by-phone';
import { toUserSummary } from './map-user';
import { phoneRegionOf } from './phone-region';
import { phoneQuery } from './phone-search';
import { directLookup, userSearchExpression } from './user-search';

export type UserMethodName = keyof typeof userMethods;

export interface UsersFeatureDeps {
  connections: Connections;
  now(): Date;
  /** Called with every fresh factor listing (the history records what changed); awaited, so keep it quick and never throwing. */
  onFactorsListed?(orgId: string, userId: string, factors: UserFactors['factors']): Promise<void>;
  /** The agent's locale, for phone numbers typed without a country code (default: this computer's). */
  locale?: string;
}

const toUserPage = (page: UsersPage): UserPage => ({ users: page.users.map(toUserSummary), nextCursor: page.nextUrl });

/**
 * Why the phone number search gave nothing, in words for the search results; the name and email
 * results still stand. Okta refusing the search itself (too long, too complex) is said apart from
 * a busy or failing org.
 */
function phoneSearchProblem(error: FactorDeskError): string {
  const why = error.data.message.replace(/\.$/, '');
  switch (error.data.code) {
    case 'VALIDATION':
    case 'INVALID_INPUT':
      return `Okta refused the phone number search (${why}), so only names and emails were searched.`;
    case 'RATE_LIMITED': {
      const until = error.data.retryAt ? new Date(error.data.retryAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : null;
      return `Okta is rate-limiting user searches, so phone numbers were not searched; search again ${until ? `after ${until}` : 'in a minute'}.`;
    }
    default:
      return `The phone number search failed (${why}), so only names and emails were searched; search again to retry.`;
  }
}

/** Finding the caller and seeing their factors. Every answer is mapped through zod, tolerating unknown fields. */
export function createUsersFeature(deps: UsersFeatureDeps): Feature<UserMethodName> {
  /**
   * The number on the agent's phone display, next to the name search: the users whose mobile or
   * primary phone hold it come first, saying which field matched; then the name and email hits
   * (without repeats). Later pages are the name search's.
   */
  async function withPhoneMatches(active: ActiveOrg, text: string, limit: number, byName: Promise<UserPage>): Promise<UserPage> {
    const { region, regionSource } = phoneRegionOf(active.org, deps.locale);
    const query = phoneQuery(text, region);
    if (!query) return byName;
    const info = { e164: query.e164, region, regionSource };
    const [named, phone] = await Promise.all([
      byName,
      findByPhone(active.client, query, limit).catch((error: unknown) => {
        if (error instanceof FactorDeskError) return error;
        throw error;
      }),
    ]);
    if (phone instanceof FactorDeskError) return { ...named, phoneSearch: { ...info, problem: phoneSearchProblem(phone) } };
    const phoneMatches: PhoneMatch[] = phone.map((hit: PhoneHit) => ({
      userId: hit.user.id,
      fields: hit.fields,
      numbers: hit.fields.map((field) => hit.user.profile[field] ?? '').filter(Boolean),
    }));
    const found = new Set(phone.map((hit) => hit.user.id));
    return {
      users: [...phone.map((hit) => toUserSummary(hit.user)), ...named.users.filter((user) => !found.has(user.id))],
      nextCursor: named.nextCursor,
      phoneMatches,
      phoneSearch: info,
    };
  }

  async function searchUsers({ query, limit, cursor }: { query: string; limit: number; cursor?: string }): Promise<UserPage> {
    const active = deps.connections.active();
    const { client } = active;
    // The cursor is Okta's own `next` link; only this list's own next links on the org are followed.
    if (cursor) return toUserPage(await usersPage(client, { nextUrl: cursor }));
    const text = query.trim();
    if (!text) return toUserPage(await usersPage(client, { query: { limit: String(limit) } }));
    const exact = directLookup(text);
    if (exact) {
      try {
        const user = 'userId' in exact ? await getUser(client, exact.userId) : await getUserByLogin(client, exact.login);
        return { users: [toUserSummary(user)], nextCursor: null };
      } catch (error) {
        if (!(error instanceof FactorDeskError) || error.data.code !== 'NOT_FOUND') throw error;
        // Not an exact id/login: fall through to a prefix search.
      }
    }
    const byName = usersPage(client, { query: { search: userSearchExpression(text), limit: String(limit) } }).then(toUserPage);
    return withPhoneMatches(active, text, limit, byName);
  }

  return {
    handlers: {
      searchUsers,
      getUser: async ({ userId }) => toUserSummary(await getUser(deps.connections.active().client, userId)),
      listFactors: async ({ userId }) => {
        const { client, org } = deps.connections.active();
        const [user, factors] = await Promise.all([getUser(client, userId), listFactors(client, userId)]);
        const listed: UserFactors = { user: toUserSummary(user), ...toFactorSummaries(factors), fetchedAt: deps.now().toISOString() };
        await deps.onFactorsListed?.(org.id, listed.user.id, listed.factors);
        return listed;
      },
    },
  };
}
