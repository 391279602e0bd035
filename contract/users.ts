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
