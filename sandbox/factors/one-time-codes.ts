import type { UserRecord } from '../directory/model';
import { OktaError } from '../errors';
import type { ActionContext } from '../logs/event-log';
import type { Org } from '../org';
import type { Channel } from '../phone';
import { secureDigits } from '../random';
import { logFactorEvent } from './events';
import type { FactorRecord } from './model';
import { checkTokenCode, isTokenFactor, NO_MATCH } from './token-codes';

const ATTEMPT_WINDOW_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

function recentAttempts(org: Org, attempts: number[]): number[] {
  const now = org.clock.now();
  return attempts.filter((t) => now - t < ATTEMPT_WINDOW_MS);
}

/** Whether five attempts in the last five minutes used up the factor's allowance, as Okta counts them. */
export function attemptsExhausted(org: Org, attempts: number[]): boolean {
  return recentAttempts(org, attempts).length >= MAX_ATTEMPTS;
}

/** Counts one more attempt, or refuses it with 429 E0000047 once five were made in five minutes. */
export function countAttempt(org: Org, attempts: number[]): void {
  const recent = recentAttempts(org, attempts);
  attempts.length = 0;
  attempts.push(...recent);
  if (recent.length >= MAX_ATTEMPTS) throw new OktaError('E0000047');
  attempts.push(org.clock.now());
}

export function codeChannel(factor: FactorRecord): Channel {
  return factor.factorType === 'call' ? 'voice' : factor.factorType === 'email' ? 'email' : 'sms';
}

export function codeRecipient(factor: FactorRecord): string {
  return factor.factorType === 'email' ? (factor.profile.email ?? '') : (factor.profile.phoneNumber ?? '');
}

/** Sends a fresh one-time code by SMS, voice or email and remembers it on the factor. */
export function sendCode(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, purpose: 'enroll' | 'verify', lifetimeSeconds: number): void {
  const channel = codeChannel(factor);
  const code = secureDigits(6);
  const text =
    channel === 'email'
      ? `Your sandbox org verification code is ${code}. It expires in ${Math.round(lifetimeSeconds / 60)} minutes.`
      : channel === 'voice'
        ? `Hello from your sandbox org. Your code is ${code.split('').join(', ')}.`
        : `Your sandbox org code is ${code}`;
  org.outbox.send(channel, codeRecipient(factor), text, { code, userId: user.id });
  factor.sentCode = { code, expiresAt: org.clock.now() + lifetimeSeconds * 1000 };
  const eventType =
    channel === 'sms'
      ? purpose === 'enroll' ? 'system.sms.send_phone_verification_message' : 'system.sms.send_factor_verify_message'
      : channel === 'voice'
        ? purpose === 'enroll' ? 'system.voice.send_phone_verification_call' : 'system.voice.send_mfa_challenge_call'
        : 'system.email.send_factor_verify_message';
  const message =
    channel === 'sms' ? 'Send SMS verification code' : channel === 'voice' ? 'Send voice call verification code' : 'Send email verification code';
  logFactorEvent(org, ctx, user, factor, eventType, message, 'SUCCESS');
}

/**
 * Checks a one-time code sent to the factor (SMS, voice, email) or read off an app or token (TOTP,
 * RSA, Symantec, HOTP, YubiKey). Returns a failure cause or null.
 */
export function checkPassCode(org: Org, factor: FactorRecord, passCode: string): string | null {
  if (isTokenFactor(factor)) return checkTokenCode(factor, passCode, org.clock.now());
  const sent = factor.sentCode;
  if (!sent || sent.code !== passCode) return NO_MATCH;
  if (org.clock.now() >= sent.expiresAt) return 'Your passcode has expired. Request a new code and try again.';
  factor.sentCode = undefined;
  return null;
}
