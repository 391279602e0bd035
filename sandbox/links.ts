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
