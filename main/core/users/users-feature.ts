import { FactorDeskError, type UserFactors, type UserPage } from '../../../contract';
import type { userMethods } from '../../../contract/users';
import { toFactorSummaries } from '../factors/factor-summary';
import type { Connections, Feature } from '../feature-context';
import { getUser, getUserByLogin, listFactors, usersPage, type UsersPage } from '../okta/resources';
import { toUserSummary } from './map-user';
import { directLookup, userSearchExpression } from './user-search';

export type UserMethodName = keyof typeof userMethods;

export interface UsersFeatureDeps {
  connections: Connections;
  now(): Date;
  /** Called with every fresh factor listing (the history records what changed); awaited, so keep it quick and never throwing. */
  onFactorsListed?(orgId: string, userId: string, factors: UserFactors['factors']): Promise<void>;
}

const toUserPage = (page: UsersPage): UserPage => ({ users: page.users.map(toUserSummary), nextCursor: page.nextUrl });

/** Finding the caller and seeing their factors. Every answer is mapped through zod, tolerating unknown fields. */
export function createUsersFeature(deps: UsersFeatureDeps): Feature<UserMethodName> {
  async function searchUsers({ query, limit, cursor }: { query: string; limit: number; cursor?: string }): Promise<UserPage> {
    const { client } = deps.connections.active();
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
    return toUserPage(await usersPage(client, { query: { search: userSearchExpression(text), limit: String(limit) } }));
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
