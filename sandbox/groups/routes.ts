import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { userJson } from '../directory/serialize';
import { notFound } from '../errors';
import type { Org } from '../org';
import { pageLinks, parseLimit } from '../paging';
import { requires } from '../permissions';
import { principalUser, queryOf } from '../request-context';
import { pageOf, selectGroups } from './group-search';
import type { GroupRecord } from './groups';
import { parseGroupList } from './requests';
import { groupJson } from './serialize';

/** Okta's page size for group members is 1,000 "for historical reasons" (it recommends 200). */
const MEMBERS_DEFAULT_LIMIT = 1000;

/** The Groups API: list / search / filter, get, members; and a user's groups (`GET /api/v1/users/{id}/groups`). */
export const groupRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  const read = requires('okta.groups.read');
  const group = (id: string): GroupRecord => {
    const found = org.groups.get(id);
    if (!found) throw notFound(id, 'Group');
    return found;
  };
  // A group-limited admin sees only its own groups (Okta: "The Okta default Everyone group isn't returned for users with a group admin role").
  const visibleGroups = (request: FastifyRequest): GroupRecord[] => org.groups.list.filter((candidate) => request.access?.canSeeGroup(candidate) ?? true);

  app.get('/api/v1/groups', read, async (request, reply) => {
    const query = queryOf(request);
    const listing = parseGroupList(query);
    const page = pageOf(selectGroups(visibleGroups(request), listing), listing.after, listing.limit);
    const last = page.groups.at(-1);
    const next = listing.kind !== 'q' && page.more && last ? { after: last.id, limit: String(listing.limit) } : null;
    reply.header('link', pageLinks(org.origin, '/api/v1/groups', query, next));
    return page.groups.map((found) => groupJson(org, found, listing.stats));
  });

  app.get<{ Params: { groupId: string } }>('/api/v1/groups/:groupId', read, async (request) => {
    const stats = (queryOf(request).expand ?? '').split(',').includes('stats');
    return groupJson(org, group(request.params.groupId), stats);
  });

  app.get<{ Params: { groupId: string } }>('/api/v1/groups/:groupId/users', read, async (request, reply) => {
    const found = group(request.params.groupId);
    const query = queryOf(request);
    const limit = parseLimit(query.limit, MEMBERS_DEFAULT_LIMIT, MEMBERS_DEFAULT_LIMIT);
    const page = org.groups.membersPage(found, query.after, limit);
    const last = page.users.at(-1);
    reply.header('link', pageLinks(org.origin, `/api/v1/groups/${found.id}/users`, query, page.more && last ? { after: last.id, limit: String(limit) } : null));
    return page.users.map((user) => userJson(org, user, false));
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id/groups', requires('okta.users.read'), async (request) => {
    const user = request.params.id === 'me' ? principalUser(org, request.principal) : org.directory.get(request.params.id);
    if (!user) throw notFound(request.params.id, 'User');
    return org.groups.groupsOf(user).map((found) => groupJson(org, found));
  });
};
