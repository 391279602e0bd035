import { PERMISSIONS, type Permission } from '../permissions';
import type { RoleAssignee } from '../principals/principal';

/**
 * The admin roles the sandbox models (a subset of Okta's RoleType enum). Each standard role grants
 * a fixed set of permissions, named by the OAuth scope of the routes they open:
 * - SUPER_ADMIN: everything, including the control API and acting on other admins;
 * - ORG_ADMIN: users (read and change), groups, role assignments, the System Log, authenticators; not other admins;
 * - HELP_DESK_ADMIN: users (read and the desk's changes: factors, unlock, sessions, temporary access
 *   codes), groups, role assignments, reading the org's authenticators (the TAC settings a code is
 *   issued within: a sandbox inference); no System Log (no report access); may be limited to groups;
 * - READ_ONLY_ADMIN: reads users, groups, role assignments and the System Log;
 * - REPORT_ADMIN: the System Log only (combine it with HELP_DESK_ADMIN for a desk that reads logs);
 * - CUSTOM: exactly the permissions given (okta.users.read/manage, okta.groups.read, okta.roles.read),
 *   optionally limited to groups: how the read-only API token is modelled.
 * Every admin may read the control API; only a super admin may change it.
 */
export const ADMIN_ROLE_TYPES = ['SUPER_ADMIN', 'ORG_ADMIN', 'HELP_DESK_ADMIN', 'READ_ONLY_ADMIN', 'REPORT_ADMIN', 'CUSTOM'] as const;
export type AdminRoleType = (typeof ADMIN_ROLE_TYPES)[number];
export type StandardRoleType = Exclude<AdminRoleType, 'CUSTOM'>;

/** Labels as Okta's examples and event catalogue print them; REPORT_ADMIN's is not in the reference. */
export const STANDARD_ROLE_LABELS: Record<StandardRoleType, string> = {
  SUPER_ADMIN: 'Super Organization administrator',
  ORG_ADMIN: 'Organization administrator',
  HELP_DESK_ADMIN: 'Help Desk administrator',
  READ_ONLY_ADMIN: 'Read only admin',
  REPORT_ADMIN: 'Report administrator',
};

const STANDARD_ROLE_PERMISSIONS: Record<StandardRoleType, readonly Permission[]> = {
  // Everything the sandbox has, the control API included.
  SUPER_ADMIN: PERMISSIONS,
  ORG_ADMIN: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read', 'okta.logs.read', 'okta.authenticators.read', 'okta.authenticators.manage', 'sandbox.control.read'],
  HELP_DESK_ADMIN: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read', 'okta.authenticators.read', 'sandbox.control.read'],
  READ_ONLY_ADMIN: ['okta.users.read', 'okta.groups.read', 'okta.roles.read', 'okta.logs.read', 'okta.authenticators.read', 'sandbox.control.read'],
  REPORT_ADMIN: ['okta.logs.read', 'sandbox.control.read'],
};

/** What a custom role may be given (the permissions of the resources the sandbox has). */
export const CUSTOM_ROLE_PERMISSIONS = ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read'] as const;
export type CustomRolePermission = (typeof CUSTOM_ROLE_PERMISSIONS)[number];

/** Roles that may be limited to groups (Okta: USER_ADMIN, HELP_DESK_ADMIN, GROUP_MEMBERSHIP_ADMIN; custom roles by resource set). */
export const GROUP_LIMITABLE_ROLES: ReadonlySet<AdminRoleType> = new Set(['HELP_DESK_ADMIN', 'CUSTOM']);

/** A custom role's definition and the resource set it is bound to (`role` and `resource-set` in Okta's CustomRole). */
export interface CustomRoleBinding {
  roleId: string;
  resourceSetId: string;
  label: string;
  permissions: readonly CustomRolePermission[];
}

/** One role assigned to an admin user (or, later, to an OAuth app). */
export interface RoleAssignment {
  id: string;
  type: AdminRoleType;
  assignee: RoleAssignee;
  created: number;
  lastUpdated: number;
  /** Groups the role is limited to; empty = every user. */
  groupIds: readonly string[];
  custom: CustomRoleBinding | null;
}

export function roleLabel(assignment: RoleAssignment): string {
  return assignment.custom ? assignment.custom.label : STANDARD_ROLE_LABELS[assignment.type as StandardRoleType];
}

/** The permissions one assignment grants (a custom role also reads the control API, as every admin does). */
export function permissionsOf(assignment: RoleAssignment): readonly Permission[] {
  if (assignment.custom) return [...assignment.custom.permissions, 'sandbox.control.read'];
  return STANDARD_ROLE_PERMISSIONS[assignment.type as StandardRoleType];
}
