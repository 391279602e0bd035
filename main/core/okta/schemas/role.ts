import { z } from 'zod';

/** A group a role is limited to, as Okta embeds or lists it (only what FactorDesk shows). */
export const oktaRoleTargetGroupSchema = z.looseObject({
  id: z.string(),
  profile: z.looseObject({ name: z.string().nullable().optional() }).optional(),
});

/**
 * A role assignment (`GET /users/{id}/roles`, `/oauth2/v1/clients/{id}/roles`): Okta's StandardRole
 * or CustomRole. Tolerant of role types FactorDesk does not know; `expand=targets/groups` embeds the
 * groups a role is limited to.
 */
export const oktaRoleSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  label: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  assignmentType: z.string().nullable().optional(),
  _embedded: z
    .looseObject({ targets: z.looseObject({ groups: z.array(oktaRoleTargetGroupSchema).optional() }).optional() })
    .optional(),
});

export type OktaRole = z.infer<typeof oktaRoleSchema>;
export type OktaRoleTargetGroup = z.infer<typeof oktaRoleTargetGroupSchema>;
