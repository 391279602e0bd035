import { z } from 'zod';
import { method } from './define';
import { oktaUserIdSchema as userId } from './ids';

export type UserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export interface UserSummary {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  status: UserStatus;
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

export type FactorStatus =
  | 'NOT_SETUP'
  | 'PENDING_ACTIVATION'
  | 'ENROLLED'
  | 'ACTIVE'
  | 'INACTIVE'
  | 'DISABLED'
  | 'EXPIRED';

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
  /** Phone number, email address, question text: what identifies it to the caller. */
  detail: string | null;
  created: string;
  lastUpdated: string;
}

export interface UserFactors {
  user: UserSummary;
  factors: FactorSummary[];
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
