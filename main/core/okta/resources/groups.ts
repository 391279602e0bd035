import { z } from 'zod';
import type { OktaClient } from '../client';
import { oktaUserSchema, type OktaUser } from '../schemas';
import { groupPath, groupsPath, groupUsersPath } from './paths';

export const oktaGroupSchema = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  profile: z.looseObject({ name: z.string(), description: z.string().nullable().optional() }),
  _embedded: z.looseObject({ stats: z.looseObject({ usersCount: z.number().optional() }).optional() }).optional(),
});
export type OktaGroup = z.infer<typeof oktaGroupSchema>;

/** Groups whose name starts with `query` (Okta's `q`), with their member counts (`expand=stats`). */
export async function findGroups(client: OktaClient, query: string, limit = 20): Promise<OktaGroup[]> {
  const q = query.trim();
  return (
    await client.request({
      method: 'GET',
      path: groupsPath,
      query: { ...(q ? { q } : {}), limit, expand: 'stats' },
      schema: z.array(oktaGroupSchema),
    })
  ).data;
}

export async function getGroup(client: OktaClient, groupId: string): Promise<OktaGroup> {
  return (await client.request({ method: 'GET', path: groupPath(groupId), schema: oktaGroupSchema })).data;
}

/** The group's members, page by page (`limit=200`, as Okta recommends; the default is 1000 "for historical reasons"). */
export async function* groupMembers(client: OktaClient, groupId: string, signal?: AbortSignal): AsyncGenerator<OktaUser[]> {
  for await (const page of client.paginate({ path: groupUsersPath(groupId), query: { limit: 200 }, itemSchema: oktaUserSchema, signal })) {
    yield page.items;
  }
}
