import { OktaError, validation } from '../errors';
import { parseLimit } from '../paging';
import type { Query } from '../request-context';
import { comparisons, FilterSyntaxError, parseFilter, type FilterNode } from '../scim-filter';
import { invalidField, invalidFilter, sinceTooOld, unknownOperator, unsupportedCombination } from './query-errors';

const DAY_MS = 86_400_000;
/** `since` may reach back at most this far (older: 400 E0000053). */
export const SINCE_LIMIT_DAYS = 180;

/** The LogEvent's attributes a filter may name (and their sub-attributes); `published` is for since / until. */
const FILTERABLE_ROOTS = new Set([
  'uuid',
  'eventType',
  'version',
  'severity',
  'legacyEventType',
  'displayMessage',
  'actor',
  'client',
  'device',
  'authenticationContext',
  'securityContext',
  'outcome',
  'target',
  'transaction',
  'debugContext',
  'request',
]);
/** Okta can't search inside these two for a substring (syslogquery.md: 400 E0000031). */
const NO_CONTAINS = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);

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

/** A `filter` as the System Log reads it: a SCIM expression over LogEvent attributes, or 400 E0000053 saying what is wrong. */
export function parseLogFilter(expression: string): FilterNode {
  let filter: FilterNode;
  try {
    filter = parseFilter(expression);
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    if (error.unknownOperator) throw unknownOperator(expression, error.unknownOperator.text, error.unknownOperator.at);
    throw invalidFilter(expression, error.message);
  }
  for (const { attribute, operator } of comparisons(filter)) {
    if (!FILTERABLE_ROOTS.has(attribute.split('.')[0] ?? '')) throw invalidField(attribute);
    if (operator === 'co' && NO_CONTAINS.has(attribute)) {
      throw unsupportedCombination(operator, attribute);
    }
  }
  return filter;
}

/** A System Log query; `now` is the org clock, against which `since` may reach back 180 days. */
export function parseLogQuery(query: Query, now: number): LogQuery {
  const until = parseTime('until', query.until);
  const since = parseTime('since', query.since);
  if (since !== undefined && since < now - SINCE_LIMIT_DAYS * DAY_MS) throw sinceTooOld();
  const descending = query.sortOrder?.toUpperCase() === 'DESCENDING';
  if (query.sortOrder && !['ASCENDING', 'DESCENDING'].includes(query.sortOrder.toUpperCase())) {
    throw validation('sortOrder', ['sortOrder: must be ASCENDING or DESCENDING']);
  }
  const limit = parseLimit(query.limit, 100, 1000);
  const filter = query.filter ? parseLogFilter(query.filter) : null;
  const keywords = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (keywords.length > 10 || keywords.some((k) => k.length > 40)) {
    throw validation('q', ['q: at most 10 keywords of at most 40 characters each']);
  }
  const after = query.after !== undefined ? Number(query.after) : undefined;
  if (after !== undefined && !Number.isInteger(after)) throw new OktaError('E0000001', 'after', ['after: use the cursor from the next link']);
  return { since, until, descending, limit, filter, keywords, after };
}
