import { z } from 'zod';
import type { OktaClient } from '../client';
import { userRolesPath } from './paths';

/** One admin role assignment of a user (StandardRole / CustomRole); only what a refusal needs is read. */
export const oktaRoleAssignmentSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  label: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  assignmentType: z.string().nullable().optional(),
});
export type OktaRoleAssignment = z.infer<typeof oktaRoleAssignmentSchema>;

/** `GET /users/{id}/roles` (scope okta.roles.read): `[]` for someone who is not an admin. */
export async function listUserRoles(client: OktaClient, userId: string, signal?: AbortSignal): Promise<OktaRoleAssignment[]> {
  return (await client.request({ method: 'GET', path: userRolesPath(userId), schema: z.array(oktaRoleAssignmentSchema), signal })).data;
}
