import { OktaError } from '../errors';
import { parseLimit } from '../paging';
import type { Query } from '../request-context';
import { comparisons, FilterSyntaxError, parseFilter, type FilterNode } from '../scim-filter';

/** `GET /api/v1/groups`, read: the kind of query, its expression, paging and expansions. */
export interface GroupListRequest {
  /** `q` (a name prefix, no paging), `search`, `filter`, or every group. */
  kind: 'q' | 'search' | 'filter' | 'all';
  prefix: string;
  expression: FilterNode | null;
  limit: number;
  after: string | undefined;
  /** `expand=stats`: `_embedded.stats` on each group. */
  stats: boolean;
  sortBy: string | undefined;
  descending: boolean;
}

/** Okta: `q` returns at most 300 groups unless told; other listings default to (and cap at) 10,000. */
const Q_DEFAULT_LIMIT = 300;
const MAX_LIMIT = 10_000;

const DATE_ATTRIBUTES = new Set(['created', 'lastUpdated', 'lastMembershipUpdated']);
const FILTERABLE = new Set(['id', 'type', ...DATE_ATTRIBUTES]);
const CONTAINS_ALLOWED = new Set(['profile.name', 'profile.description']);

function parse(parameter: string, expression: string): FilterNode {
  try {
    return parseFilter(expression);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new OktaError('E0000031', undefined, [`${parameter}: ${error.message}`]);
    throw error;
  }
}

/**
 * `search`: any profile attribute, `id`, `type`, the three dates and `source.id`, with `eq`, `sw`,
 * `co` (only on `profile.name` and `profile.description`) and, on dates, `gt`/`ge`/`lt`/`le`
 * (Okta's own example searches `lastMembershipUpdated gt …`). `filter`: `id` and `type` with `eq`,
 * the dates with `eq`/`gt`/`ge`/`lt`/`le`. Anything else → 400 E0000031 with a cause.
 */
function checkSearch(tree: FilterNode): void {
  for (const node of comparisons(tree)) {
    const date = DATE_ATTRIBUTES.has(node.attribute);
    const allowed =
      node.operator === 'eq' ||
      node.operator === 'sw' ||
      (node.operator === 'co' && CONTAINS_ALLOWED.has(node.attribute)) ||
      (date && ['gt', 'ge', 'lt', 'le'].includes(node.operator));
    const known = node.attribute.startsWith('profile.') || node.attribute === 'id' || node.attribute === 'type' || node.attribute === 'source.id' || date;
    if (!known) throw new OktaError('E0000031', undefined, [`search: the attribute ${node.attribute} can't be searched`]);
    if (!allowed) throw new OktaError('E0000031', undefined, [`search: the operator ${node.operator} is not supported for ${node.attribute}`]);
  }
}

function checkFilter(tree: FilterNode): void {
  for (const node of comparisons(tree)) {
    if (!FILTERABLE.has(node.attribute)) throw new OktaError('E0000031', undefined, [`filter: the attribute ${node.attribute} is not supported; use the search parameter`]);
    const dateOperator = DATE_ATTRIBUTES.has(node.attribute) && ['gt', 'ge', 'lt', 'le'].includes(node.operator);
    if (node.operator !== 'eq' && !dateOperator) throw new OktaError('E0000031', undefined, [`filter: the operator ${node.operator} is not supported for ${node.attribute}`]);
  }
}

export function parseGroupList(query: Query): GroupListRequest {
  const base = { after: query.after, stats: (query.expand ?? '').split(',').includes('stats'), sortBy: undefined as string | undefined, descending: false };
  if (query.search !== undefined) {
    const expression = parse('search', query.search);
    checkSearch(expression);
    return { ...base, kind: 'search', prefix: '', expression, limit: parseLimit(query.limit, MAX_LIMIT, MAX_LIMIT), sortBy: query.sortBy, descending: query.sortOrder?.toLowerCase() === 'desc' };
  }
  if (query.filter !== undefined) {
    const expression = parse('filter', query.filter);
    checkFilter(expression);
    return { ...base, kind: 'filter', prefix: '', expression, limit: parseLimit(query.limit, MAX_LIMIT, MAX_LIMIT) };
  }
  if (query.q !== undefined) {
    // "Paging and searching are currently mutually exclusive. You can't page a query."
    return { ...base, kind: 'q', prefix: query.q.trim().toLowerCase(), expression: null, limit: parseLimit(query.limit, Q_DEFAULT_LIMIT, MAX_LIMIT), after: undefined };
  }
  return { ...base, kind: 'all', prefix: '', expression: null, limit: parseLimit(query.limit, MAX_LIMIT, MAX_LIMIT) };
}
