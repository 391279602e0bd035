// A locked-out user: why Okta locked them (from the System Log) and unlocking them.
//
// How the UI uses it: for a LOCKED_OUT user, `getLockout` says since when and why ("10 wrong
// passwords between 10:02 and 10:09 from San Francisco, United States"), linking to the History
// entry; `unlockUser` unlocks (journaled: one record however it ends). Unlocking keeps the
// password: a caller who forgot it needs a password reset in Okta as well.
import { z } from 'zod';
import { method } from './define';
import { oktaUserIdSchema as userId } from './ids';
import type { UserStatus } from './users';

export interface LockoutInfo {
  userId: string;
  status: UserStatus;
  /** Okta says LOCKED_OUT. */
  locked: boolean;
  /** When Okta locked the account (its latest lock event), ISO; null when the System Log does not say. */
  lockedAt: string | null;
  /**
   * Why, in words, from the lock event and the failed attempts before it: "10 wrong passwords
   * between 10:02 and 10:09 (192.0.2.10, San Francisco, United States)"; null when the log does not say.
   */
  reason: string | null;
  /** What the failed attempts were: passwords, MFA codes, denied Okta Verify pushes, or unknown. */
  cause: 'password' | 'mfa' | 'push' | 'unknown' | null;
  /** The failed attempts counted before the lock. */
  failedAttempts: number;
  /** The lock event's History entry (`sl:<uuid>`). */
  historyEntryId: string | null;
  systemLog: { readable: boolean; message?: string };
}

export interface UnlockResult {
  userId: string;
  /** The status after unlocking, as Okta reads back (ACTIVE). */
  status: UserStatus;
  unlockedAt: string;
  auditId: string;
}

export const lockoutMethods = {
  /** Why and since when the user is locked out (System Log, last 90 days). Errors: NOT_CONNECTED, NOT_FOUND. */
  getLockout: method(z.object({ userId }).strict()).returns<LockoutInfo>(),
  /**
   * `POST /users/{id}/lifecycle/unlock`. Errors: VALIDATION (not locked out: nothing to unlock, or
   * Okta does not allow it for this user), PERMISSION_DENIED, NOT_FOUND, RATE_LIMITED.
   */
  unlockUser: method(z.object({ userId }).strict()).returns<UnlockResult>(),
} as const;
