import { FactorDeskError, type UserFactors, type UserPage } from '../../../contract';
import type { userMethods } from '../../../contract/users';
import { toFactorSummary } from '../factors/factor-summary';
import type { Connections, Feature } from '../feature-context';
import { getUser, listFactors, usersPage, type UsersPage } from '../okta/resources';
import { toUserSummary } from './map-user';
import { isDirectLookup, userSearchExpression } from './user-search';

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
    // The cursor is Okta's own `next` link; the client refuses it unless it is on the org's origin.
    if (cursor) return toUserPage(await usersPage(client, { nextUrl: cursor }));
    const text = query.trim();
    if (!text) return toUserPage(await usersPage(client, { query: { limit: String(limit) } }));
    if (isDirectLookup(text)) {
      try {
        return { users: [toUserSummary(await getUser(client, text))], nextCursor: null };
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
        const listed = { user: toUserSummary(user), factors: factors.map(toFactorSummary), fetchedAt: deps.now().toISOString() };
        await deps.onFactorsListed?.(org.id, listed.user.id, listed.factors);
        return listed;
      },
    },
  };
}
