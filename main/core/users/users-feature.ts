import { z } from 'zod';
import { FactorDeskError, type UserFactors, type UserPage } from '../../../contract';
import type { userMethods } from '../../../contract/users';
import type { Feature, FeatureContext } from '../feature-context';
import { oktaFactorSchema, oktaUserSchema, type OktaClient, type OktaUser } from '../okta';
import { toFactorSummary } from './map-factor';
import { toUserSummary } from './map-user';
import { isDirectLookup, userSearchExpression } from './user-search';

export type UserMethodName = keyof typeof userMethods;

async function firstPage(
  client: OktaClient,
  path: string,
  query: Record<string, string> | undefined,
): Promise<{ users: OktaUser[]; nextUrl: string | null }> {
  const pages = client.paginate({ path, query, itemSchema: oktaUserSchema });
  try {
    const first = await pages.next();
    if (first.done) return { users: [], nextUrl: null };
    return { users: first.value.items, nextUrl: first.value.nextUrl ?? null };
  } finally {
    await pages.return(undefined);
  }
}

async function getOktaUser(client: OktaClient, idOrLogin: string): Promise<OktaUser> {
  const response = await client.request({
    method: 'GET',
    path: `/api/v1/users/${encodeURIComponent(idOrLogin)}`,
    schema: oktaUserSchema,
  });
  return response.data;
}

export interface UsersFeatureHooks {
  /** Called with every fresh factor listing (the history records what changed); awaited, so keep it quick and never throwing. */
  onFactorsListed?(orgId: string, userId: string, factors: UserFactors['factors']): Promise<void>;
}

/** Finding the caller and seeing their factors. Every answer is mapped through zod, tolerating unknown fields. */
export function createUsersFeature(ctx: FeatureContext, hooks: UsersFeatureHooks = {}): Feature<UserMethodName> {
  async function searchUsers({ query, limit, cursor }: { query: string; limit: number; cursor?: string }): Promise<UserPage> {
    const { client } = ctx.connections.active();
    if (cursor) {
      // The cursor is Okta's own `next` link; the client refuses it unless it is on the org's origin.
      const page = await firstPage(client, cursor, undefined);
      return { users: page.users.map(toUserSummary), nextCursor: page.nextUrl };
    }
    const text = query.trim();
    if (!text) {
      const page = await firstPage(client, '/api/v1/users', { limit: String(limit) });
      return { users: page.users.map(toUserSummary), nextCursor: page.nextUrl };
    }
    if (isDirectLookup(text)) {
      try {
        return { users: [toUserSummary(await getOktaUser(client, text))], nextCursor: null };
      } catch (error) {
        if (!(error instanceof FactorDeskError) || error.data.code !== 'NOT_FOUND') throw error;
        // Not an exact id/login: fall through to a prefix search.
      }
    }
    const page = await firstPage(client, '/api/v1/users', { search: userSearchExpression(text), limit: String(limit) });
    return { users: page.users.map(toUserSummary), nextCursor: page.nextUrl };
  }

  return {
    handlers: {
      searchUsers,
      getUser: async ({ userId }) => toUserSummary(await getOktaUser(ctx.connections.active().client, userId)),
      listFactors: async ({ userId }) => {
        const { client, org } = ctx.connections.active();
        const [user, factors] = await Promise.all([
          getOktaUser(client, userId),
          client.request({
            method: 'GET',
            path: `/api/v1/users/${encodeURIComponent(userId)}/factors`,
            schema: z.array(oktaFactorSchema),
          }),
        ]);
        const listed = {
          user: toUserSummary(user),
          factors: factors.data.map(toFactorSummary),
          fetchedAt: ctx.now().toISOString(),
        };
        await hooks.onFactorsListed?.(org.id, listed.user.id, listed.factors);
        return listed;
      },
    },
  };
}
