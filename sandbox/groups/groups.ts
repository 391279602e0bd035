import type { Directory } from '../directory/directory';
import type { UserRecord } from '../directory/model';

/** Okta's GroupType values the sandbox uses: `BUILT_IN` is Everyone, the rest are Okta-mastered groups. */
export type GroupType = 'OKTA_GROUP' | 'BUILT_IN';

export interface GroupRecord {
  /** Position in creation order: the listing order and its paging cursor. */
  index: number;
  id: string;
  type: GroupType;
  name: string;
  description: string;
  created: number;
  lastUpdated: number;
  lastMembershipUpdated: number;
  /** Member user indexes, ascending; null for Everyone (every user of the org). */
  members: number[] | null;
}

/** The org's groups and their members, with a per-user index for "groups of this user". */
export class Groups {
  readonly list: GroupRecord[] = [];
  private readonly byId = new Map<string, GroupRecord>();
  private readonly byMember = new Map<number, GroupRecord[]>();

  constructor(private readonly directory: Directory) {}

  /** Adds a group; `members` are user indexes in any order (null: everyone). */
  add(group: Omit<GroupRecord, 'index' | 'members'>, members: number[] | null): GroupRecord {
    const record: GroupRecord = { ...group, index: this.list.length, members: members === null ? null : [...new Set(members)].sort((a, b) => a - b) };
    this.list.push(record);
    this.byId.set(record.id, record);
    for (const index of record.members ?? []) {
      const groups = this.byMember.get(index);
      if (groups) groups.push(record);
      else this.byMember.set(index, [record]);
    }
    return record;
  }

  get(id: string): GroupRecord | undefined {
    return this.byId.get(id);
  }

  byName(name: string): GroupRecord | undefined {
    return this.list.find((group) => group.name === name);
  }

  has(group: GroupRecord, user: UserRecord): boolean {
    return group.members === null || (this.byMember.get(user.index)?.includes(group) ?? false);
  }

  /** The user's groups in creation order, Everyone included. */
  groupsOf(user: UserRecord): GroupRecord[] {
    const explicit = new Set(this.byMember.get(user.index) ?? []);
    return this.list.filter((group) => group.members === null || explicit.has(group));
  }

  memberCount(group: GroupRecord): number {
    return group.members === null ? this.directory.users.length : group.members.length;
  }

  /**
   * Up to `limit` members after the user whose id is `after`, in creation order, and whether more
   * follow (a cursor that is no member gives an empty page, as an unknown cursor does for users).
   */
  membersPage(group: GroupRecord, after: string | undefined, limit: number): { users: UserRecord[]; more: boolean } {
    const all = this.directory.users;
    const cursor = after === undefined ? undefined : this.directory.get(after);
    if (after !== undefined && (!cursor || cursor.id !== after || !this.has(group, cursor))) return { users: [], more: false };
    if (group.members === null) {
      const start = cursor ? cursor.index + 1 : 0;
      return { users: all.slice(start, start + limit), more: start + limit < all.length };
    }
    const start = cursor ? group.members.indexOf(cursor.index) + 1 : 0;
    const users = group.members.slice(start, start + limit).map((index) => all[index] as UserRecord);
    return { users, more: start + limit < group.members.length };
  }
}
