import type { Directory } from '../directory/directory';
import type { UserRecord } from '../directory/model';
import { BASE62, type SeededRandom } from '../random';
import type { Groups } from './groups';

/** The group a group-limited help desk admin is seeded with: Isaac, Dade and the generated users the desk looks after. */
export const SUPPORT_GROUP_NAME = 'Support-managed users';

/** Departments whose people the Support desk looks after (everyone else, e.g. Engineering, is out of its reach). */
const SUPPORT_MANAGED_DEPARTMENTS = new Set(['Sales', 'Marketing', 'Operations', 'Support']);

const DAY = 86_400_000;
const GROUPS_EPOCH = Date.UTC(2021, 11, 1, 9, 0, 0);

/**
 * Seeds the org's groups: Everyone (every user, Okta's built-in group), "Support-managed users"
 * (the fixed `alsoSupportManaged` logins plus generated users of the departments above) and one
 * group per department, named after it ("Engineering", "Sales", …).
 */
export function seedGroups(groups: Groups, directory: Directory, random: SeededRandom, alsoSupportManaged: readonly string[]): void {
  const id = (): string => '00g' + random.string(17, BASE62);
  const dates = (n: number) => ({ created: GROUPS_EPOCH + n * DAY, lastUpdated: GROUPS_EPOCH + n * DAY, lastMembershipUpdated: GROUPS_EPOCH + (n + 30) * DAY });

  groups.add({ id: id(), type: 'BUILT_IN', name: 'Everyone', description: 'All users in your organization', ...dates(0) }, null);

  const fixed = new Set(alsoSupportManaged.map((login) => login.toLowerCase()));
  const supportManaged = (user: UserRecord): boolean => fixed.has(user.profile.login.toLowerCase()) || SUPPORT_MANAGED_DEPARTMENTS.has(user.profile.department);
  groups.add(
    { id: id(), type: 'OKTA_GROUP', name: SUPPORT_GROUP_NAME, description: 'People the Support desk looks after', ...dates(1) },
    directory.users.filter(supportManaged).map((user) => user.index),
  );

  const byDepartment = new Map<string, number[]>();
  for (const user of directory.users) {
    const members = byDepartment.get(user.profile.department);
    if (members) members.push(user.index);
    else byDepartment.set(user.profile.department, [user.index]);
  }
  [...byDepartment.keys()].sort().forEach((department, n) => {
    groups.add({ id: id(), type: 'OKTA_GROUP', name: department, description: `Everyone in ${department}`, ...dates(2 + n) }, byDepartment.get(department) ?? []);
  });
}
