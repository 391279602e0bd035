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
    // A temporary access code (Okta's `profile.tac`): shown to the agent once, never kept.
    'tac',
    'temporaryAccessCode',
  ].map((name) => name.toLowerCase()),
);

/** Secrets being handed out right now (a temporary access code on its way to the agent), by how many hold each. */
const held = new Map<string, number>();

/**
 * Keep a secret that FactorDesk holds for a moment (a temporary access code between Okta's answer
 * and the agent's screen) out of every local store and log line, by value, until the returned
 * release is called: a record or line containing it is refused (stores) or redacted (logs), so a
 * slip that put it into a detail text or an error message cannot write it down.
 */
export function holdSecret(value: string): () => void {
  if (value.length < 4) return () => undefined;
  held.set(value, (held.get(value) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const count = (held.get(value) ?? 1) - 1;
    if (count <= 0) held.delete(value);
    else held.set(value, count);
  };
}

/** Whether `text` contains a secret being handed out (see holdSecret). */
export function containsHeldSecret(text: string): boolean {
  for (const value of held.keys()) if (text.includes(value)) return true;
  return false;
}

/** The secrets being handed out now, for scrubbing a log line. */
export function heldSecrets(): string[] {
  return [...held.keys()];
}

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
