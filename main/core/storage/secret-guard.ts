/**
 * Field names that only ever hold secrets. Local stores must never hold them, so a record carrying
 * one is refused outright rather than silently stripped: the caller has a bug to fix.
 */
const secretFieldNames = new Set(
  [
    'token',
    'apiToken',
    'accessToken',
    'refreshToken',
    'idToken',
    'authorization',
    'passCode',
    'passcode',
    'password',
    'answer',
    'sharedSecret',
    'secret',
    'clientSecret',
    'privateKey',
  ].map((name) => name.toLowerCase()),
);

/** The path of the first secret-shaped field in `value` (e.g. "profile.sharedSecret"), or null. */
export function findSecretField(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecretField(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (secretFieldNames.has(key.toLowerCase()) && child !== undefined && child !== null) return childPath;
    const found = findSecretField(child, childPath);
    if (found) return found;
  }
  return null;
}

/** The string values held in secret-shaped fields anywhere in `value` (to scrub them from a log line). */
export function secretValues(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) secretValues(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (secretFieldNames.has(key.toLowerCase()) && typeof child === 'string' && child.length > 0) found.push(child);
      else secretValues(child, found);
    }
  }
  return found;
}
