import { z } from 'zod';
import { knownUserStatuses } from '../../../../contract/users';
import { oktaLinksSchema } from './links';
import { openEnum } from './open-enum';

/** Okta timestamps are ISO strings; Okta sends null for "never". */
const timestamp = z.string();
const optionalTimestamp = timestamp.nullable().optional();

/** Okta's documented user statuses (ACTIVATING included); any other is kept as sent (shown as a neutral tag). */
export const oktaUserStatusSchema = openEnum(knownUserStatuses);

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

/**
 * A user. Searching and showing one needs its id, status and login; the rest is read when present,
 * so a user Okta sends with a field missing or a status it added later is still listed.
 */
export const oktaUserSchema = z.looseObject({
  id: z.string(),
  status: oktaUserStatusSchema,
  created: optionalTimestamp,
  activated: optionalTimestamp,
  statusChanged: optionalTimestamp,
  lastLogin: optionalTimestamp,
  lastUpdated: optionalTimestamp,
  passwordChanged: optionalTimestamp,
  transitioningToStatus: z.string().nullable().optional(),
  profile: oktaUserProfileSchema,
  _links: oktaLinksSchema.optional(),
});

export type OktaUserStatus = z.infer<typeof oktaUserStatusSchema>;
export type OktaUserProfile = z.infer<typeof oktaUserProfileSchema>;
export type OktaUser = z.infer<typeof oktaUserSchema>;
