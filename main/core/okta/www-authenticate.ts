/** One `WWW-Authenticate` challenge: its scheme and its parameters (names lower-cased). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const MAX_HEADER = 4096;

/**
 * Reads `WWW-Authenticate: DPoP algs="ES256 RS256", error="use_dpop_nonce", error_description="…"`.
 * Tolerant (unquoted values, escaped quotes, unknown parameters) and bounded; only the first
 * challenge is read — Okta sends one. Returns null when there is none.
 */
export function parseChallenge(header: string | undefined): Challenge | null {
  if (!header) return null;
  const text = header.slice(0, MAX_HEADER);
  const schemeMatch = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)/.exec(text);
  if (!schemeMatch?.[1]) return null;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  const rest = text.slice(schemeMatch[0].length);
  for (const match of rest.matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))/g)) {
    const name = match[1]?.toLowerCase();
    if (!name || name in params) continue;
    params[name] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
  }
  return { scheme: schemeMatch[1], params };
}
