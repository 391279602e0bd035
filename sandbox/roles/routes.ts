import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors';
import type { Org } from '../org';
import { pageLinks, parseLimit } from '../paging';
import { requires } from '../permissions';
import { groupJson } from '../groups/serialize';
import type { Principal, RoleAssignee } from '../principals/principal';
import { principalUser, queryOf } from '../request-context';
import { groupTargets, roleAssignmentJson } from './serialize';

type UserParams = { Params: { userId: string } };
type ClientParams = { Params: { clientId: string } };
type TargetParams<Owner> = { Params: Owner & { roleAssignmentId: string } };

/** Okta's `limit` for role targets: default 20, at most 200 (management-minimal.yaml queryLimit). */
const TARGETS_DEFAULT_LIMIT = 20;
const TARGETS_MAX_LIMIT = 200;

/** A user's or an OAuth app's admin role assignments, and the groups a role is limited to. */
export const roleRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  const read = requires('okta.roles.read');
  const userOf = (idOrMe: string, principal: Principal | null) => {
    const user = idOrMe === 'me' ? principalUser(org, principal) : org.directory.get(idOrMe);
    if (!user) throw notFound(idOrMe, 'User');
    return user;
  };

  // `[]` for a user without admin roles.
  app.get<UserParams>('/api/v1/users/:userId/roles', read, async (request) => {
    const user = userOf(request.params.userId, request.principal);
    const expandGroups = (queryOf(request).expand ?? '').split(',').includes('targets/groups');
    return org.roles.ofUser(user.id).map((assignment) => roleAssignmentJson(org, assignment, expandGroups));
  });

  /** An OAuth service app's roles (`assignmentType: CLIENT`): how a service app learns what it may do. */
  app.get<ClientParams>('/oauth2/v1/clients/:clientId/roles', read, async (request) => {
    const clientId = clientOf(request.params.clientId);
    return org.roles.of({ kind: 'client', clientId }).map((assignment) => roleAssignmentJson(org, assignment));
  });

  const clientOf = (clientId: string): string => {
    if (!org.oauthApps.get(clientId)) throw notFound(clientId, 'Client');
    return clientId;
  };

  // "If the role isn't scoped to specific group targets, an empty array [] is returned."
  const groupTargetsPage = (assignee: RoleAssignee, basePath: string) => async (request: FastifyRequest<TargetParams<object>>, reply: FastifyReply) => {
    const assignment = org.roles.of(assignee).find((candidate) => candidate.id === request.params.roleAssignmentId);
    if (!assignment) throw notFound(request.params.roleAssignmentId, 'RoleAssignment');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, TARGETS_DEFAULT_LIMIT, TARGETS_MAX_LIMIT);
    const targets = groupTargets(org, assignment);
    // An unknown cursor gives an empty page, as for users.
    const cursor = query.after === undefined ? -1 : targets.findIndex((group) => group.id === query.after);
    const start = cursor + 1;
    const page = query.after !== undefined && cursor === -1 ? [] : targets.slice(start, start + limit);
    const last = page.at(-1);
    const more = page.length > 0 && start + limit < targets.length;
    reply.header('link', pageLinks(org.origin, `${basePath}/${assignment.id}/targets/groups`, query, more && last ? { after: last.id, limit: String(limit) } : null));
    return page.map((group) => groupJson(org, group));
  };

  app.get<TargetParams<{ userId: string }>>('/api/v1/users/:userId/roles/:roleAssignmentId/targets/groups', read, async (request, reply) => {
    const user = userOf(request.params.userId, request.principal);
    return groupTargetsPage({ kind: 'user', userId: user.id }, `/api/v1/users/${user.id}/roles`)(request, reply);
  });
  app.get<TargetParams<{ clientId: string }>>('/oauth2/v1/clients/:clientId/roles/:roleAssignmentId/targets/groups', read, async (request, reply) => {
    const clientId = clientOf(request.params.clientId);
    return groupTargetsPage({ kind: 'client', clientId }, `/oauth2/v1/clients/${clientId}/roles`)(request, reply);
  });
};
