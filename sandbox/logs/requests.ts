import { OktaError, validation } from '../errors';
import { parseLimit } from '../paging';
import type { Query } from '../request-context';
import { FilterSyntaxError, parseFilter, type FilterNode } from '../scim-filter';

/** A System Log query (`GET /api/v1/logs`), read from its query string. */
export interface LogQuery {
  since: number | undefined;
  until: number | undefined;
  descending: boolean;
  limit: number;
  filter: FilterNode | null;
  /** `q`, lower-cased: every keyword must occur in the event. */
  keywords: string[];
  /** The `sequence` of the last event of the previous page. */
  after: number | undefined;
}

function parseTime(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) {
    throw validation(`'${name}': The date format in your query is not recognized. Please enter dates using ISO8601 string format.`, [
      `${name}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.`,
    ]);
  }
  return at;
}

export function parseLogQuery(query: Query): LogQuery {
  const until = parseTime('until', query.until);
  const since = parseTime('since', query.since);
  const descending = query.sortOrder?.toUpperCase() === 'DESCENDING';
  if (query.sortOrder && !['ASCENDING', 'DESCENDING'].includes(query.sortOrder.toUpperCase())) {
    throw validation('sortOrder', ['sortOrder: must be ASCENDING or DESCENDING']);
  }
  const limit = parseLimit(query.limit, 100, 1000);
  let filter: FilterNode | null = null;
  if (query.filter) {
    try {
      filter = parseFilter(query.filter);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw validation('filter', [`filter: ${error.message}`]);
      throw error;
    }
  }
  const keywords = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (keywords.length > 10 || keywords.some((k) => k.length > 40)) {
    throw validation('q', ['q: at most 10 keywords of at most 40 characters each']);
  }
  const after = query.after !== undefined ? Number(query.after) : undefined;
  if (after !== undefined && !Number.isInteger(after)) throw new OktaError('E0000001', 'after', ['after: use the cursor from the next link']);
  return { since, until, descending, limit, filter, keywords, after };
}
