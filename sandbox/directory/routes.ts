import type { FastifyPluginAsync } from 'fastify';
import { notFound, validation } from '../errors';
import { resetAllFactors } from '../factors/service';
import type { Org } from '../org';
import { pageLinks, parseLimit } from '../paging';
import { requires } from '../permissions';
import { adminContext, principalUser, queryOf, type Query } from '../request-context';
import { clearSessions, unlockUser } from './lifecycle';
import { userJson } from './serialize';

const MAX_LIMIT = 200;

/** A boolean query parameter: `true` or `false` (any case), else 400 E0000001 naming it. */
function booleanParameter(query: Query, name: string, fallback: boolean): boolean {
  const value = query[name];
  if (value === undefined || value === '') return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw validation(name, [`${name}: must be true or false`]);
}

/** The Users API: list and search, get (`me` too), reset_factors, unlock, and clearing sessions. */
export const userRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  app.get('/api/v1/users', requires('okta.users.read'), async (request, reply) => {
    const query = queryOf(request);
    const limit = parseLimit(query.limit, org.directory.defaultLimit(query), MAX_LIMIT);
    // An admin limited to groups lists only the users in them.
    const page = org.directory.page(query, query.after, limit, request.access?.userFilter());
    const last = page.users.at(-1);
    reply.header('link', pageLinks(org.origin, '/api/v1/users', query, page.more && last ? { after: last.id, limit: String(limit) } : null));
    return page.users.map((u) => userJson(org, u, false));
  });

  app.get<{ Params: { idOrLogin: string } }>('/api/v1/users/:idOrLogin', requires('okta.users.read'), async (request) => {
    // `me` is the user the credential acts as (Okta's "Get current user").
    if (request.params.idOrLogin !== 'me') return userJson(org, org.user(request.params.idOrLogin), true);
    const me = principalUser(org, request.principal);
    if (!me) throw notFound('me', 'User');
    return userJson(org, me, true);
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/reset_factors', requires('okta.users.manage'), async (request) => {
    resetAllFactors(org, adminContext(org, request), org.user(request.params.id));
    return {};
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/unlock', requires('okta.users.manage'), async (request) => {
    unlockUser(org, adminContext(org, request), org.user(request.params.id));
    return {};
  });

  app.delete<{ Params: { userId: string } }>('/api/v1/users/:userId/sessions', requires('okta.users.manage'), async (request, reply) => {
    const user = org.user(request.params.userId);
    const query = queryOf(request);
    // Okta: `oauthTokens` defaults to false; `forgetDevices` to true (false in Classic).
    const options = {
      oauthTokens: booleanParameter(query, 'oauthTokens', false),
      forgetDevices: booleanParameter(query, 'forgetDevices', org.engine === 'oie'),
    };
    await clearSessions(org, adminContext(org, request), user, options);
    return reply.code(204).send();
  });
};
