import { z } from 'zod';
import type { OktaClient, OktaQuery } from '../client';
import { linkHref } from '../hal-links';
import { oktaUserSchema, type OktaUser } from '../schemas';
import { firstPage } from './first-page';
import { readPageCursor, userList } from './page-cursor';
import { currentUserPath, ownLinkOr, resetFactorsPath, unlockUserPath, userByLoginPath, userPath, userSessionsPath, usersPath } from './paths';

/** `GET /users/{id}`. */
export async function getUser(client: OktaClient, userId: string, signal?: AbortSignal): Promise<OktaUser> {
  return (await client.request({ method: 'GET', path: userPath(userId), schema: oktaUserSchema, signal })).data;
}

/** `GET /users/{login}`: only for a login that cannot change the path (see isPathSafeLogin). */
export async function getUserByLogin(client: OktaClient, login: string): Promise<OktaUser> {
  return (await client.request({ method: 'GET', path: userByLoginPath(login), schema: oktaUserSchema })).data;
}

/** `GET /users/me`: the user the API token belongs to. */
export async function getCurrentUser(client: OktaClient): Promise<OktaUser> {
  return (await client.request({ method: 'GET', path: currentUserPath, schema: oktaUserSchema })).data;
}

export interface UsersPage {
  users: OktaUser[];
  nextUrl: string | null;
}

/** One page of `GET /users` (list or search), or the page behind a `next` link (the renderer's cursor, checked to be one). */
export async function usersPage(client: OktaClient, request: { query: OktaQuery } | { nextUrl: string }): Promise<UsersPage> {
  const query = 'nextUrl' in request ? readPageCursor(client.origins, request.nextUrl, userList) : request.query;
  const page = await firstPage(client, { path: usersPath, query }, oktaUserSchema);
  return { users: page.items, nextUrl: page.nextUrl };
}

/** Whether the token may list users at all; what the users look like is not read. */
export async function listAnyUser(client: OktaClient): Promise<void> {
  await client.request({ method: 'GET', path: usersPath, query: { limit: 1 }, schema: z.array(z.unknown()) });
}

/** Remove every factor of the user (`lifecycle/reset_factors`), following the user's own link when Okta gives one. */
export async function resetUserFactors(client: OktaClient, user: OktaUser): Promise<void> {
  const href = ownLinkOr(linkHref(user._links, 'resetFactors'), resetFactorsPath(user.id), 'reset factors');
  await client.request({ method: 'POST', path: href, schema: z.unknown() });
}

/** `lifecycle/reset_factors` by id, for a user whose record is not at hand (a bulk job's row): Okta's documented path. */
export async function resetFactorsOfUser(client: OktaClient, userId: string): Promise<void> {
  await client.request({ method: 'POST', path: resetFactorsPath(userId), schema: z.unknown() });
}

/**
 * `DELETE /users/{id}/sessions`: ends the user's Okta sessions and, with `oauthTokens`, revokes the
 * OIDC/OAuth tokens issued to them. `forgetDevices` left out keeps Okta's default (Identity Engine:
 * remembered factors are forgotten; Classic: kept); given, it is sent as is.
 */
export async function clearUserSessions(client: OktaClient, userId: string, options: { oauthTokens: boolean; forgetDevices?: boolean }): Promise<void> {
  const query = { oauthTokens: options.oauthTokens, ...(options.forgetDevices === undefined ? {} : { forgetDevices: options.forgetDevices }) };
  await client.request({ method: 'DELETE', path: userSessionsPath(userId), query, schema: z.unknown() });
}

/** `POST /users/{id}/lifecycle/unlock`: a LOCKED_OUT user can sign in again (their password is unchanged). */
export async function unlockUser(client: OktaClient, userId: string): Promise<void> {
  await client.request({ method: 'POST', path: unlockUserPath(userId), schema: z.unknown() });
}

/** Unlock the user through their own `unlock` link (Okta offers it when unlocking is allowed), else Okta's documented path. */
export async function unlockUserAt(client: OktaClient, user: OktaUser): Promise<void> {
  const href = ownLinkOr(linkHref(user._links, 'unlock'), unlockUserPath(user.id), 'unlock');
  await client.request({ method: 'POST', path: href, schema: z.unknown() });
}

/** Every page of `GET /users?search=…` (the bulk job's "users matching this search"), up to `max` users. */
export async function* searchAllUsers(client: OktaClient, search: string, signal?: AbortSignal): AsyncGenerator<OktaUser[]> {
  for await (const page of client.paginate({ path: usersPath, query: { search, limit: 200 }, itemSchema: oktaUserSchema, signal })) {
    yield page.items;
  }
}
