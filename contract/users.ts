import { z } from 'zod';
import { method } from './define';
import { oktaUserIdSchema as userId } from './ids';

/**
 * The user statuses Okta documents: UserStatus's enum, and ACTIVATING, which its description names
 * ("a transitional status … not directly settable") though the enum leaves it out.
 */
export const knownUserStatuses = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'ACTIVATING',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;
export type KnownUserStatus = (typeof knownUserStatuses)[number];
/** A documented status, or one Okta adds later: shown as Okta sent it, never refused. */
export type UserStatus = KnownUserStatus | (string & {});

export interface UserSummary {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  status: UserStatus;
  /** While Okta moves the user between statuses (ACTIVATING): where to (PROVISIONED, ACTIVE, DEPROVISIONED). */
  transitioningToStatus: string | null;
  mobilePhone: string | null;
  created: string;
  lastLogin: string | null;
  lastUpdated: string;
}

export interface UserPage {
  users: UserSummary[];
  /** Opaque cursor for the next page, null at the end. */
  nextCursor: string | null;
  /**
   * When the query is a phone number (or the start of one): the users whose profile phones hold it
   * (listed first in `users`), and which fields matched. Absent for other queries and later pages.
   */
  phoneMatches?: PhoneMatch[];
  /** How the query was read as a phone number, when it was one. */
  phoneSearch?: PhoneSearchInfo;
}

/** A user found by the number on the agent's phone display: which of their phone fields hold it. */
export interface PhoneMatch {
  userId: string;
  /** `mobilePhone`, `primaryPhone` or both. */
  fields: Array<'mobilePhone' | 'primaryPhone'>;
  /** The stored numbers that matched, as Okta keeps them ("+1-555-415-1337"). */
  numbers: string[];
}

export interface PhoneSearchInfo {
  /** The number in E.164 (+15554151337); null when only the start of a number was typed (matched by prefix). */
  e164: string | null;
  /** The country a number without a country code is read in (ISO 3166 alpha-2, e.g. US). */
  region: string;
  /** Where that comes from: the org's setting, the agent's computer (its locale), or FactorDesk's default (US). */
  regionSource: 'org' | 'locale' | 'default';
  /** Set when Okta refused the phone search (the name and email results are still shown): why, in words. */
  problem?: string;
}

/** Factor statuses Okta documents (UserFactorStatus, factors.md; catalog entries are NOT_SETUP). */
export const knownFactorStatuses = ['NOT_SETUP', 'PENDING_ACTIVATION', 'ENROLLED', 'ACTIVE', 'INACTIVE', 'DISABLED', 'EXPIRED'] as const;
export type KnownFactorStatus = (typeof knownFactorStatuses)[number];
/** A documented status, or one Okta adds later: shown as Okta sent it, never refused. */
export type FactorStatus = KnownFactorStatus | (string & {});

/**
 * How the caller can be verified with a factor in FactorDesk: a test `push`; a code Okta sends
 * (`sent_code`: sms, call, email); a `code` the caller reads off an app or token (authenticator
 * apps of any provider, YubiKey, RSA SecurID, Symantec VIP, custom HOTP); the security question's
 * `answer`.
 */
export type CallerCheck = 'push' | 'sent_code' | 'code' | 'answer';

export interface FactorSummary {
  id: string;
  /** Okta factorType: push, sms, call, email, token:software:totp, question, webauthn, ... */
  factorType: string;
  provider: string;
  vendorName: string | null;
  status: FactorStatus;
  /** Human name of the factor, e.g. "Okta Verify (push)". */
  label: string;
  deviceName: string | null;
  platform: string | null;
  platformVersion: string | null;
  /** Phone number, email address, question text, a token's serial: what identifies it to the caller. */
  detail: string | null;
  created: string;
  lastUpdated: string;
  /**
   * How FactorDesk can check the caller with it once it is ACTIVE; null when Okta offers no admin
   * check for it (FastPass, security keys and biometrics, U2F, Duo, types Okta adds later).
   */
  callerCheck: CallerCheck | null;
  /** The Okta Verify device it is part of (`key` of one of UserFactors.oktaVerifyDevices), or null. */
  oktaVerifyDevice: string | null;
  /**
   * Other factors Okta removes with this one: removing Okta Verify push or FastPass removes that
   * device's Okta Verify (push, codes, FastPass). Empty for every other factor.
   */
  removesAlso: string[];
}

/**
 * One Okta Verify app on one device. Identity Engine lists its push, its codes (an Okta Verify
 * `token:software:totp`) and FastPass (`signed_nonce`) as separate factors; a computer has FastPass only.
 */
export interface OktaVerifyDevice {
  /** Stable for one listing: the id of the device's push factor, or of its FastPass. */
  key: string;
  /** As the device reports itself ("Isaac iPhone"); null before a push is activated. */
  name: string | null;
  platform: string | null;
  platformVersion: string | null;
  pushFactorId: string | null;
  /** Its Okta Verify code factors (one, as a rule). */
  codeFactorIds: string[];
  fastPassFactorId: string | null;
}

export interface UserFactors {
  user: UserSummary;
  factors: FactorSummary[];
  /** The user's Okta Verify devices, in the order their first factor is listed. */
  oktaVerifyDevices: OktaVerifyDevice[];
  fetchedAt: string;
}

export const userMethods = {
  /** Search as you type: Okta `search`/`q` depending on the query. Empty query lists the first page. */
  searchUsers: method(
    z
      .object({
        query: z.string().max(200),
        limit: z.number().int().min(1).max(200).default(50),
        /** `nextCursor` of the previous page, given back unchanged (main checks it is this list's own next link). */
        cursor: z.string().min(1).max(2000).optional(),
      })
      .strict(),
  ).returns<UserPage>(),
  getUser: method(z.object({ userId }).strict()).returns<UserSummary>(),
  listFactors: method(z.object({ userId }).strict()).returns<UserFactors>(),
} as const;
