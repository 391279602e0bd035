import type { FastifyPluginAsync } from 'fastify';
import { resetAllFactors } from '../factors/service';
import type { Org } from '../org';
import { pageLinks, parseLimit } from '../paging';
import { requires } from '../permissions';
import { adminContext, queryOf } from '../request-context';
import { unlockUser } from './lifecycle';
import { userJson } from './serialize';

const MAX_LIMIT = 200;

/** The Users API: list and search, get (`me` too), reset_factors and unlock. */
export const userRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  app.get('/api/v1/users', requires('okta.users.read'), async (request, reply) => {
    const query = queryOf(request);
    const limit = parseLimit(query.limit, org.directory.defaultLimit(query), MAX_LIMIT);
    const page = org.directory.page(query, query.after, limit);
    const last = page.users.at(-1);
    reply.header('link', pageLinks(org.origin, '/api/v1/users', query, page.more && last ? { after: last.id, limit: String(limit) } : null));
    return page.users.map((u) => userJson(org, u, false));
  });

  app.get<{ Params: { idOrLogin: string } }>('/api/v1/users/:idOrLogin', requires('okta.users.read'), async (request) => {
    // `me` is the user the API token belongs to (Okta's "Get current user").
    const user = request.params.idOrLogin === 'me' ? org.tokenOwner(request.caller === 'readOnly') : org.user(request.params.idOrLogin);
    return userJson(org, user, true);
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/reset_factors', requires('okta.users.manage'), async (request) => {
    resetAllFactors(org, adminContext(org, request), org.user(request.params.id));
    return {};
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/unlock', requires('okta.users.manage'), async (request) => {
    unlockUser(org, adminContext(org, request), org.user(request.params.id));
    return {};
  });
};
