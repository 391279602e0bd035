import { evaluate } from '../scim-filter';
import type { GroupRecord } from './groups';
import type { GroupListRequest } from './requests';

/** A group attribute as `search` and `filter` read it (dates as ISO strings, so they order as text). */
export function readGroupAttribute(group: GroupRecord, attribute: string): unknown {
  switch (attribute) {
    case 'id':
      return group.id;
    case 'type':
      return group.type;
    case 'profile.name':
      return group.name;
    case 'profile.description':
      return group.description;
    case 'created':
    case 'lastUpdated':
    case 'lastMembershipUpdated':
      return new Date(group[attribute]).toISOString();
    default:
      // Okta-mastered groups have no source app (`source.id`) and no other profile attributes.
      return undefined;
  }
}

/** The groups a listing request selects, in listing order, before paging. */
export function selectGroups(groups: readonly GroupRecord[], request: GroupListRequest): GroupRecord[] {
  const { expression } = request;
  let selected: GroupRecord[];
  if (request.kind === 'q') selected = groups.filter((group) => group.name.toLowerCase().startsWith(request.prefix));
  else if (expression === null) selected = [...groups];
  else selected = groups.filter((group) => evaluate(expression, (attribute) => readGroupAttribute(group, attribute), request.kind === 'filter'));
  if (request.kind === 'search' && request.sortBy) {
    const sortBy = request.sortBy;
    const key = (group: GroupRecord): string => String(readGroupAttribute(group, sortBy) ?? '').toLowerCase();
    const direction = request.descending ? -1 : 1;
    // "Groups with the same value for the sortBy property are ordered by id."
    selected.sort((a, b) => (key(a) !== key(b) ? (key(a) < key(b) ? -direction : direction) : a.id < b.id ? -1 : 1));
  }
  return selected;
}

/** One page after the group whose id is `after` (an unknown cursor gives an empty page) and whether more follow. */
export function pageOf(selected: readonly GroupRecord[], after: string | undefined, limit: number): { groups: GroupRecord[]; more: boolean } {
  let start = 0;
  if (after !== undefined) {
    const position = selected.findIndex((group) => group.id === after);
    if (position === -1) return { groups: [], more: false };
    start = position + 1;
  }
  return { groups: selected.slice(start, start + limit), more: start + limit < selected.length };
}
