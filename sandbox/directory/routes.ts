import type { FastifyInstance } from 'fastify';
import { resetAllFactors } from '../factors/service';
import type { Org } from '../org';
import { pageLinks, parseLimit } from '../paging';
import { adminContext, queryOf } from '../request-context';
import { userJson } from './serialize';

const MAX_LIMIT = 200;

export function registerUserRoutes(app: FastifyInstance, org: Org): void {
  app.get('/api/v1/users', async (request, reply) => {
    const query = queryOf(request);
    const { users, defaultLimit } = org.directory.query(query);
    const limit = parseLimit(query.limit, defaultLimit, MAX_LIMIT);
    let start = 0;
    if (query.after) {
      const position = users.findIndex((u) => u.id === query.after);
      start = position === -1 ? users.length : position + 1;
    }
    const page = users.slice(start, start + limit);
    const more = start + limit < users.length;
    const last = page[page.length - 1];
    reply.header('link', pageLinks(org.origin, '/api/v1/users', query, more && last ? { after: last.id, limit: String(limit) } : null));
    return page.map((u) => userJson(org, u, false));
  });

  app.get<{ Params: { idOrLogin: string } }>('/api/v1/users/:idOrLogin', async (request) => {
    return userJson(org, org.user(request.params.idOrLogin), true);
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/lifecycle/reset_factors', async (request) => {
    const user = org.user(request.params.id);
    resetAllFactors(org, adminContext(org, request), user);
    return {};
  });
}
