// Getting a caller back in after a reset, and keeping out whoever had the old factors.
//
// - Signing out everywhere: `resetFactor` / `resetAllFactors` take `signOutEverywhere: true` (the UI's
//   "Sign them out everywhere", on by default) and, once the reset succeeded, clear the user's Okta
//   sessions, the OAuth tokens apps hold for them and their remembered devices, in the same call; the
//   ResetResult's `signOut` says how that step ended. `signOutEverywhere` does it on its own (a retry).
//   Each step is its own journaled action with an attempt record and exactly one outcome.
// - Temporary Access Code: `getTacSettings` reads the org's TAC authenticator (how long a code may live,
//   whether it may be used more than once) and the user's current code, if any; `issueTac` issues one
//   under the same caller-verification rules as a reset (and, signed in with Okta, a fresh sign-in). The
//   code is in `issueTac`'s answer only: never in an event, the journal, History or a log. Issuing again
//   replaces the user's code. `revokeTac` deletes it.
// - Watching for the re-enrollment: `watchReenrollment` follows the user's factor list (within the org's
//   poll budget) and reports each new enrollment with when, on which device and from where, flagging one
//   from a country the user has not signed in from or through an anonymizing proxy (System Log).
import { z } from 'zod';
import { event, method } from './define';
import type { BridgeErrorData } from './errors';
import { oktaUserIdSchema as userId, watchIdSchema as watchId } from './ids';
import type { FactorSummary } from './users';
import type { RiskCheckRecord } from './risk';
import { callerVerificationInputSchema, riskAcknowledgementSchema, type CallerVerificationRecord } from './workflows';

// ---------------------------------------------------------------- signing out everywhere

/** How "sign them out everywhere" ended. A failure or an unknown outcome carries why and what to do. */
export interface SignOutOutcome {
  userId: string;
  outcome: 'success' | 'failure' | 'unknown';
  /** What was asked of Okta: sessions always, and the OAuth tokens apps hold and remembered devices. */
  oauthTokens: boolean;
  forgetDevices: boolean;
  /** ISO time the outcome was journaled. */
  at: string;
  /** The journal record of a success (a failure's record is in the journal too, found by time and user). */
  auditId: string | null;
  /** failure / unknown: what went wrong, in the agent's words (e.g. permission, rate limit, lost answer). */
  error: BridgeErrorData | null;
}

// ---------------------------------------------------------------- temporary access code

/** The org's TAC authenticator, as a code may be issued within it. */
export interface TacPolicy {
  authenticatorId: string;
  minTtlMinutes: number;
  maxTtlMinutes: number;
  defaultTtlMinutes: number;
  multiUseAllowed: boolean;
  /** Characters in a code (Okta's `length`), when the org says. */
  length: number | null;
}

/** A code the user has now (its value is never readable again). */
export interface CurrentTac {
  enrollmentId: string;
  issuedAt: string | null;
  expiresAt: string;
  multiUse: boolean;
}

export type TacSettings =
  | { userId: string; available: true; policy: TacPolicy; current: CurrentTac | null }
  /** The org cannot issue codes: not an Identity Engine org, no TAC authenticator, or it is inactive. */
  | { userId: string; available: false; reason: 'not_identity_engine' | 'not_set_up' | 'inactive'; message: string; action: string };

/** An issued code. `code` is shown once and goes nowhere else. */
export interface IssuedTac {
  userId: string;
  enrollmentId: string;
  code: string;
  ttlMinutes: number;
  multiUse: boolean;
  issuedAt: string;
  expiresAt: string;
  /** The user had a code, which no longer works. */
  replacedPrevious: boolean;
  callerVerification: CallerVerificationRecord;
  /** The risk card the code was issued under; on a high-risk account with the second verification and the reason. */
  riskCheck?: RiskCheckRecord;
  auditId: string;
}

export interface RevokedTac {
  userId: string;
  /** False when the user had no code to revoke. */
  revoked: boolean;
  auditId: string | null;
}

// ---------------------------------------------------------------- re-enrollment watch

/** Where an enrollment came from, as Okta's System Log saw it. */
export interface EnrollmentPlace {
  city: string | null;
  state: string | null;
  country: string | null;
  ipAddress: string | null;
  isProxy: boolean | null;
  /** The network's owner (Okta's `securityContext.asOrg`). */
  network: string | null;
}

export type EnrollmentFlag =
  /** A country none of the user's sign-ins and enrollments of the last 90 days came from. */
  | { kind: 'new_country'; country: string; knownCountries: string[] }
  /** Through an anonymizing proxy (Okta's `securityContext.isProxy`). */
  | { kind: 'proxy'; network: string | null }
  /** The System Log could not be read (or had no event yet): where it came from is not known. */
  | { kind: 'place_unknown'; why: string };

export interface Reenrollment {
  /** The new factors of one enrollment (Okta Verify brings push, codes and FastPass together). */
  factors: FactorSummary[];
  /** "Okta Verify", "SMS", ... */
  label: string;
  /** The device it was set up on ("Pixel 8"), when Okta says. */
  deviceName: string | null;
  enrolledAt: string;
  place: EnrollmentPlace | null;
  flags: EnrollmentFlag[];
}

export type ReenrollmentState = 'WATCHING' | 'ENROLLED' | 'STOPPED' | 'ERROR';

/** Sent to the window that started the watch: each new enrollment (ENROLLED), trouble (WATCHING with `error`), its end. */
export interface ReenrollmentStatusEvent {
  watchId: string;
  userId: string;
  state: ReenrollmentState;
  at: string;
  /** ENROLLED: what was enrolled, when and from where. */
  enrollment: Reenrollment | null;
  /** STOPPED: why (`expired`, `cancelled`, ...). */
  reason: string | null;
  /** ERROR: what went wrong. WATCHING: polls failing and being retried, null once Okta answers again. */
  error: BridgeErrorData | null;
}

export interface ReenrollmentWatch {
  watchId: string;
  userId: string;
  /** Factors enrolled before this time are not news. */
  since: string;
  /** The watch ends by itself then (ISO). */
  until: string;
}

// ---------------------------------------------------------------- methods

export const recoveryMethods = {
  /**
   * End the user's Okta sessions, revoke the OAuth tokens apps hold for them and forget their
   * remembered devices (`DELETE /users/{id}/sessions?oauthTokens=true&forgetDevices=true`). Journaled
   * (attempt + outcome). Answers the outcome, failures included (they are in `error`).
   */
  signOutEverywhere: method(z.object({ userId }).strict()).returns<SignOutOutcome>(),

  /** The org's TAC settings and the user's current code. Errors: PERMISSION_DENIED (okta.authenticators.read), NOT_FOUND. */
  getTacSettings: method(z.object({ userId }).strict()).returns<TacSettings>(),

  /**
   * Issue a Temporary Access Code. `ttlMinutes` (default: the org's) and `multiUse` within the org's
   * settings; `callerVerification` as for a reset, but always required (whoever holds a code signs in
   * as the user). Errors: INVALID_INPUT (verification), VALIDATION
   * (outside the settings, authenticator inactive), PERMISSION_DENIED, STEP_UP_REQUIRED, RATE_LIMITED,
   * OUTCOME_UNKNOWN (a code may have been issued whose value nobody can read: revoke or replace it).
   */
  issueTac: method(
    z
      .object({
        userId,
        ttlMinutes: z.number().int('Whole minutes').min(10, 'At least 10 minutes').max(14_400, 'At most 10 days').optional(),
        multiUse: z.boolean().default(false),
        callerVerification: callerVerificationInputSchema.optional(),
        riskAcknowledgement: riskAcknowledgementSchema.optional(),
      })
      .strict(),
  ).returns<IssuedTac>(),

  /** Delete the user's Temporary Access Code, if any (journaled). */
  revokeTac: method(z.object({ userId }).strict()).returns<RevokedTac>(),

  /** Watch the user's factors for new enrollments after `since` (default now), for up to 30 minutes. */
  watchReenrollment: method(z.object({ userId, since: z.iso.datetime({ offset: true }).optional() }).strict()).returns<ReenrollmentWatch>(),

  /** Stop a re-enrollment watch (only the window that started it may). Idempotent. */
  stopReenrollmentWatch: method(z.object({ watchId }).strict()).returns<null>(),
} as const;

export const recoveryEvents = {
  reenrollmentStatus: event<ReenrollmentStatusEvent>(),
} as const;
