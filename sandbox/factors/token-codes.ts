import { OktaError } from '../errors';
import type { FactorRecord } from './model';
import { currentTotp, hotpAt, matchHotp, matchTotp } from './otp';
import { yubicoOtp, yubicoOtpCounter } from './yubico-otp';

/**
 * The factors whose codes the user reads off an app or a token: authenticator apps
 * (`token:software:totp`), RSA SecurID (PIN + a 60-second tokencode) and Symantec VIP (`token`),
 * custom HOTP tokens (`token:hotp`) and YubiKeys (`token:hardware`, Yubico OTP). The sandbox holds
 * their seeds, so it can both check a code and tell the control API the next valid one.
 */

export const NO_MATCH = "Your passcode doesn't match our records. Please try again.";

/** How far ahead of the last accepted counter a custom HOTP code is still accepted (Okta's look-ahead window). */
export const HOTP_LOOK_AHEAD = 10;
const RSA_TOKENCODE_PERIOD = 60;

export type TokenFactorType = 'token:software:totp' | 'token' | 'token:hotp' | 'token:hardware';

export function isTokenFactor(factor: Pick<FactorRecord, 'factorType'>): factor is Pick<FactorRecord, 'factorType'> & { factorType: TokenFactorType } {
  return factor.factorType === 'token:software:totp' || factor.factorType === 'token' || factor.factorType === 'token:hotp' || factor.factorType === 'token:hardware';
}

const periodOf = (factor: FactorRecord): number => (factor.factorType === 'token' && factor.provider === 'RSA' ? RSA_TOKENCODE_PERIOD : 30);

/** How long each code of a time-based factor lasts (seconds); null for counter-based tokens (HOTP, YubiKey). */
export function codePeriodSeconds(factor: FactorRecord & { factorType: TokenFactorType }): number | null {
  return factor.factorType === 'token:hotp' || factor.factorType === 'token:hardware' ? null : periodOf(factor);
}

/** Codes bound to a time step: a step accepted once is refused again (403 E0000082). */
function checkTimeStep(factor: FactorRecord, code: string, now: number): string | null {
  const step = matchTotp(factor.sharedSecret ?? '', code, now, periodOf(factor));
  if (step === null) return NO_MATCH;
  if (factor.lastAcceptedStep !== undefined && step <= factor.lastAcceptedStep) throw new OktaError('E0000082');
  factor.lastAcceptedStep = step;
  return null;
}

/** Counter codes: the counter is accepted and remembered; codes up to it are used up. */
function acceptCounter(factor: FactorRecord, counter: number): null {
  factor.lastAcceptedCounter = counter;
  return null;
}

/** Checks a code typed for a token factor: null when accepted, else the error cause; throws E0000082 on a replay. */
export function checkTokenCode(factor: FactorRecord & { factorType: TokenFactorType }, passCode: string, now: number): string | null {
  const last = factor.lastAcceptedCounter ?? 0;
  switch (factor.factorType) {
    case 'token:software:totp':
      return checkTimeStep(factor, passCode, now);
    case 'token':
      if (factor.provider === 'RSA') {
        const pin = factor.pin ?? '';
        if (!passCode.startsWith(pin)) return NO_MATCH;
        return checkTimeStep(factor, passCode.slice(pin.length), now);
      }
      return checkTimeStep(factor, passCode, now);
    case 'token:hotp': {
      const secret = factor.sharedSecret ?? '';
      const counter = matchHotp(secret, passCode, last + 1, HOTP_LOOK_AHEAD);
      if (counter !== null) return acceptCounter(factor, counter);
      const recent = Math.max(1, last - HOTP_LOOK_AHEAD + 1);
      if (last > 0 && matchHotp(secret, passCode, recent, last - recent + 1) !== null) throw new OktaError('E0000082');
      return NO_MATCH;
    }
    case 'token:hardware': {
      const used = factor.yubikey ? yubicoOtpCounter(factor.yubikey, passCode) : null;
      if (used === null) return NO_MATCH;
      if (used <= last) throw new OktaError('E0000082');
      return acceptCounter(factor, used);
    }
  }
}

/** What the user's app or token shows now (the control API's `passcode`): the code, and its parts where it has them. */
export interface CurrentCode {
  passCode: string;
  /** Symantec VIP enrollment asks for two consecutive codes. */
  nextPassCode?: string;
  /** RSA SecurID: the PIN and the tokencode the passcode is made of. */
  pin?: string;
  tokenCode?: string;
  /** Counter-based tokens: the counter of this code. */
  counter?: number;
  sharedSecret?: string;
}

export function currentCode(factor: FactorRecord & { factorType: TokenFactorType }, now: number): CurrentCode {
  const secret = factor.sharedSecret ?? '';
  const next = (factor.lastAcceptedCounter ?? 0) + 1;
  switch (factor.factorType) {
    case 'token:software:totp':
      return { passCode: currentTotp(secret, now), sharedSecret: secret };
    case 'token': {
      const period = periodOf(factor);
      const tokenCode = currentTotp(secret, now, period);
      if (factor.provider === 'RSA') return { passCode: (factor.pin ?? '') + tokenCode, pin: factor.pin ?? '', tokenCode };
      return { passCode: tokenCode, nextPassCode: currentTotp(secret, now + period * 1000, period) };
    }
    case 'token:hotp':
      return { passCode: hotpAt(secret, next), counter: next, sharedSecret: secret };
    case 'token:hardware':
      if (!factor.yubikey) throw new Error(`YubiKey factor ${factor.id} has no key identity`);
      return { passCode: yubicoOtp(factor.yubikey, next), counter: next };
  }
}
