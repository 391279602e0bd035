import { groupJson } from '../groups/serialize';
import type { Org } from '../org';
import { roleLabel, type RoleAssignment } from './admin-roles';

/**
 * A role assignment as `GET /api/v1/users/{id}/roles` lists it: Okta's StandardRole (id, label,
 * type, status, dates, assignmentType, the `assignee` link) or, for a custom role, CustomRole
 * (with its `role` and `resource-set` ids and their links). `expand=targets/groups` embeds the
 * groups a role is limited to.
 */
export function roleAssignmentJson(org: Org, assignment: RoleAssignment, expandGroupTargets = false): Record<string, unknown> {
  const assignee =
    assignment.assignee.kind === 'user'
      ? { href: org.url(`/api/v1/users/${assignment.assignee.userId}`) }
      : { href: org.url(`/oauth2/v1/clients/${assignment.assignee.clientId}`) };
  const common = {
    id: assignment.id,
    label: roleLabel(assignment),
    type: assignment.type,
    status: 'ACTIVE',
    created: org.clock.iso(assignment.created),
    lastUpdated: org.clock.iso(assignment.lastUpdated),
    assignmentType: assignment.assignee.kind === 'user' ? 'USER' : 'CLIENT',
  };
  const embedded = expandGroupTargets ? { _embedded: { targets: { groups: groupTargets(org, assignment).map((group) => groupJson(org, group)) } } } : {};
  const { custom } = assignment;
  if (!custom) return { ...common, ...embedded, _links: { assignee } };
  const resourceSet = org.url(`/api/v1/iam/resource-sets/${custom.resourceSetId}`);
  return {
    ...common,
    role: custom.roleId,
    'resource-set': custom.resourceSetId,
    ...embedded,
    _links: {
      assignee,
      'resource-set': { href: resourceSet },
      member: { href: `${resourceSet}/bindings/${custom.roleId}/members/${assignment.id}` },
      role: { href: org.url(`/api/v1/iam/roles/${custom.roleId}`) },
      permissions: { href: org.url(`/api/v1/iam/permission-sets/${custom.roleId}/permissions`) },
    },
  };
}

/** The groups a role is limited to, in the org's group order; none means every user. */
export function groupTargets(org: Org, assignment: RoleAssignment) {
  const ids = new Set(assignment.groupIds);
  return org.groups.list.filter((group) => ids.has(group.id));
}
