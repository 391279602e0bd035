import { z } from 'zod';
import { oktaLinksSchema } from './links';

/** Okta timestamps are ISO strings; Okta sends null for "never". */
const timestamp = z.string();
const optionalTimestamp = timestamp.nullable().optional();

export const oktaUserStatusSchema = z.enum([
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
]);

/** Profile attributes differ per org (custom attributes), so everything beyond the base is tolerated. */
export const oktaUserProfileSchema = z.looseObject({
  login: z.string(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
  mobilePhone: z.string().nullable().optional(),
  secondEmail: z.string().nullable().optional(),
  primaryPhone: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
});

export const oktaUserSchema = z.looseObject({
  id: z.string(),
  status: oktaUserStatusSchema,
  created: timestamp,
  activated: optionalTimestamp,
  statusChanged: optionalTimestamp,
  lastLogin: optionalTimestamp,
  lastUpdated: timestamp,
  passwordChanged: optionalTimestamp,
  transitioningToStatus: z.string().nullable().optional(),
  profile: oktaUserProfileSchema,
  _links: oktaLinksSchema.optional(),
});

export type OktaUserStatus = z.infer<typeof oktaUserStatusSchema>;
export type OktaUserProfile = z.infer<typeof oktaUserProfileSchema>;
export type OktaUser = z.infer<typeof oktaUserSchema>;
