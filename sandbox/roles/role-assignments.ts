import type { RoleAssignee } from '../principals/principal';
import type { RoleAssignment } from './admin-roles';

const keyOf = (assignee: RoleAssignee): string => (assignee.kind === 'user' ? `user:${assignee.userId}` : `client:${assignee.clientId}`);

/** The org's admin role assignments, by assignee. A user with none is not an admin. */
export class RoleAssignments {
  private readonly byAssignee = new Map<string, RoleAssignment[]>();

  of(assignee: RoleAssignee): readonly RoleAssignment[] {
    return this.byAssignee.get(keyOf(assignee)) ?? [];
  }

  ofUser(userId: string): readonly RoleAssignment[] {
    return this.of({ kind: 'user', userId });
  }

  /** Whether the user holds any admin role (and so only a super admin may change them). */
  isAdmin(userId: string): boolean {
    return this.ofUser(userId).length > 0;
  }

  /** Replaces every role of the assignee with these (an empty list makes them a non-admin). */
  replace(assignee: RoleAssignee, assignments: readonly RoleAssignment[]): void {
    if (assignments.length === 0) this.byAssignee.delete(keyOf(assignee));
    else this.byAssignee.set(keyOf(assignee), [...assignments]);
  }

  add(assignment: RoleAssignment): void {
    this.replace(assignment.assignee, [...this.of(assignment.assignee), assignment]);
  }
}
