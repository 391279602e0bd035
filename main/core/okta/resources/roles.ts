import { z } from 'zod';
import type { OktaClient } from '../client';
import { oktaRoleSchema, oktaRoleTargetGroupSchema, type OktaRole, type OktaRoleTargetGroup } from '../schemas';
import { clientRolesPath, roleGroupTargetsPath, userRolesPath } from './paths';

/** Okta's most role targets per page (management-minimal.yaml queryLimit). */
const TARGETS_PAGE = 200;
/** A role limited to more groups than this is described by its first ones. */
const MAX_TARGET_PAGES = 5;

/**
 * `GET /users/{id}/roles` (or `me`; scope okta.roles.read): the user's admin role assignments, `[]`
 * for a non-admin. Groups embedded (`expand=targets/groups`).
 */
export async function listUserRoles(client: OktaClient, userId: string | 'me', signal?: AbortSignal): Promise<OktaRole[]> {
  const path = userRolesPath(userId);
  return (await client.request({ method: 'GET', path, query: { expand: 'targets/groups' }, schema: z.array(oktaRoleSchema), signal })).data;
}

/** `GET /oauth2/v1/clients/{clientId}/roles`: a service app's admin role assignments. */
export async function listClientRoles(client: OktaClient, clientId: string): Promise<OktaRole[]> {
  return (await client.request({ method: 'GET', path: clientRolesPath(clientId), schema: z.array(oktaRoleSchema) })).data;
}

/** The groups a role assignment is limited to (`[]`: not limited), from the roles list it came in. */
export async function roleGroupTargets(client: OktaClient, owner: { userId: string | 'me' } | { clientId: string }, roleAssignmentId: string): Promise<OktaRoleTargetGroup[]> {
  const rolesPath = 'userId' in owner ? userRolesPath(owner.userId) : clientRolesPath(owner.clientId);
  const groups: OktaRoleTargetGroup[] = [];
  let pages = 0;
  for await (const page of client.paginate({ path: roleGroupTargetsPath(rolesPath, roleAssignmentId), query: { limit: TARGETS_PAGE }, itemSchema: oktaRoleTargetGroupSchema })) {
    groups.push(...page.items);
    if (++pages >= MAX_TARGET_PAGES) break;
  }
  return groups;
}
