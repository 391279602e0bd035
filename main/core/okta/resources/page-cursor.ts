import { FactorDeskError } from '../../../../contract/errors';
import type { OktaQuery } from '../client';
import { crossOriginRefused, pathAsWritten, shorten } from '../origin';
import { systemLogPath, usersPath } from './paths';

/** A list Okta pages through with `Link: <…>; rel="next"`: its path and the query parameters its next links carry. */
export interface PagedList {
  path: string;
  params: readonly string[];
  /** In words, for errors: "user list". */
  name: string;
  /** What the agent does when a cursor is refused. */
  restart: string;
}

export const userList: PagedList = {
  path: usersPath,
  params: ['after', 'limit', 'search', 'q', 'filter', 'sortBy', 'sortOrder'],
  name: 'user list',
  restart: 'Search again from the start.',
};

export const systemLogList: PagedList = {
  path: systemLogPath,
  params: ['after', 'since', 'until', 'filter', 'q', 'sortOrder', 'limit'],
  name: 'System Log',
  restart: 'Reload the history from the start.',
};

/**
 * The query of a next-page link the renderer hands back as a cursor. It must be that list's own
 * next link on the org: the org's origin (or its custom domain's), exactly the list's path, only the list's known parameters,
 * each once. The request is then rebuilt from the list's path and those parameters, so a cursor
 * can choose the page, never the endpoint.
 */
export function readPageCursor(origin: string | readonly string[], cursor: string, list: PagedList): OktaQuery {
  const origins = typeof origin === 'string' ? [origin] : origin;
  const refuse = (why: string): FactorDeskError =>
    new FactorDeskError({
      code: 'INVALID_INPUT',
      message: `The next-page position is not the ${list.name}'s own (${why}); nothing was sent to Okta.`,
      action: list.restart,
      causes: ['cursor: not a next-page link FactorDesk gave out'],
    });
  if (!/^https?:\/\//i.test(cursor)) throw refuse('it is not a web address on the org');
  let url: URL;
  try {
    url = new URL(cursor);
  } catch {
    throw refuse('it is not a valid address');
  }
  if (!origins.includes(url.origin)) throw crossOriginRefused(url, 'next-page position');
  if (url.username || url.password || url.hash) throw refuse('it carries a user name, password or fragment');
  const writtenPath = pathAsWritten(cursor).split('?')[0];
  if (writtenPath !== list.path || url.pathname !== list.path) throw refuse(`it points at "${shorten(writtenPath ?? '', 80)}"`);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (!list.params.includes(name)) throw refuse(`it carries an unknown parameter "${shorten(name, 40)}"`);
    if (Object.hasOwn(query, name)) throw refuse(`it repeats the parameter "${name}"`);
    query[name] = value;
  }
  return query;
}
