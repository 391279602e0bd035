import { OktaError } from '../errors';
import { comparisons, evaluate, FilterSyntaxError, parseFilter, type FilterNode } from '../scim-filter';
import type { UserRecord } from './model';

const INDEXED_PROFILE_ATTRIBUTES = ['firstName', 'lastName', 'email', 'login'] as const;
const DATE_ATTRIBUTES = new Set(['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged']);
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

/** The seeded user directory with the indexes that keep prefix and equality lookups fast at 100 000 users. */
export class Directory {
  readonly users: UserRecord[];
  private readonly byId = new Map<string, UserRecord>();
  private readonly byLogin = new Map<string, UserRecord>();
  private readonly byStatus = new Map<string, number[]>();
  /** Sorted (lowercased value, index) pairs per profile attribute, built on first use to keep start-up fast. */
  private readonly sortedCache = new Map<string, SortedEntry[]>();

  constructor(users: UserRecord[]) {
    this.users = users;
    for (const user of users) {
      this.byId.set(user.id, user);
      this.byLogin.set(user.profile.login.toLowerCase(), user);
      const list = this.byStatus.get(user.status) ?? [];
      list.push(user.index);
      this.byStatus.set(user.status, list);
    }
  }

  private sorted(attribute: string): SortedEntry[] | undefined {
    if (!(INDEXED_PROFILE_ATTRIBUTES as readonly string[]).includes(attribute.replace(/^profile\./, '')) || !attribute.startsWith('profile.')) return undefined;
    let entries = this.sortedCache.get(attribute);
    if (!entries) {
      const name = attribute.slice('profile.'.length);
      entries = this.users.map((u) => ({ key: (u.profile[name] ?? '').toLowerCase(), index: u.index }));
      entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
      this.sortedCache.set(attribute, entries);
    }
    return entries;
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

  /** Users matching the query in listing order (creation order, or `sortBy` for searches). */
  query(query: UserQuery): { users: UserRecord[]; defaultLimit: number } {
    if (query.search !== undefined) return { users: this.search(query.search, query.sortBy, query.sortOrder), defaultLimit: 200 };
    if (query.filter !== undefined) return { users: this.filter(query.filter), defaultLimit: 200 };
    if (query.q !== undefined) return { users: this.find(query.q), defaultLimit: 10 };
    return { users: this.users.filter((u) => u.status !== 'DEPROVISIONED'), defaultLimit: 200 };
  }

  /** `q`: prefix match on first name, last name, email or login; deprovisioned users are left out. */
  private find(q: string): UserRecord[] {
    const prefix = q.trim().toLowerCase();
    const hits = new Set<number>();
    for (const attribute of INDEXED_PROFILE_ATTRIBUTES) {
      for (const index of this.prefixRange(`profile.${attribute}`, prefix, false)) hits.add(index);
    }
    return [...hits]
      .sort((a, b) => a - b)
      .map((i) => this.users[i] as UserRecord)
      .filter((u) => u.status !== 'DEPROVISIONED');
  }

  private filter(expression: string): UserRecord[] {
    const tree = parse(expression);
    for (const node of comparisons(tree)) {
      if (!FILTERABLE.has(node.attribute)) {
        throw new OktaError('E0000031', undefined, [`filter: the attribute ${node.attribute} is not supported; use the search parameter`]);
      }
      if (node.operator !== 'eq' && !(node.attribute === 'lastUpdated' && ['gt', 'ge', 'lt', 'le'].includes(node.operator))) {
        throw new OktaError('E0000031', undefined, [`filter: the operator ${node.operator} is not supported for ${node.attribute}`]);
      }
    }
    return this.run(tree, true);
  }

  private search(expression: string, sortBy?: string, sortOrder?: string): UserRecord[] {
    const tree = parse(expression);
    for (const node of comparisons(tree)) {
      if (node.operator === 'ne') {
        throw new OktaError('E0000031', undefined, ['search: the ne operator is not supported; use lt ... or ... gt']);
      }
    }
    const users = this.run(tree, false);
    if (sortBy) {
      const direction = sortOrder?.toLowerCase() === 'desc' ? -1 : 1;
      const keyOf = (u: UserRecord): string => String(readUserAttribute(u, sortBy) ?? '').toLowerCase();
      users.sort((a, b) => {
        const ka = keyOf(a);
        const kb = keyOf(b);
        if (ka !== kb) return ka < kb ? -direction : direction;
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      });
    }
    return users;
  }

  private run(tree: FilterNode, caseSensitive: boolean): UserRecord[] {
    const candidates = this.candidates(tree);
    // A large candidate set is no cheaper than a scan in listing order.
    const pool =
      candidates && candidates.size < this.users.length / 4
        ? [...candidates].sort((a, b) => a - b).map((i) => this.users[i] as UserRecord)
        : this.users;
    return pool.filter((u) => evaluate(tree, (attribute) => readUserAttribute(u, attribute), caseSensitive));
  }

  /** A superset of the matching indexes from the indexes, or null when a full scan is needed. */
  private candidates(node: FilterNode): Set<number> | null {
    switch (node.kind) {
      case 'not':
        return null;
      case 'and': {
        const left = this.candidates(node.left);
        const right = this.candidates(node.right);
        if (left && right) return left.size <= right.size ? left : right;
        return left ?? right;
      }
      case 'or': {
        const left = this.candidates(node.left);
        const right = this.candidates(node.right);
        if (!left || !right) return null;
        return new Set([...left, ...right]);
      }
      case 'compare': {
        const value = typeof node.value === 'string' ? node.value : null;
        if (value === null) return null;
        if (node.attribute === 'id' && node.operator === 'eq') {
          const user = this.byId.get(value);
          return new Set(user ? [user.index] : []);
        }
        if (node.attribute === 'status' && node.operator === 'eq') return new Set(this.byStatus.get(value.toUpperCase()) ?? []);
        if (this.sorted(node.attribute) && (node.operator === 'eq' || node.operator === 'sw')) {
          return new Set(this.prefixRange(node.attribute, value.toLowerCase(), node.operator === 'eq'));
        }
        return null;
      }
    }
  }

  private *prefixRange(attribute: string, prefix: string, exact: boolean): Generator<number> {
    const entries = this.sorted(attribute) ?? [];
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((entries[mid] as SortedEntry).key < prefix) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < entries.length; i++) {
      const entry = entries[i] as SortedEntry;
      if (exact ? entry.key !== prefix : !entry.key.startsWith(prefix)) break;
      yield entry.index;
    }
  }
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
