import { z } from 'zod';
import { knownFactorStatuses } from '../../../../contract/users';
import { oktaLinksSchema } from './links';
import { openEnum } from './open-enum';

/** Okta's documented factor statuses; any other is kept as sent (shown as a neutral tag). */
export const oktaFactorStatusSchema = openEnum(knownFactorStatuses);

/** Profile fields depend on the factor type; the known ones are typed, the rest tolerated. */
export const oktaFactorProfileSchema = z.looseObject({
  credentialId: z.string().nullable().optional(),
  deviceType: z.string().nullable().optional(),
  keys: z.array(z.looseObject({})).optional(),
  name: z.string().nullable().optional(),
  platform: z.string().nullable().optional(),
  version: z.string().nullable().optional(),
  phoneNumber: z.string().nullable().optional(),
  phoneExtension: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  question: z.string().nullable().optional(),
  questionText: z.string().nullable().optional(),
  authenticatorName: z.string().nullable().optional(),
});

/** `_embedded.activation` (TOTP secret/QR link, push expiry) — only while activating. */
export const oktaFactorActivationSchema = z.looseObject({
  expiresAt: z.string().optional(),
  factorResult: z.string().optional(),
  /** A number in Okta's examples, typed String in its reference table: either is read. */
  timeStep: z.union([z.number(), z.string()]).optional(),
  sharedSecret: z.string().optional(),
  encoding: z.string().optional(),
  keyLength: z.number().optional(),
  _links: oktaLinksSchema.optional(),
});

/**
 * A user's factor. Only what every feature needs is required (its id, type and status); the type,
 * provider and status are open (FastPass, Duo, custom HOTP and whatever Okta adds next are listed as
 * sent), and fields no schema names (`lastVerified`, a `null` profile value) are tolerated.
 */
export const oktaFactorSchema = z.looseObject({
  id: z.string(),
  factorType: z.string(),
  /** Always sent by Okta; a factor without one is still listed (with an empty provider). */
  provider: z.string().nullable().optional().transform((provider) => provider ?? ''),
  vendorName: z.string().nullable().optional(),
  status: oktaFactorStatusSchema,
  created: z.string().optional(),
  lastUpdated: z.string().optional(),
  profile: oktaFactorProfileSchema.nullable().optional(),
  _links: oktaLinksSchema.optional(),
  _embedded: z
    .looseObject({
      activation: oktaFactorActivationSchema.optional(),
      challenge: z.looseObject({ correctAnswer: z.number().optional() }).optional(),
    })
    .optional(),
});

export type OktaFactorStatus = z.infer<typeof oktaFactorStatusSchema>;
export type OktaFactorProfile = z.infer<typeof oktaFactorProfileSchema>;
export type OktaFactorActivation = z.infer<typeof oktaFactorActivationSchema>;
export type OktaFactor = z.infer<typeof oktaFactorSchema>;
