/** Builds `Link` header values (`<url>; rel="self"`, `<url>; rel="next"`) on the org's own origin. */
export function pageLinks(origin: string, path: string, query: Record<string, string | undefined>, next: Record<string, string> | null): string[] {
  const self = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) self.set(key, value);
  const links = [`<${origin}${path}${self.size ? `?${self.toString()}` : ''}>; rel="self"`];
  if (next) {
    const nextParams = new URLSearchParams(self);
    for (const [key, value] of Object.entries(next)) nextParams.set(key, value);
    links.push(`<${origin}${path}?${nextParams.toString()}>; rel="next"`);
  }
  return links;
}

/** A `limit` query value: default when absent or unusable, capped at `max`. */
export function parseLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1) return fallback;
  return Math.min(Math.floor(value), max);
}
