import { OktaError } from '../errors';
import { compareValue, comparisons, evaluate, FilterSyntaxError, parseFilter, type ComparisonOperator, type FilterNode, type Literal } from '../scim-filter';
import { USER_STATUSES, type UserRecord, type UserStatus } from './model';

/** What `q` matches (by prefix): first and last name, email and login. */
const Q_ATTRIBUTES = ['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'] as const;
/**
 * Profile attributes with a sorted index, so `eq` and `sw` on them never scan the directory: the
 * `q` ones, and the two phone fields a caller-ID search asks for. Phones are indexed as stored
 * (lowercased like every value, nothing else): Okta's `search` never normalises a phone number, so
 * "+1-555-415-1337" is found by `eq "+1-555-415-1337"` or `sw "+1-555"`, never by `eq "5554151337"`.
 */
const INDEXED_PROFILE_ATTRIBUTES = [...Q_ATTRIBUTES, 'profile.mobilePhone', 'profile.primaryPhone'] as const;
const DATE_ATTRIBUTES = new Set(['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged']);
/**
 * Okta: "an overly complex or long search query can result in an error", without numbers. The
 * sandbox draws the line here (400 E0000031), well beyond what FactorDesk sends (phone-search.ts).
 */
export const MAX_SEARCH_COMPARISONS = 50;
export const MAX_SEARCH_LENGTH = 4000;
/** What Okta's `filter` parameter accepts (everything else needs `search`). */
const FILTERABLE = new Set(['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName']);

interface SortedEntry {
  key: string;
  index: number;
}

export interface UserQuery {
  q?: string;
  filter?: string;
  search?: string;
  sortBy?: string;
  sortOrder?: string;
}

export interface UserPage {
  users: UserRecord[];
  /** Whether more users match after this page (the route then sends a `next` link). */
  more: boolean;
}

/**
 * How a query's matches are read. Most listings follow creation order, so a page is found by
 * walking a candidate list (ascending user indexes from an index, or everyone) from the cursor
 * and stopping once the page is full: the cost follows the page size, not the directory size.
 * Only `sortBy` needs every match up front.
 */
type Listing =
  | { kind: 'creationOrder'; candidates: readonly number[] | null; accepts: (user: UserRecord) => boolean }
  | { kind: 'sorted'; users: UserRecord[] };

/** The seeded user directory with the indexes that keep searches fast at 100 000 users. */
export class Directory {
  readonly users: UserRecord[];
  private readonly byId = new Map<string, UserRecord>();
  private readonly byLogin = new Map<string, UserRecord>();
  /** Ascending user indexes per status. */
  private readonly byStatus = new Map<UserStatus, number[]>();
  /** Sorted (lowercased value, index) pairs per profile attribute, built on first use to keep start-up fast. */
  private readonly sortedCache = new Map<string, SortedEntry[]>();

  constructor(users: UserRecord[]) {
    this.users = users;
    for (const status of USER_STATUSES) this.byStatus.set(status, []);
    for (const user of users) {
      this.byId.set(user.id, user);
      this.byLogin.set(user.profile.login.toLowerCase(), user);
      this.statusList(user.status).push(user.index);
    }
  }

  /** Adds a user at the end of creation order (an admin created through the control API). */
  add(user: Omit<UserRecord, 'index'>): UserRecord {
    if (this.get(user.id) || this.byLogin.has(user.profile.login.toLowerCase())) throw new Error(`A user ${user.profile.login} exists already.`);
    const record: UserRecord = { ...user, index: this.users.length };
    this.users.push(record);
    this.byId.set(record.id, record);
    this.byLogin.set(record.profile.login.toLowerCase(), record);
    this.statusList(record.status).push(record.index);
    this.sortedCache.clear();
    return record;
  }

  get(idOrLogin: string): UserRecord | undefined {
    return this.byId.get(idOrLogin) ?? this.byLogin.get(idOrLogin.toLowerCase());
  }

  byLoginOrShortName(username: string): UserRecord | undefined {
    const exact = this.byLogin.get(username.toLowerCase());
    if (exact) return exact;
    if (!username.includes('@')) return this.byLogin.get(`${username.toLowerCase()}@example.org`);
    return undefined;
  }

  /** Changes a user's status and keeps the status index in step. */
  setStatus(user: UserRecord, status: UserStatus): void {
    if (user.status === status) return;
    const from = this.statusList(user.status);
    from.splice(lowerBound(from, (index) => index < user.index), 1);
    const to = this.statusList(status);
    to.splice(lowerBound(to, (index) => index < user.index), 0, user.index);
    user.status = status;
  }

  /** Okta's default page size: 10 for `q`, 200 for everything else. */
  defaultLimit(query: UserQuery): number {
    return query.search === undefined && query.filter === undefined && query.q !== undefined ? 10 : 200;
  }

  /**
   * Up to `limit` users matching the query, after the user whose id is `after` in listing order.
   * `visible` leaves out users the caller may not see (an admin limited to groups).
   */
  page(query: UserQuery, after: string | undefined, limit: number, visible?: (user: UserRecord) => boolean): UserPage {
    const listing = this.restrict(this.listing(query), visible);
    if (listing.kind === 'sorted') {
      let start = 0;
      if (after !== undefined) {
        const position = listing.users.findIndex((u) => u.id === after);
        start = position === -1 ? listing.users.length : position + 1;
      }
      return { users: listing.users.slice(start, start + limit), more: start + limit < listing.users.length };
    }
    let from = 0;
    if (after !== undefined) {
      const cursor = this.byId.get(after);
      if (!cursor) return { users: [], more: false };
      from = cursor.index + 1;
    }
    const users: UserRecord[] = [];
    for (const index of this.ascendingFrom(listing.candidates, from)) {
      const user = this.users[index] as UserRecord;
      if (!listing.accepts(user)) continue;
      if (users.length === limit) return { users, more: true };
      users.push(user);
    }
    return { users, more: false };
  }

  private restrict(listing: Listing, visible: ((user: UserRecord) => boolean) | undefined): Listing {
    if (!visible) return listing;
    if (listing.kind === 'sorted') return { kind: 'sorted', users: listing.users.filter(visible) };
    const { accepts } = listing;
    return { ...listing, accepts: (user) => visible(user) && accepts(user) };
  }

  private listing(query: UserQuery): Listing {
    if (query.search !== undefined) return this.searchListing(query.search, query.sortBy, query.sortOrder);
    if (query.filter !== undefined) return this.filterListing(query.filter);
    const listed = (user: UserRecord): boolean => user.status !== 'DEPROVISIONED';
    // `q`: prefix match on first name, last name, email or login; deprovisioned users are left out.
    if (query.q !== undefined) return { kind: 'creationOrder', candidates: this.prefixMatches(query.q.trim().toLowerCase()), accepts: listed };
    return { kind: 'creationOrder', candidates: null, accepts: listed };
  }

  private filterListing(expression: string): Listing {
    const tree = parse(expression);
    for (const node of comparisons(tree)) {
      if (!FILTERABLE.has(node.attribute)) {
        throw new OktaError('E0000031', undefined, [`filter: the attribute ${node.attribute} is not supported; use the search parameter`]);
      }
      if (node.operator !== 'eq' && !(node.attribute === 'lastUpdated' && ['gt', 'ge', 'lt', 'le'].includes(node.operator))) {
        throw new OktaError('E0000031', undefined, [`filter: the operator ${node.operator} is not supported for ${node.attribute}`]);
      }
    }
    return { kind: 'creationOrder', candidates: this.candidates(tree), accepts: (user) => evaluate(tree, (attribute) => readUserAttribute(user, attribute), true) };
  }

  private searchListing(expression: string, sortBy?: string, sortOrder?: string): Listing {
    if (expression.length > MAX_SEARCH_LENGTH) throw tooComplex(`it is ${expression.length} characters long`);
    const tree = parse(expression);
    const compared = comparisons(tree);
    if (compared.length > MAX_SEARCH_COMPARISONS) throw tooComplex(`it has ${compared.length} conditions`);
    for (const node of compared) {
      if (node.operator === 'ne') {
        throw new OktaError('E0000031', undefined, ['search: the ne operator is not supported; use lt ... or ... gt']);
      }
    }
    const candidates = this.candidates(tree);
    const accepts = (user: UserRecord): boolean => evaluate(tree, (attribute) => readUserAttribute(user, attribute), false);
    if (!sortBy) return { kind: 'creationOrder', candidates, accepts };

    // Keys are read once per user, not once per comparison.
    const keyed: Array<{ key: string; user: UserRecord }> = [];
    for (const index of this.ascendingFrom(candidates, 0)) {
      const user = this.users[index] as UserRecord;
      if (accepts(user)) keyed.push({ key: String(readUserAttribute(user, sortBy) ?? '').toLowerCase(), user });
    }
    const direction = sortOrder?.toLowerCase() === 'desc' ? -1 : 1;
    keyed.sort((a, b) => {
      if (a.key !== b.key) return a.key < b.key ? -direction : direction;
      return a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0;
    });
    const users = keyed.map((entry) => entry.user);
    return { kind: 'sorted', users };
  }

  /** Ascending indexes of a superset of the matching users, from the indexes; null when only a scan will do. */
  private candidates(node: FilterNode): readonly number[] | null {
    switch (node.kind) {
      case 'not':
        return null;
      case 'and': {
        const left = this.candidates(node.left);
        const right = this.candidates(node.right);
        if (left && right) return left.length <= right.length ? left : right;
        return left ?? right;
      }
      case 'or': {
        const left = this.candidates(node.left);
        const right = this.candidates(node.right);
        return left && right ? mergeAscending(left, right) : null;
      }
      case 'compare': {
        if (node.attribute === 'status') return this.statusCandidates(node.operator, node.value);
        if (typeof node.value !== 'string') return null;
        if (node.attribute === 'id' && node.operator === 'eq') {
          const user = this.byId.get(node.value);
          return user ? [user.index] : [];
        }
        if (isIndexedProfileAttribute(node.attribute) && (node.operator === 'eq' || node.operator === 'sw')) {
          return [...this.prefixRange(node.attribute, node.value.toLowerCase(), node.operator === 'eq')].sort((a, b) => a - b);
        }
        return null;
      }
    }
  }

  /** Every status is one of eight values, so any comparison on it is answered from the status lists. */
  private statusCandidates(operator: ComparisonOperator, value: Literal): readonly number[] {
    // Case-insensitive: a superset for `filter`, whose case-sensitive check runs on each candidate.
    const lists = USER_STATUSES.filter((status) => compareValue(status, operator, value, false)).map((status) => this.statusList(status));
    return lists.reduce<readonly number[]>((union, list) => (union.length === 0 ? list : mergeAscending(union, list)), []);
  }

  /** `q`: the union of prefix matches on the four indexed profile attributes. */
  private prefixMatches(prefix: string): number[] {
    const hits = new Set<number>();
    for (const attribute of Q_ATTRIBUTES) {
      for (const index of this.prefixRange(attribute, prefix, false)) hits.add(index);
    }
    return [...hits].sort((a, b) => a - b);
  }

  private *ascendingFrom(candidates: readonly number[] | null, from: number): Generator<number> {
    if (candidates === null) {
      for (let index = from; index < this.users.length; index++) yield index;
      return;
    }
    for (let i = lowerBound(candidates, (index) => index < from); i < candidates.length; i++) yield candidates[i] as number;
  }

  private statusList(status: UserStatus): number[] {
    const list = this.byStatus.get(status);
    if (!list) throw new Error(`Unknown user status ${status}`);
    return list;
  }

  private sorted(attribute: IndexedProfileAttribute): SortedEntry[] {
    let entries = this.sortedCache.get(attribute);
    if (!entries) {
      const name = attribute.slice('profile.'.length);
      entries = [];
      // A user without the attribute matches no `eq` or `sw` on it, so it has no entry (most have no primary phone).
      for (const user of this.users) {
        const value = user.profile[name];
        if (value !== null && value !== undefined) entries.push({ key: value.toLowerCase(), index: user.index });
      }
      entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
      this.sortedCache.set(attribute, entries);
    }
    return entries;
  }

  private *prefixRange(attribute: IndexedProfileAttribute, prefix: string, exact: boolean): Generator<number> {
    const entries = this.sorted(attribute);
    for (let i = lowerBound(entries, (entry) => entry.key < prefix); i < entries.length; i++) {
      const entry = entries[i] as SortedEntry;
      if (exact ? entry.key !== prefix : !entry.key.startsWith(prefix)) break;
      yield entry.index;
    }
  }
}

type IndexedProfileAttribute = (typeof INDEXED_PROFILE_ATTRIBUTES)[number];

function isIndexedProfileAttribute(attribute: string): attribute is IndexedProfileAttribute {
  return (INDEXED_PROFILE_ATTRIBUTES as readonly string[]).includes(attribute);
}

/** In a sorted list, the first position whose item is not `before` the sought value (binary search). */
function lowerBound<T>(sorted: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(sorted[mid] as T)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The union of two ascending lists, ascending and without repeats. */
function mergeAscending(left: readonly number[], right: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const a = i < left.length ? (left[i] as number) : Infinity;
    const b = j < right.length ? (right[j] as number) : Infinity;
    const next = Math.min(a, b);
    if (a === next) i++;
    if (b === next) j++;
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

function tooComplex(why: string): OktaError {
  return new OktaError('E0000031', undefined, [`search: the expression is too long or complex (${why}); use at most ${MAX_SEARCH_COMPARISONS} conditions and ${MAX_SEARCH_LENGTH} characters`]);
}

function parse(expression: string): FilterNode {
  try {
    return parseFilter(expression);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new OktaError('E0000031', undefined, [error.message]);
    throw error;
  }
}

export function readUserAttribute(user: UserRecord, attribute: string): unknown {
  if (attribute.startsWith('profile.')) return user.profile[attribute.slice('profile.'.length)] ?? undefined;
  if (attribute === 'id') return user.id;
  if (attribute === 'status') return user.status;
  if (attribute === 'type.id') return 'oty' + user.id.slice(3);
  if (DATE_ATTRIBUTES.has(attribute)) {
    const value = user[attribute as 'created'];
    return value === null ? null : new Date(value).toISOString();
  }
  return undefined;
}
