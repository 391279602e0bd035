import type { UserRecord } from '../directory/model';
import type { GroupRecord, Groups } from '../groups/groups';
import type { Permission } from '../permissions';
import { scopeSatisfies } from '../oauth/scopes';
import type { Principal } from '../principals/principal';
import { permissionsOf, type RoleAssignment } from './admin-roles';
import type { RoleAssignments } from './role-assignments';

/** Where a permission applies: to every user and group, or only inside these groups. */
type Reach = 'everyone' | ReadonlySet<GroupRecord>;

/**
 * What one principal may do, worked out per request from the roles its assignee holds now:
 * - a permission is held if any role grants it; its reach is the union of those roles' groups,
 *   or everyone as soon as one of them is not limited to groups;
 * - a user is visible for reading if some role reaches them with `okta.users.read`: a group-limited
 *   admin does not see users outside its groups (they answer 404, lists leave them out), as Okta's
 *   help desk role "cannot view or modify users outside of the selected group";
 * - a user may be changed if some role reaches them with `okta.users.manage`, and, when the user
 *   holds any admin role, only by a super admin (only a super admin manages other admins, or resets
 *   a super admin's factors);
 * - groups are visible with `okta.groups.read`, a group-limited admin seeing only its own groups.
 */
export class AdminAccess {
  private readonly reach = new Map<Permission, Reach>();
  readonly superAdmin: boolean;

  constructor(
    readonly principal: Principal,
    assignments: readonly RoleAssignment[],
    private readonly groups: Groups,
    private readonly roles: RoleAssignments,
  ) {
    this.superAdmin = assignments.some((assignment) => assignment.type === 'SUPER_ADMIN');
    for (const assignment of assignments) {
      const limitedTo = assignment.groupIds.map((id) => groups.get(id)).filter((group): group is GroupRecord => group !== undefined);
      const everyone = assignment.groupIds.length === 0 || limitedTo.some((group) => group.members === null);
      for (const permission of permissionsOf(assignment)) {
        const current = this.reach.get(permission);
        if (current === 'everyone') continue;
        if (everyone) this.reach.set(permission, 'everyone');
        else this.reach.set(permission, new Set([...(current ?? []), ...limitedTo]));
      }
    }
  }

  /** Whether the principal holds the permission at all (somewhere), and, for an OAuth token, was granted its scope. */
  may(permission: Permission): boolean {
    return this.reach.has(permission) && this.grantsScope(permission);
  }

  canSeeUser(user: UserRecord): boolean {
    return this.reaches('okta.users.read', user) || user.id === this.principal.userId;
  }

  canChangeUser(user: UserRecord): boolean {
    if (!this.reaches('okta.users.manage', user)) return false;
    return this.superAdmin || !this.roles.isAdmin(user.id);
  }

  canSeeGroup(group: GroupRecord): boolean {
    const reach = this.reach.get('okta.groups.read');
    return reach === 'everyone' || (reach?.has(group) ?? false);
  }

  /** A filter for user listings, or undefined when every user is visible. */
  userFilter(): ((user: UserRecord) => boolean) | undefined {
    return this.reach.get('okta.users.read') === 'everyone' ? undefined : (user) => this.canSeeUser(user);
  }

  private reaches(permission: Permission, user: UserRecord): boolean {
    const reach = this.reach.get(permission);
    if (reach === undefined || !this.grantsScope(permission)) return false;
    if (reach === 'everyone') return true;
    for (const group of reach) if (this.groups.has(group, user)) return true;
    return false;
  }

  /** Whether the credential's scopes allow the permission: an OAuth token must carry the scope (a `.manage` scope includes its `.read`); SSWS tokens are unscoped. */
  grantsScope(permission: Permission): boolean {
    const scopes = this.principal.scopes;
    if (scopes === null || permission.startsWith('sandbox.')) return true;
    return scopeSatisfies(scopes, permission);
  }
}
