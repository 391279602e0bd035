import type { OktaLink, OktaLinks } from './schemas';

/** The href of a `_links` relation (the one named `name` when the relation is a list). */
export function linkHref(links: OktaLinks | undefined, rel: string, name?: string): string | undefined {
  const value = links?.[rel];
  if (!value) return undefined;
  const list: OktaLink[] = Array.isArray(value) ? value : [value];
  const link = name === undefined ? list[0] : list.find((candidate) => candidate.name === name);
  return link?.href;
}

/** The names offered under a list relation, e.g. `send` → ['email', 'sms']. */
export function linkNames(links: OktaLinks | undefined, rel: string): string[] {
  const value = links?.[rel];
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).map((link) => link.name).filter((name): name is string => !!name);
}

