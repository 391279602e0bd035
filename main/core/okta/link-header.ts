/**
 * Parses an RFC 8288 Link header (Okta sends `<url>; rel="next"`, possibly several links,
 * possibly several headers joined with commas) into rel → URL.
 */
export function parseLinkHeader(value: string | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!value) return links;
  const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const match of value.matchAll(linkPattern)) {
    const url = match[1] ?? '';
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params)?.[1];
    if (!rel) continue;
    for (const name of rel.trim().split(/\s+/)) {
      if (!links.has(name)) links.set(name.toLowerCase(), url);
    }
  }
  return links;
}
