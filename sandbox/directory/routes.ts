import type { FastifyInstance } from 'fastify';
import { resetAllFactors } from '../factors/service';
import type { Org } from '../org';
import { unlockUser } from './lifecycle';
import { pageLinks, parseLimit } from '../paging';
import { adminContext, queryOf } from '../request-context';
import { userJson } from './serialize';

const MAX_LIMIT = 200;

export function registerUserRoutes(app: FastifyInstance, org: Org): void {
  app.get('/api/v1/users', async (request, reply) => {
    const query = queryOf(request);
    const limit = parseLimit(query.limit, org.directory.defaultLimit(query), MAX_LIMIT);
    const page = org.directory.page(query, query.after, limit);
    const last = page.users.at(-1);
    reply.header('link', pageLinks(org.origin, '/api/v1/users', query, page.more && last ? { after: last.id, limit: String(limit) } : null));
    return page.users.map((u) => userJson(org, u, false));
  });

  app.get<{ Params: { idOrLogin: string } }>('/api/v1/users/:idOrLogin', async (request) => {
    // `me` is the user the API token belongs to (Okta's "Get current user").
    const user = request.params.idOrLogin === 'me' ? org.tokenOwner(request.caller === 'readOnly') : org.user(request.params.idOrLogin);
    return userJson(org, user, true);
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/reset_factors', async (request) => {
    const user = org.user(request.params.id);
    resetAllFactors(org, adminContext(org, request), user);
    return {};
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/unlock', async (request) => {
    unlockUser(org, adminContext(org, request), org.user(request.params.id));
    return {};
  });
}
