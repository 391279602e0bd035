import { AsyncLocalStorage } from 'node:async_hooks';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Link {
  href: string;
  hints: { allow: HttpMethod[] };
}

export interface NamedLink extends Link {
  name: string;
}

/** A HAL link with the `hints.allow` list Okta publishes on every link. */
export function link(href: string, ...allow: HttpMethod[]): Link {
  return { href, hints: { allow } };
}

export function namedLink(name: string, href: string, ...allow: HttpMethod[]): NamedLink {
  return { name, href, hints: { allow } };
}

/** The origins an org is reached on, as its clients see them (no trailing slash). */
export interface PublicOrigins {
  /** The org's own (`*.okta.com`-like) domain: `publicUrl`, or the address the sandbox listens on. */
  orgDomain: string;
  /** A second origin the org also answers on (a custom domain), or null. */
  customDomain: string | null;
}

/** Which of the two origins a request came in on. */
export type Arrival = 'orgDomain' | 'customDomain';

/**
 * What a link is for. Every link is written on the origin the request came in on, except, in
 * custom-domain mode, the links a client polls a push with (`pushPoll`): those go to the other
 * origin, as an org whose custom domain is half set up writes them.
 */
export type LinkKind = 'resource' | 'pushPoll';

const arrivals = new AsyncLocalStorage<Arrival>();

/** Runs `next` (and everything it starts) as part of a request that came in on `arrival`. */
export function withArrival<T>(arrival: Arrival, next: () => T): T {
  return arrivals.run(arrival, next);
}

/**
 * The one rule for link origins. Outside a request (start-up, timers) links use the org domain.
 * Without a custom domain every link uses the org domain, however the request reached the server.
 */
export function linkOrigin(origins: PublicOrigins, kind: LinkKind = 'resource', arrival: Arrival = arrivals.getStore() ?? 'orgDomain'): string {
  if (origins.customDomain === null) return origins.orgDomain;
  const called = arrival === 'customDomain' ? origins.customDomain : origins.orgDomain;
  const other = arrival === 'customDomain' ? origins.orgDomain : origins.customDomain;
  return kind === 'pushPoll' ? other : called;
}

/**
 * An origin given as an option (`publicUrl`, `customDomain`): `http(s)://host[:port]`, with an
 * optional trailing slash and nothing else, since the sandbox serves its paths from the root.
 */
export function parseOrigin(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${option} must be an http(s) origin such as https://acme.okta.test, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${option} must use http or https, got ${url.protocol}`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new Error(`${option} must be an origin only (scheme, host and port), got ${JSON.stringify(value)}`);
  }
  return url.origin;
}
