// Factor workflows: enroll, activate, verify the caller, reset.
//
// How the UI uses this contract, in short:
// - Enroll screen: `getFactorCatalog` lists what can be enrolled; `enrollFactor` enrolls one type and
//   answers what the agent needs next (push: a QR image + live activation watch; TOTP: otpauth URI +
//   secret; sms/call/email: "code sent"; question: done). `activateFactor` finishes a code-based
//   enrollment; `resendCode` resends; `sendActivationLink` sends the push activation link by sms/email.
// - Push activation is watched live by main: `activationStatus` events (WAITING → ACTIVE / TIMEOUT);
//   on TIMEOUT call `watchActivation` to start again (new QR, new expiry). While polls fail and are
//   retried, WAITING events carry an `error` (trouble reaching Okta), cleared by a WAITING event with
//   `error: null` once Okta answers again; the same holds for `pushVerifyStatus`.
// - Verify screen: `startVerify` (push: number-matching challenge + live `pushVerifyStatus` events;
//   sms/call/email: a code is sent; totp/question: nothing to send), then `checkVerification` for codes
//   and answers. `cancelWatch` stops a push verify or an activation watch.
// - Caller verification is a timeline per org and user: `getCallerVerification` says whether a passed
//   check counts now (the user header's "Caller verified by … until HH:MM" badge), or which later
//   check failed and voided it; `endCall` stops a pass from counting (journaled). A failed check —
//   a push denied, timed out, cancelled or not followed to its end, a wrong code or answer, a check
//   with no known result — voids every earlier pass. `callerVerificationChanged` tells the window
//   whose check changed it. `resetFactor` / `resetAllFactors` require a `callerVerification` when
//   the org's `requireCallerVerification` is on (OrgSummary: the desk policy's rule, or the org's own
//   setting), and always after a failed check. The window a passed check counts for is the policy's.
//   With `signOutEverywhere: true` a successful reset is followed, in the same call, by clearing the
//   user's sessions and OAuth tokens (ResetResult.signOut; contract/recovery.ts).
//
// Every method that changes or challenges a user writes exactly one audit-journal outcome before answering,
// however it ends: refused by FactorDesk's checks, failed before or at Okta, succeeded, or unknown
// (OUTCOME_UNKNOWN: the request may have reached Okta and its answer was lost). Resets also write an
// attempt record before their request goes out; a lost reset answer is settled by reading the factors back.
// Main never sends the API token, and never echoes a passcode or an answer, back to the renderer.
// Failures arrive as BridgeErrorData (contract/errors.ts) with `message` + `action`; the codes the
// workflows produce are listed on each method.
import { z } from 'zod';
import { event, method } from './define';
import type { BridgeErrorData } from './errors';
import { oktaFactorIdSchema as factorId, oktaUserIdSchema as userId, watchIdSchema as watchId } from './ids';
import type { SignOutOutcome } from './recovery';
import type { RiskCheckRecord } from './risk';
import type { FactorSummary } from './users';

// ---------------------------------------------------------------- shared input pieces

/** E.164: a plus, a country code that does not start with 0, 7–15 digits in all. Spaces/dashes are removed first. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const phoneNumberSchema = z
  .string()
  .trim()
  .max(32)
  .transform((raw) => raw.replace(/[\s().-]/g, ''))
  .refine((value) => E164_PATTERN.test(value), {
    message: 'Enter the phone number in international format, like +14155550123',
  });

/** A one-time code read out by the caller (TOTP, sms, call, email). Digits only; never echoed back. */
export const passCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{4,10}$/, 'Enter the code the caller reads out (digits only)');

/**
 * A code the caller reads off an app or a token to verify them: digits from an authenticator app,
 * Symantec VIP or a custom HOTP token; an RSA SecurID passcode (the PIN, which may hold letters,
 * then the tokencode); or the 44 letters a YubiKey types when touched. Main checks it against the
 * factor's own format. Never echoed back or journaled.
 */
export const callerCodeSchema = z
  .string()
  .max(200)
  .trim()
  .transform((raw) => raw.replace(/\s+/g, ''))
  .refine((value) => /^[A-Za-z0-9]{4,64}$/.test(value), { message: 'Enter the code the caller reads out (letters and digits only)' });

/** The factor types whose code the caller reads out (not sent by Okta): Okta checks it with `passCode`. */
export const readOutCodeFactorTypes = ['token:software:totp', 'token', 'token:hotp', 'token:hardware'] as const;
export type ReadOutCodeFactorType = (typeof readOutCodeFactorTypes)[number];

/** Security-question answer. Okta requires at least 4 characters. Never echoed back or journaled. */
const answerSchema = z.string().min(4, 'The answer must be at least 4 characters').max(200);

/** Factor types the workflows can enroll, verify and reset. Others (webauthn, hardware tokens) are listed but not enrollable here. */
export const workflowFactorTypes = ['push', 'token:software:totp', 'sms', 'call', 'email', 'question'] as const;
export type WorkflowFactorType = (typeof workflowFactorTypes)[number];

/** The two TOTP providers: Okta Verify (code mode) and Google Authenticator (any RFC 6238 app). */
export const totpProviderSchema = z.enum(['OKTA', 'GOOGLE']);
export type TotpProvider = z.infer<typeof totpProviderSchema>;

/** What to enroll: one variant per factor type. */
export const enrollRequestSchema = z.discriminatedUnion('factorType', [
  z.object({ factorType: z.literal('push') }).strict(),
  z.object({ factorType: z.literal('token:software:totp'), provider: totpProviderSchema }).strict(),
  z.object({ factorType: z.literal('sms'), phoneNumber: phoneNumberSchema }).strict(),
  z
    .object({
      factorType: z.literal('call'),
      phoneNumber: phoneNumberSchema,
      phoneExtension: z.string().trim().regex(/^\d{1,15}$/, 'Extension: digits only').optional(),
    })
    .strict(),
  /** `email` defaults to the user's primary email when omitted. */
  z.object({ factorType: z.literal('email'), email: z.email('Enter a valid email address').max(254).optional() }).strict(),
  z.object({ factorType: z.literal('question'), question: z.string().trim().min(1).max(100), answer: answerSchema }).strict(),
]);
export type EnrollRequest = z.input<typeof enrollRequestSchema>;

/** Manual ways an agent can have verified a caller, when no recent passed check exists. */
export const manualVerificationMethods = [
  'manager_callback', // the caller's manager called back / confirmed on a known number
  'id_check', // government or company ID checked (in person or video)
  'known_callback', // agent called the caller back on the number on record
  'in_person', // caller at the desk, recognised or badge checked
  'other', // something else, described in the ticket
] as const;
export type ManualVerificationMethod = (typeof manualVerificationMethods)[number];

/**
 * How the caller was verified before a reset.
 * - `recent_check`: main looks up a passed test push / code check for this user within the window
 *   and not voided by a later failed check or an ended call (see getCallerVerification), and fails
 *   with INVALID_INPUT if there is none.
 * - a manual method: the agent's choice plus the ticket reference (required).
 */
export const callerVerificationInputSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('recent_check') }).strict(),
  z
    .object({
      method: z.enum(manualVerificationMethods),
      ticket: z.string().trim().min(1, 'Enter the ticket reference').max(100),
    })
    .strict(),
]);
export type CallerVerificationInput = z.input<typeof callerVerificationInputSchema>;

/**
 * What a reset (or a temporary access code) of a high-risk user must add (contract/risk.ts): a
 * second verification method, not the one given as `callerVerification`, and why the desk goes
 * ahead. Journaled with the action.
 */
export const riskAcknowledgementSchema = z
  .object({
    secondMethod: z.enum(['recent_check', ...manualVerificationMethods]),
    reason: z.string().trim().min(10, 'Say in a sentence why the reset goes ahead (at least 10 characters)').max(500),
  })
  .strict();
export type RiskAcknowledgement = z.input<typeof riskAcknowledgementSchema>;

// ---------------------------------------------------------------- results

/** One entry of the user's factor catalog (what can be enrolled). */
export interface CatalogEntry {
  factorType: string;
  provider: string;
  vendorName: string | null;
  /** Human name, e.g. "Okta Verify (push)", "Google Authenticator". */
  label: string;
  /** True when FactorDesk can enroll this type (see workflowFactorTypes). */
  enrollable: boolean;
  /** True when the user already has a factor of this type+provider (any status). */
  alreadyEnrolled: boolean;
  /** sms/call: phone numbers Okta already knows for this user (to prefill). */
  knownPhoneNumbers: string[];
}

export interface FactorCatalog {
  userId: string;
  entries: CatalogEntry[];
}

export interface SecurityQuestion {
  /** Okta's question key, sent back in enrollFactor. */
  key: string;
  text: string;
}

/** A push activation in progress; watched live by main (activationStatus events with this watchId). */
export interface PushActivation {
  watchId: string;
  userId: string;
  factorId: string;
  /**
   * The org's activation QR code as a `data:image/png;base64,...` URL, fetched by main from the
   * `qrcode` link. Null when the org gave no QR or it could not be fetched: offer the sms/email link instead.
   */
  qrImageDataUrl: string | null;
  /** When the activation expires (ISO). After it, the watch ends with TIMEOUT. */
  expiresAt: string | null;
  /** Channels the activation link can be sent by (from Okta's `send` links). */
  sendChannels: ('sms' | 'email')[];
}

/** Where a code went, masked enough to read to the caller ("+1 ••• ••• 0123", "a•••@example.com"). */
export interface CodeSent {
  factorId: string;
  factorType: 'sms' | 'call' | 'email';
  sentTo: string;
  /** Earliest time a resend is accepted (ISO): Okta allows one sms/call per 30 s, one email per 5 s. */
  resendAvailableAt: string;
}

export type EnrollResult =
  | { kind: 'push_activation'; factor: FactorSummary; activation: PushActivation }
  | {
      kind: 'totp_activation';
      factor: FactorSummary;
      provider: TotpProvider;
      /** otpauth://totp/... URI for the renderer to draw as a QR code (qrcode lib). */
      otpauthUri: string;
      /** Base32 secret, shown as text for callers who type it in. */
      sharedSecret: string;
      digits: number;
      periodSeconds: number;
    }
  | { kind: 'code_sent'; factor: FactorSummary; code: CodeSent }
  /** Security question: active at once. */
  | { kind: 'active'; factor: FactorSummary };

/** Result of starting a verification. */
export type VerifyStarted =
  | {
      kind: 'push';
      watchId: string;
      factorId: string;
      /** The number the caller must tap in Okta Verify; null when number matching was off. */
      correctAnswer: number | null;
      startedAt: string;
      expiresAt: string | null;
    }
  | { kind: 'code_sent'; code: CodeSent }
  /**
   * An app or token code (authenticator apps, YubiKey, RSA SecurID, Symantec VIP, custom HOTP) or a
   * security question: nothing is sent; ask the caller for the code or answer, then call checkVerification.
   */
  | { kind: 'ask_caller'; factorId: string; factorType: ReadOutCodeFactorType | 'question'; questionText: string | null };

/** A passed check that can stand as caller verification for a reset. */
export interface RecentVerification {
  userId: string;
  factorId: string;
  factorType: string;
  /** How it passed: an approved test push or a correct code/answer. */
  method: 'test_push' | 'code_check';
  verifiedAt: string;
  /** When it stops counting (verifiedAt + the window). */
  validUntil: string;
}

/**
 * How a check failed: a push `denied` on the phone, `timed_out` unanswered, `cancelled` by the agent,
 * `not_followed` (FactorDesk lost sight of it and withdrew it), a `wrong_code` or `wrong_answer`, or
 * `no_known_result` (Okta's answer to the check was lost).
 */
export type FailedCheckReason = 'denied' | 'timed_out' | 'cancelled' | 'not_followed' | 'wrong_code' | 'wrong_answer' | 'no_known_result';

export interface FailedCheck {
  factorId: string | null;
  factorType: string | null;
  reason: FailedCheckReason;
  /** When it failed (ISO). */
  at: string;
}

/** The caller verification timeline of one user, read at one moment. */
export interface CallerVerificationStatus {
  userId: string;
  /** The passed check that counts as caller verification now; null when none does. */
  verified: RecentVerification | null;
  /**
   * The latest failed check after the last pass (or in the window when none passed). While it is
   * set, a reset needs another method and a ticket, whatever the org's setting.
   */
  failedCheck: FailedCheck | null;
  /** The pass that `failedCheck` voided, when there was one. */
  voidedPass: RecentVerification | null;
  /** When the agent ended the call after the last pass, which then stopped counting (ISO). */
  callEndedAt: string | null;
  /** Window length used (minutes), for the UI's wording. */
  windowMinutes: number;
}

/** The caller verification as recorded with a reset (and in the journal). */
export type CallerVerificationRecord =
  | { method: 'test_push' | 'code_check'; automatic: true; factorId: string; factorType: string; verifiedAt: string }
  | { method: ManualVerificationMethod; automatic: false; ticket: string }
  /** The org does not require it and the agent gave none. */
  | { method: 'not_required'; automatic: false };

export interface CheckResult {
  factorId: string;
  factorType: string;
  outcome: 'SUCCESS';
  verifiedAt: string;
  /** The id of the journal record written for this check. */
  auditId: string;
}

export interface ResetResult {
  userId: string;
  /** Factors removed (one for resetFactor). */
  removedFactorIds: string[];
  callerVerification: CallerVerificationRecord;
  /** The risk card the reset was done under (absent where FactorDesk did not check one). */
  riskCheck?: RiskCheckRecord;
  resetAt: string;
  auditId: string;
  /** With `signOutEverywhere`: how clearing the user's sessions and tokens ended, after the reset (contract/recovery.ts). */
  signOut?: SignOutOutcome;
}

// ---------------------------------------------------------------- events

export interface DeviceInfo {
  name: string | null;
  platform: string | null;
  version: string | null;
}

export type ActivationState = 'WAITING' | 'ACTIVE' | 'TIMEOUT' | 'CANCELLED' | 'ERROR';

/**
 * Live status of a push activation, sent only to the client that started the watch. The starting
 * method's answer is the initial WAITING state; events report the end (ACTIVE, TIMEOUT, CANCELLED,
 * ERROR — every state but WAITING is final and ends the watch).
 *
 * WAITING events report trouble polling Okta while the watch carries on: a poll that failed and is
 * being retried (dropped connection, timeout, rate limit, Okta 5xx; up to 5 in a row) sends WAITING
 * with `error` saying FactorDesk is having trouble reaching Okta and keeps retrying; the next poll
 * that answers sends WAITING with `error: null`. If the retries run out, ERROR ends the watch.
 */
export interface ActivationStatusEvent {
  watchId: string;
  userId: string;
  factorId: string;
  state: ActivationState;
  /** ISO time of this observation. */
  at: string;
  expiresAt: string | null;
  /** ACTIVE: the device that scanned the QR. */
  device: DeviceInfo | null;
  /** ACTIVE: the activated factor, to update the table. */
  factor: FactorSummary | null;
  /** TIMEOUT: start again with watchActivation({ userId, factorId }). */
  restartable: boolean;
  /** ERROR: what went wrong (polling failed for good, factor removed, ...). WAITING: polls failing and being retried, null once Okta answers again. */
  error: BridgeErrorData | null;
}

export type PushVerifyState = 'WAITING' | 'SUCCESS' | 'REJECTED' | 'TIMEOUT' | 'CANCELLED' | 'ERROR';

/**
 * Live status of a test push, sent only to the client that started it. startVerify's answer is the
 * initial WAITING state (count elapsed time from its `startedAt`); events report the end (SUCCESS,
 * REJECTED, TIMEOUT, CANCELLED, ERROR — all final). A watch that ends without Okta's final answer
 * withdraws the push at Okta and says so in `withdrawn`.
 *
 * As for activations, WAITING events with `error` set say a failed poll is being retried (FactorDesk
 * is having trouble reaching Okta), and a WAITING event with `error: null` says Okta answers again.
 */
export interface PushVerifyStatusEvent {
  watchId: string;
  userId: string;
  factorId: string;
  state: PushVerifyState;
  at: string;
  /** Milliseconds since the push was sent. */
  elapsedMs: number;
  correctAnswer: number | null;
  /** SUCCESS: this check now counts as caller verification until then (ISO). */
  validUntil: string | null;
  /**
   * CANCELLED / ERROR / TIMEOUT that FactorDesk ended (the agent cancelled, the window closed, the
   * app quit, polls kept failing): true when the push was withdrawn at Okta, so the caller can no
   * longer approve it; false when withdrawing failed (it stays on the phone until it expires, and an
   * approval would not count); null when Okta itself ended the push.
   */
  withdrawn: boolean | null;
  /** ERROR: what went wrong. WAITING: polls failing and being retried, null once Okta answers again. */
  error: BridgeErrorData | null;
}

// ---------------------------------------------------------------- methods

export const workflowMethods = {
  /** GET /users/{id}/factors/catalog, marked with what is enrollable and already enrolled. Errors: NOT_FOUND, PERMISSION_DENIED. */
  getFactorCatalog: method(z.object({ userId }).strict()).returns<FactorCatalog>(),

  /** The org's security questions for this user. */
  listSecurityQuestions: method(z.object({ userId }).strict()).returns<SecurityQuestion[]>(),

  /**
   * Enroll one factor. Push: main starts watching the activation at once (activationStatus events).
   * Errors: ALREADY_ENROLLED, VALIDATION (e.g. Okta refused the phone), SENT_TOO_RECENTLY (retryAt), RATE_LIMITED.
   */
  enrollFactor: method(z.object({ userId, request: enrollRequestSchema }).strict()).returns<EnrollResult>(),

  /** Push activation: send the activation link by sms (to phoneNumber) or email (to the user's email). */
  sendActivationLink: method(
    z
      .discriminatedUnion('channel', [
        z.object({ channel: z.literal('sms'), userId, factorId, phoneNumber: phoneNumberSchema }).strict(),
        z.object({ channel: z.literal('email'), userId, factorId }).strict(),
      ]),
  ).returns<{ channel: 'sms' | 'email'; sentTo: string }>(),

  /** Finish a TOTP/sms/call/email enrollment with the code. Errors: WRONG_CODE, ACTIVATION_EXPIRED, RATE_LIMITED. */
  activateFactor: method(z.object({ userId, factorId, passCode: passCodeSchema }).strict()).returns<FactorSummary>(),

  /**
   * Send the code again: `enroll` for a pending sms/call/email factor, `verify` for a verification challenge.
   * Errors: SENT_TOO_RECENTLY with retryAt (show "wait N s").
   */
  resendCode: method(
    z.object({ userId, factorId, purpose: z.enum(['enroll', 'verify']) }).strict(),
  ).returns<CodeSent>(),

  /** (Re)start a push activation and watch it: new QR and expiry. Use after TIMEOUT or to reopen a pending one. */
  watchActivation: method(z.object({ userId, factorId }).strict()).returns<PushActivation>(),

  /**
   * Start verifying the caller with one of their active factors. Push: sends a test push (number matching
   * on unless `useNumberMatching: false`) and watches it (pushVerifyStatus events).
   */
  startVerify: method(
    z.object({ userId, factorId, useNumberMatching: z.boolean().default(true) }).strict(),
  ).returns<VerifyStarted>(),

  /**
   * Check the code (sms/call/email, an app or a token: TOTP, YubiKey, RSA SecurID, Symantec VIP, custom
   * HOTP) or the answer (question) the caller gives. Errors: WRONG_CODE (wrong, already used, expired),
   * VALIDATION (not that factor's code format).
   */
  checkVerification: method(
    z
      .union([
        z.object({ userId, factorId, passCode: callerCodeSchema }).strict(),
        z.object({ userId, factorId, answer: answerSchema }).strict(),
      ]),
  ).returns<CheckResult>(),

  /** Stop a watch: cancels the push transaction at Okta (verify) or just stops polling (activation). Idempotent. */
  cancelWatch: method(z.object({ watchId }).strict()).returns<null>(),

  /** Does a passed test push / code check count as caller verification for this user now, or did a later check fail? */
  getCallerVerification: method(z.object({ userId }).strict()).returns<CallerVerificationStatus>(),

  /**
   * The call is over: the user's passed check stops counting (journaled as `end_call` when a pass was
   * counting; nothing changes at Okta). Answers the status after it.
   */
  endCall: method(z.object({ userId }).strict()).returns<CallerVerificationStatus>(),

  /**
   * Reset (remove) one factor. `callerVerification` is required when the org requires it, and
   * always when the user's risk card is high, with `riskAcknowledgement` (a second method and a reason).
   * Errors: NOT_FOUND (already removed: refresh), INVALID_INPUT (verification missing), PERMISSION_DENIED.
   */
  resetFactor: method(
    z.object({
      userId,
      factorId,
      callerVerification: callerVerificationInputSchema.optional(),
      riskAcknowledgement: riskAcknowledgementSchema.optional(),
      signOutEverywhere: z.boolean().optional(),
    }).strict(),
  ).returns<ResetResult>(),

  /**
   * Reset all the user's factors (lifecycle/reset_factors). `confirmLogin` must equal the user's login
   * exactly (the UI's type-to-confirm); `callerVerification` as for resetFactor.
   */
  resetAllFactors: method(
    z
      .object({
        userId,
        confirmLogin: z.string().trim().min(1, "Type the user's login to confirm").max(200),
        callerVerification: callerVerificationInputSchema.optional(),
        riskAcknowledgement: riskAcknowledgementSchema.optional(),
        signOutEverywhere: z.boolean().optional(),
      })
      .strict(),
  ).returns<ResetResult>(),
} as const;

export const workflowEvents = {
  activationStatus: event<ActivationStatusEvent>(),
  pushVerifyStatus: event<PushVerifyStatusEvent>(),
  /** A check of this user passed or failed: the caller verification status now (sent to the window that ran the check). */
  callerVerificationChanged: event<CallerVerificationStatus>(),
} as const;
