import type { FastifyPluginAsync } from 'fastify';
import type { Org } from '../org';
import { pageLinks } from '../paging';
import { requires } from '../permissions';
import { queryOf } from '../request-context';
import { searchLog } from './log-search';
import { parseLogQuery } from './requests';

/** `GET /api/v1/logs`: since / until / after / filter / q / sortOrder / limit, with Link paging. */
export const logRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  app.get('/api/v1/logs', requires('okta.logs.read'), async (request, reply) => {
    const query = queryOf(request);
    const now = org.clock.now();
    const page = searchLog(org.log, parseLogQuery(query, now), now);
    reply.header('link', pageLinks(org.origin, '/api/v1/logs', query, page.next));
    return page.events;
  });
};
