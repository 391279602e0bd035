import { z } from 'zod';
import type { OktaClient, OktaQuery } from '../client';
import { linkHref } from '../hal-links';
import { oktaUserSchema, type OktaUser } from '../schemas';
import { firstPage } from './first-page';
import { userPath, usersPath } from './paths';

/** `GET /users/{id or login}` (`me` is the token's own user). */
export async function getUser(client: OktaClient, idOrLogin: string, signal?: AbortSignal): Promise<OktaUser> {
  return (await client.request({ method: 'GET', path: userPath(idOrLogin), schema: oktaUserSchema, signal })).data;
}

export interface UsersPage {
  users: OktaUser[];
  nextUrl: string | null;
}

/** One page of `GET /users` (list or search), or the page behind a `next` link (the renderer's cursor). */
export async function usersPage(client: OktaClient, request: { query: OktaQuery } | { nextUrl: string }): Promise<UsersPage> {
  const page = await firstPage(client, 'nextUrl' in request ? { path: request.nextUrl } : { path: usersPath, query: request.query }, oktaUserSchema);
  return { users: page.items, nextUrl: page.nextUrl };
}

/** Whether the token may list users at all; what the users look like is not read. */
export async function listAnyUser(client: OktaClient): Promise<void> {
  await client.request({ method: 'GET', path: usersPath, query: { limit: 1 }, schema: z.array(z.unknown()) });
}

/** Remove every factor of the user (`lifecycle/reset_factors`), following the user's own link when Okta gives one. */
export async function resetUserFactors(client: OktaClient, user: OktaUser): Promise<void> {
  const href = linkHref(user._links, 'resetFactors') ?? `${userPath(user.id)}/lifecycle/reset_factors`;
  await client.request({ method: 'POST', path: href, schema: z.unknown() });
}
