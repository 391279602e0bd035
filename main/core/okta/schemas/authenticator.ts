import { z } from 'zod';
import { oktaLinksSchema } from './links';

/**
 * One org authenticator (`GET /api/v1/authenticators`). Tolerant of what is not needed (other
 * authenticators' settings, new fields); the TAC settings are read apart (tacConfigurationSchema).
 */
export const oktaAuthenticatorSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  type: z.string().optional(),
  status: z.string(),
  name: z.string().nullable().optional(),
  provider: z.looseObject({ type: z.string().optional(), configuration: z.unknown().optional() }).nullable().optional(),
  _links: oktaLinksSchema.optional(),
});

/** The TAC authenticator's `provider.configuration` (AuthenticatorKeyTac): what a code may be issued with. */
export const tacConfigurationSchema = z.looseObject({
  minTtl: z.number(),
  maxTtl: z.number(),
  defaultTtl: z.number().optional(),
  length: z.number().optional(),
  multiUseAllowed: z.boolean().optional(),
});

/**
 * A user's authenticator enrollment (`GET /users/{id}/authenticator-enrollments`), any type. A TAC's
 * `profile` has `multiUse` and `expiresAt`, never the code: that comes only with the POST that made it,
 * which is read apart so the code is never part of a parse error.
 */
export const oktaAuthenticatorEnrollmentSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  key: z.string().optional(),
  status: z.string().optional(),
  profile: z.record(z.string(), z.unknown()).nullable().optional(),
  created: z.string().optional(),
  lastUpdated: z.string().optional(),
  _links: oktaLinksSchema.optional(),
});

export type OktaAuthenticator = z.infer<typeof oktaAuthenticatorSchema>;
export type TacConfiguration = z.infer<typeof tacConfigurationSchema>;
export type OktaAuthenticatorEnrollment = z.infer<typeof oktaAuthenticatorEnrollmentSchema>;
