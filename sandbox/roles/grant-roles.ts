import type { RoleAssignee } from '../principals/principal';
import { STANDARD_ROLE_LABELS, type CustomRolePermission, type RoleAssignment, type StandardRoleType } from './admin-roles';

/** A role to give an admin: a standard role, or a custom one with its permissions; either may be limited to groups. */
export type RoleSpec =
  | { type: StandardRoleType; groupIds?: readonly string[] }
  | { type: 'CUSTOM'; label: string; permissions: readonly CustomRolePermission[]; groupIds?: readonly string[] };

/** The assignments for `specs`, with ids from `newId` (Okta's prefixes: `ra1` assignments, `cr0` roles, `iam` resource sets). */
export function roleAssignmentsFor(assignee: RoleAssignee, specs: readonly RoleSpec[], now: number, newId: (prefix: string) => string): RoleAssignment[] {
  return specs.map((spec) => ({
    id: newId('ra1'),
    type: spec.type,
    assignee,
    created: now,
    lastUpdated: now,
    groupIds: [...(spec.groupIds ?? [])],
    custom: spec.type === 'CUSTOM' ? { roleId: newId('cr0'), resourceSetId: newId('iam'), label: spec.label, permissions: [...spec.permissions] } : null,
  }));
}

/** How the System Log names what was granted (`privilege_granted`, e.g. "Help Desk administrator"). */
export function grantedPrivileges(specs: readonly RoleSpec[]): string {
  return specs.map((spec) => (spec.type === 'CUSTOM' ? spec.label : STANDARD_ROLE_LABELS[spec.type])).join(', ');
}
