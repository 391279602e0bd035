import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { at, isObject } from './json-path';

// Comparisons BY VALUE with Okta's own examples, where Okta fixes the value: `status`,
// `factorResult`, the set of link relations with their names, methods and path shapes, a QR code's
// type, the embedded resources, and every field the example fills in being filled in (not null).
// Ids, timestamps and hosts differ by nature and are not compared.

/** The path of an href with ids and secrets replaced by placeholders: `/api/v1/users/{}/factors/{}/transactions/{}`. */
export function hrefShape(href: string): string {
  const path = href.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  const segments = path.split('/');
  return segments.map((segment, index) => (['users', 'factors', 'transactions', 'qr'].includes(segments[index - 1] ?? '') && !['questions', 'catalog'].includes(segment) ? '{}' : segment)).join('/');
}

type LinkValue = { name?: unknown; href?: unknown; type?: unknown; allow?: unknown };

function linkValue(link: unknown, withPath: boolean): LinkValue {
  if (!isObject(link)) return { href: link };
  return {
    ...(link.name !== undefined ? { name: link.name } : {}),
    ...(withPath && typeof link.href === 'string' ? { href: hrefShape(link.href) } : { href: typeof link.href }),
    ...(link.type !== undefined ? { type: link.type } : {}),
    ...(at(link, 'hints.allow') !== undefined ? { allow: at(link, 'hints.allow') } : {}),
  };
}

/** The `_links` of a body as values: relation → (name, path shape, type, allowed methods); arrays of named links kept as arrays. */
export function linkValues(links: unknown, pathsNotCompared: string[] = []): Record<string, LinkValue | LinkValue[]> {
  if (!isObject(links)) return {};
  const out: Record<string, LinkValue | LinkValue[]> = {};
  for (const [relation, link] of Object.entries(links)) {
    const withPath = !pathsNotCompared.includes(relation);
    out[relation] = Array.isArray(link) ? link.map((item) => linkValue(item, withPath)) : linkValue(link, withPath);
  }
  return out;
}

/** Every dotted path to a non-null leaf of the example (arrays of links and objects are walked). */
function filledPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => filledPaths(item, `${prefix}${prefix ? '.' : ''}${index}`));
  if (!isObject(value)) return value === null || value === undefined ? [] : [prefix];
  return Object.entries(value).flatMap(([key, item]) => filledPaths(item, `${prefix}${prefix ? '.' : ''}${key}`));
}

export interface ValueComparison {
  /** Link relations whose path is not compared (where Okta's documents disagree with each other). */
  pathsNotCompared?: string[];
  /** Dotted paths of the example not required in the body (profile fields the sandbox user lacks, …). */
  notRequired?: string[];
}

/**
 * `body` answers like Okta's `example`: the same status and factorResult, the same link relations
 * (no more, no fewer) with the same names, methods and path shapes, the same embedded resources
 * and activation links, and a non-null value wherever the example has one.
 */
export function expectValuesLike(exampleName: string, example: unknown, body: unknown, options: ValueComparison = {}): void {
  const context = `Okta's ${exampleName} vs ${JSON.stringify(body).slice(0, 700)}`;
  for (const field of ['status', 'factorResult', 'factorType', 'provider']) {
    if (at(example, field) !== undefined) expect(at(body, field), `${field}: ${context}`).toBe(at(example, field));
  }
  const paths = options.pathsNotCompared ?? [];
  expect(linkValues(at(body, '_links'), paths), `_links: ${context}`).toEqual(linkValues(at(example, '_links'), paths));
  const embedded = at(example, '_embedded');
  expect(Object.keys(isObject(at(body, '_embedded')) ? (at(body, '_embedded') as object) : {}).sort(), `_embedded: ${context}`).toEqual(
    isObject(embedded) ? Object.keys(embedded).sort() : [],
  );
  for (const nested of ['_embedded.activation._links', '_embedded.factor._embedded.activation._links', '_embedded.factor._links']) {
    if (at(example, nested) !== undefined) expect(linkValues(at(body, nested), paths), `${nested}: ${context}`).toEqual(linkValues(at(example, nested), paths));
  }
  const notRequired = options.notRequired ?? [];
  const missing = filledPaths(example).filter((path) => !notRequired.some((skip) => path === skip || path.startsWith(`${skip}.`)) && (at(body, path) === undefined || at(body, path) === null));
  expect(missing, `fields Okta fills in, missing or null: ${context}`).toEqual([]);
}

/**
 * The first ```json block under a heading of one of Okta's markdown references, found by a path of
 * headings (each searched after the previous one: `['Verify Push Factor', 'Response example (timeout)']`).
 */
export function markdownExample(referenceDir: string, file: string, headings: string[]): unknown {
  const lines = readFileSync(join(referenceDir, file), 'utf8').split(/\r?\n/);
  let start = -1;
  for (const heading of headings) {
    start = lines.findIndex((line, index) => index > start && /^#+\s/.test(line) && line.replace(/^#+\s+/, '') === heading);
    if (start === -1) throw new Error(`${file} has no heading "${heading}" (after ${headings.join(' › ')})`);
  }
  const open = lines.findIndex((line, index) => index > start && line.trim() === '```json');
  const close = lines.findIndex((line, index) => index > open && line.trim() === '```');
  return JSON.parse(lines.slice(open + 1, close).join('\n'));
}
