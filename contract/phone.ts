import { z } from 'zod';
import { method } from './define';
import { oktaFactorIdSchema as factorId, oktaUserIdSchema as userId } from './ids';

/**
 * The caller's phone: the sandbox org's simulated end-user phone and mailbox, played from the
 * console. Only for the sandbox org: main refuses these methods (SANDBOX_ONLY) for any other org,
 * and calls the sandbox's control API itself, with the sandbox's admin token (which stays in main).
 */

/** A push waiting on the phone. The phone shows the numbers to choose from, never which one is right. */
export interface PhonePush {
  transactionId: string;
  factorId: string;
  /** The device it went to ("Isaac iPhone"). */
  deviceName: string | null;
  /** Number matching: the three numbers Okta Verify shows, one of them right; null for a plain Approve / Deny push. */
  numberChoices: number[] | null;
  sentAt: string;
  /** On the org clock (see PhoneState.now). */
  expiresAt: string;
}

/** An Okta Verify enrollment waiting for this phone to scan its QR code. */
export interface PhoneActivation {
  factorId: string;
  expiresAt: string;
}

export interface PhoneMessage {
  id: string;
  channel: 'sms' | 'voice' | 'email';
  to: string;
  text: string;
  /** The one-time code in it, if any. */
  code: string | null;
  link: string | null;
  /** The link is this user's Okta Verify activation link: opening it scans that enrollment. */
  activationFactorId: string | null;
  sentAt: string;
}

/** What an authenticator app or hardware token shows now. */
export interface PhoneCode {
  factorId: string;
  factorType: string;
  provider: string;
  /** "Google Authenticator", "Okta Verify TOTP", "RSA SecurID", "YubiKey OTP", … */
  name: string;
  deviceName: string | null;
  /** ACTIVE, or PENDING_ACTIVATION while an app being set up waits for its first code. */
  status: string;
  passCode: string;
  /** RSA SecurID: the PIN and tokencode the passcode is made of. */
  pin: string | null;
  tokenCode: string | null;
  /** Counter-based tokens (HOTP, YubiKey): this code's counter. */
  counter: number | null;
  /** Time-based codes: how long each lasts and how much of this one was left at `PhoneState.now`; null for counter-based tokens. */
  periodSeconds: number | null;
  secondsLeft: number | null;
}

/**
 * A security question the caller set up, and the answer they remember: what the person playing the
 * caller says when the agent asks it (the sandbox org only; a real org never gives an answer back).
 */
export interface PhoneQuestion {
  factorId: string;
  /** "What is the food you least liked as a child?" */
  questionText: string;
  answer: string;
}

export interface PhoneState {
  userId: string;
  displayName: string;
  firstName: string;
  /** The org clock when this was read (ISO); expiries and code periods count on from it. */
  now: string;
  /** How far the org clock runs ahead of real time (moved by "+1 min" and friends). */
  clockAheadSeconds: number;
  pushes: PhonePush[];
  activations: PhoneActivation[];
  /** Texts, calls and emails the org sent for the user, newest first. */
  messages: PhoneMessage[];
  codes: PhoneCode[];
  /** What the caller remembers: their ACTIVE (or pending) security questions with the answers. */
  questions: PhoneQuestion[];
}

export interface PhonePushAnswer {
  /** SUCCESS: approved; REJECTED: denied, or a wrong number tapped. */
  factorResult: 'SUCCESS' | 'REJECTED';
  phone: PhoneState;
}

export interface PhoneWindowResult {
  /** True when the phone opened in a window of its own (the desktop app); false where there are no windows to open (the browser shell). */
  detached: boolean;
}

/** Okta's push transaction ids (`v2mst.` and 22 characters); no slashes and no dot segments, since it becomes a path segment. */
const transactionId = z
  .string({ error: 'Expected a push transaction id' })
  .regex(/^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'Not a push transaction id (like v2mst.GldKV5VxTrifyeZmWSQguA)');

export const phoneMethods = {
  /** The user's phone and mailbox now. The panel reads it again while it is shown (see renderer/src/phone). */
  getPhone: method(z.object({ userId }).strict()).returns<PhoneState>(),
  /** The phone approves (with the number tapped, for number matching) or denies a push waiting on it. */
  answerPhonePush: method(
    z
      .object({
        userId,
        transactionId,
        decision: z.enum(['approve', 'deny']),
        answer: z.number().int().min(0).max(99).optional(),
      })
      .strict(),
  ).returns<PhonePushAnswer>(),
  /** The phone scans a pending Okta Verify enrollment's QR code (or opens its link), as this device. */
  scanPhoneQr: method(
    z
      .object({
        userId,
        factorId,
        deviceName: z.string().trim().min(1, 'Give the phone a name').max(64),
        platform: z.enum(['IOS', 'ANDROID']),
      })
      .strict(),
  ).returns<PhoneState>(),
  /** Moves the org clock forward (expiries, push timeouts, codes) by whole minutes, up to an hour; answers the user's phone after it. */
  advancePhoneClock: method(
    z
      .object({
        userId,
        minutes: z.number().int().min(1).max(60),
      })
      .strict(),
  ).returns<PhoneState>(),
  /** Opens the phone in a window of its own, where the app has windows. */
  detachPhone: method(z.object({ userId }).strict()).returns<PhoneWindowResult>(),
} as const;
