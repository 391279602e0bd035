import type { FactorRecord } from '../factors/model';
import type { SeedFactor } from '../factors/seeded';

export const USER_STATUSES = [
  'ACTIVE',
  'LOCKED_OUT',
  'SUSPENDED',
  'PROVISIONED',
  'PASSWORD_EXPIRED',
  'RECOVERY',
  'STAGED',
  'DEPROVISIONED',
  // Transitional (UserStatus's description names it, its enum doesn't); only seeded, never set by a call.
  'ACTIVATING',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** How a seeded user's factors look; turned into factor records the first time anyone asks. */
export type FactorPlan =
  | 'none'
  | 'push'
  | 'push+sms'
  | 'sms'
  | 'call'
  | 'totp'
  | 'google'
  | 'email'
  | 'question'
  | 'pending-push'
  | 'pending-sms'
  | 'sms+email+question'
  /** Written out factor by factor (the showcase users). */
  | readonly SeedFactor[];

export interface UserProfile {
  firstName: string;
  lastName: string;
  email: string;
  login: string;
  mobilePhone: string | null;
  secondEmail: string | null;
  department: string;
  title: string;
  locale: string;
  timeZone: string;
  [attribute: string]: string | null;
}

export interface UserRecord {
  /** Position in creation order: the directory's natural listing order and its paging cursor. */
  index: number;
  id: string;
  status: UserStatus;
  created: number;
  activated: number | null;
  statusChanged: number | null;
  lastLogin: number | null;
  lastUpdated: number;
  passwordChanged: number | null;
  profile: UserProfile;
  password: string;
  factorPlan: FactorPlan;
  /** Materialized lazily from `factorPlan` (keeps a 100 000-user directory cheap to start). */
  factors?: FactorRecord[];
}
