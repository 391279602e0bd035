import type { FastifyInstance } from 'fastify';
import { OktaError, validation } from '../errors';
import type { Org } from '../org';
import { pageLinks, parseLimit } from '../paging';
import { queryOf } from '../request-context';
import { evaluate, FilterSyntaxError, parseFilter, type FilterNode } from '../scim-filter';
import type { LogEvent } from './event-log';

const DAY_MS = 86_400_000;

/** Reads a dotted attribute from an event; arrays (like `target`) yield every element's value. */
export function readEventAttribute(event: LogEvent, attribute: string): unknown {
  let values: unknown[] = [event];
  for (const part of attribute.split('.')) {
    const next: unknown[] = [];
    for (const value of values) {
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object') next.push((item as Record<string, unknown>)[part]);
      } else if (value && typeof value === 'object') {
        next.push((value as Record<string, unknown>)[part]);
      }
    }
    values = next.flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  const present = values.filter((v) => v !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present;
}

function keywordsOf(event: LogEvent): Set<string> {
  const words = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      words.add(lower);
      for (const piece of lower.split(/[\s\-,;()"]+/)) if (piece) words.add(piece);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(event);
  return words;
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

/** `GET /api/v1/logs`: since / until / after / filter / q / sortOrder / limit, with Link paging. */
export function registerLogRoutes(app: FastifyInstance, org: Org): void {
  app.get('/api/v1/logs', async (request, reply) => {
    const query = queryOf(request);
    const until = parseTime('until', query.until);
    const since = parseTime('since', query.since);
    const upper = until ?? org.clock.now();
    const lower = since ?? upper - 7 * DAY_MS;
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

    const matches = org.log.events.filter((event) => {
      if (after !== undefined ? (descending ? event.sequence >= after : event.sequence <= after) : false) return false;
      if (event.publishedAt < lower || event.publishedAt > upper) return false;
      if (filter && !evaluate(filter, (attribute) => readEventAttribute(event, attribute), false)) return false;
      if (keywords.length) {
        const words = keywordsOf(event);
        if (!keywords.every((k) => words.has(k))) return false;
      }
      return true;
    });
    if (descending) matches.reverse();
    const page = matches.slice(0, limit);
    const polling = !descending && until === undefined;
    const last = page[page.length - 1];
    const cursor = last ? String(last.sequence) : after !== undefined ? String(after) : String(org.log.events.at(-1)?.sequence ?? 0);
    const next = matches.length > limit || polling ? { after: cursor, limit: String(limit) } : null;
    reply.header('link', pageLinks(org.origin, '/api/v1/logs', query, next));
    return page.map(({ sequence: _sequence, publishedAt: _publishedAt, ...event }) => event);
  });
}
