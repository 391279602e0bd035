// Small, typed accessors for JSON bodies whose shape the tests are checking, so that a missing
// field fails with the path that was expected rather than a TypeError.

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`_links.poll.href`), or undefined when any step is missing. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (isObject(current)) current = current[step];
    else return undefined;
  }
  return current;
}

export function stringAt(value: unknown, path: string): string {
  const found = at(value, path);
  if (typeof found !== 'string') {
    throw new Error(`Expected a string at "${path}" but found ${JSON.stringify(found)} in ${JSON.stringify(value)}`);
  }
  return found;
}

export function objectAt(value: unknown, path: string): JsonObject {
  const found = path === '' ? value : at(value, path);
  if (!isObject(found)) {
    throw new Error(`Expected an object at "${path}" but found ${JSON.stringify(found)} in ${JSON.stringify(value)}`);
  }
  return found;
}

export function arrayOf(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`Expected ${what} to be an array but got ${JSON.stringify(value)}`);
  return value;
}

/** The keys of the object at `path`, sorted, for shape comparisons. */
export function keysAt(value: unknown, path = ''): string[] {
  const found = path === '' ? value : at(value, path);
  return isObject(found) ? Object.keys(found).sort() : [];
}

/** The href of a HAL link relation; for an array relation (send, resend) pick it by `name`. */
export function linkHref(body: unknown, relation: string, name?: string): string {
  const link = at(body, `_links.${relation}`);
  if (Array.isArray(link)) {
    const named = link.find((entry) => isObject(entry) && (name === undefined || entry.name === name));
    return stringAt(named, 'href');
  }
  return stringAt(link, 'href');
}

export function linkAllows(body: unknown, relation: string): unknown {
  return at(body, `_links.${relation}.hints.allow`);
}
