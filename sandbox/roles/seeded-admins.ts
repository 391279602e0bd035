import { ADMIN_LOGIN, READ_ONLY_ADMIN_LOGIN, SEEDED_PASSWORD } from '../directory/generate';
import type { Directory } from '../directory/directory';
import type { FactorPlan } from '../directory/model';
import type { Groups } from '../groups/groups';
import { SUPPORT_GROUP_NAME } from '../groups/seeded-groups';
import { BASE62, type SeededRandom } from '../random';
import { roleAssignmentsFor, type RoleSpec } from './grant-roles';
import type { RoleAssignments } from './role-assignments';

/** Roles, with group limits named by group (the ids are drawn when the groups are seeded). */
type SeededRole = RoleSpec & { groupNames?: readonly string[] };

interface SeededAdmin {
  login: string;
  roles: SeededRole[];
  /** Whether the Support desk's group holds them too (so its help desk meets an admin inside its reach). */
  supportManaged: boolean;
}

interface AddedAdmin extends SeededAdmin {
  firstName: string;
  lastName: string;
  title: string;
  mobilePhone: string | null;
  plan: FactorPlan;
}

/** One admin per role, added after the generated directory; each signs in with the seeded password. */
const ADDED_ADMINS: readonly AddedAdmin[] = [
  { login: 'sam.shaw@example.org', firstName: 'Sam', lastName: 'Shaw', title: 'Identity Engineer', mobilePhone: '+1-555-010-0101', plan: 'push', roles: [{ type: 'SUPER_ADMIN' }], supportManaged: true },
  { login: 'orla.ortiz@example.org', firstName: 'Orla', lastName: 'Ortiz', title: 'IT Operations Lead', mobilePhone: '+1-555-010-0202', plan: 'totp', roles: [{ type: 'ORG_ADMIN' }], supportManaged: true },
  {
    login: 'hana.hughes@example.org',
    firstName: 'Hana',
    lastName: 'Hughes',
    title: 'Service Desk Agent',
    mobilePhone: '+1-555-010-0303',
    plan: 'push+sms',
    roles: [{ type: 'HELP_DESK_ADMIN', groupNames: [SUPPORT_GROUP_NAME] }],
    supportManaged: false,
  },
  { login: 'remy.reed@example.org', firstName: 'Remy', lastName: 'Reed', title: 'Security Auditor', mobilePhone: null, plan: 'email', roles: [{ type: 'READ_ONLY_ADMIN' }], supportManaged: true },
];

/**
 * The org's admins: the owners of the two built-in API tokens (generated with the directory) and
 * the added ones above. They are also the agents the sandbox's OAuth sign-in page offers.
 */
export const SEEDED_ADMINS: readonly SeededAdmin[] = [
  { login: ADMIN_LOGIN, roles: [{ type: 'SUPER_ADMIN' }], supportManaged: false },
  // Reads users, factors and groups, changes nothing and has no report (System Log) access: a custom role, as Okta would model it.
  { login: READ_ONLY_ADMIN_LOGIN, roles: [{ type: 'CUSTOM', label: 'User viewer', permissions: ['okta.users.read', 'okta.groups.read'] }], supportManaged: false },
  ...ADDED_ADMINS,
];

export const ADDED_ADMIN_COUNT = ADDED_ADMINS.length;

const SEEDED_AT = Date.UTC(2021, 10, 15, 9, 0, 0);

/** Adds the admins the generated directory lacks (at its end, so generated users keep their ids). */
export function addSeededAdmins(directory: Directory, random: SeededRandom): void {
  for (const admin of ADDED_ADMINS) {
    directory.add({
      id: '00u' + random.string(17, BASE62),
      status: 'ACTIVE',
      created: SEEDED_AT,
      activated: SEEDED_AT + 60_000,
      statusChanged: SEEDED_AT + 60_000,
      lastLogin: SEEDED_AT + 86_400_000,
      lastUpdated: SEEDED_AT + 86_400_000,
      passwordChanged: SEEDED_AT + 60_000,
      profile: {
        firstName: admin.firstName,
        lastName: admin.lastName,
        email: admin.login,
        login: admin.login,
        mobilePhone: admin.mobilePhone,
        secondEmail: null,
        department: 'IT',
        title: admin.title,
        locale: 'en_US',
        timeZone: 'America/Los_Angeles',
      },
      password: SEEDED_PASSWORD,
      factorPlan: admin.plan,
    });
  }
}

/** Logins the Support desk's group holds besides its generated members. */
export function supportManagedAdmins(): string[] {
  return SEEDED_ADMINS.filter((admin) => admin.supportManaged).map((admin) => admin.login);
}

/** Gives every seeded admin its roles (after the groups exist, since help desk roles are limited to one). */
export function assignSeededRoles(roles: RoleAssignments, directory: Directory, groups: Groups, random: SeededRandom): void {
  const newId = (prefix: string): string => prefix + random.string(20 - prefix.length, BASE62);
  for (const admin of SEEDED_ADMINS) {
    const user = directory.get(admin.login);
    if (!user) throw new Error(`Seeded admin ${admin.login} is missing from the directory`);
    const specs = admin.roles.map(({ groupNames, ...spec }): RoleSpec => ({
      ...spec,
      groupIds: (groupNames ?? []).map((name) => {
        const group = groups.byName(name);
        if (!group) throw new Error(`Seeded group ${name} is missing`);
        return group.id;
      }),
    }));
    roles.replace({ kind: 'user', userId: user.id }, roleAssignmentsFor({ kind: 'user', userId: user.id }, specs, SEEDED_AT, newId));
  }
}
