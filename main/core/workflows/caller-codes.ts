import { readOutCodeFactorTypes, type ReadOutCodeFactorType } from '../../../contract/workflows';
import { Refusal } from '../audit';
import type { OktaFactor } from '../okta';

/** Whether the caller reads this factor's code off an app or a token (nothing is sent): Okta checks it with `passCode`. */
export function isReadOutCodeFactor(factorType: string): factorType is ReadOutCodeFactorType {
  return (readOutCodeFactorTypes as readonly string[]).includes(factorType);
}

interface CodeFormat {
  pattern: RegExp;
  /** What such a code looks like, for the agent. */
  words: string;
}

/** Yubico OTP: the key's public id and the one-time part, in modhex (factors.md "Verify YubiKey Factor"; 44 letters as a rule). */
const YUBIKEY: CodeFormat = {
  pattern: /^[cbdefghijklnrtuv]{32,64}$/,
  words: 'A YubiKey code is the 44 letters the key types when the caller touches it (only c, b, d, e, f, g, h, i, j, k, l, n, r, t, u and v).',
};
/** RSA SecurID: the PIN (letters and digits, possibly none yet) and the 6 or 8 digits the token shows (factors.md "Verify Token Factor"). */
const RSA: CodeFormat = {
  pattern: /^[A-Za-z0-9]{0,8}\d{6,8}$/,
  words: 'An RSA SecurID passcode is the PIN followed by the 6 or 8 digits the token shows now.',
};
const DIGITS: CodeFormat = {
  pattern: /^\d{4,10}$/,
  words: "That is not a code this factor gives: enter the digits the caller's app or token shows (4 to 10 digits).",
};

function formatOf(factor: Pick<OktaFactor, 'factorType' | 'provider'>): CodeFormat {
  if (factor.factorType === 'token:hardware') return YUBIKEY;
  if (factor.factorType === 'token' && factor.provider === 'RSA') return RSA;
  return DIGITS;
}

/**
 * The code as Okta expects it for this factor (a YubiKey's letters in lower case), or a refusal
 * saying what such a code looks like: nothing is sent to Okta for a code of the wrong shape, and a
 * typo of shape says nothing about the caller.
 */
export function codeForFactor(factor: Pick<OktaFactor, 'factorType' | 'provider'>, passCode: string): string {
  const format = formatOf(factor);
  const code = format === YUBIKEY ? passCode.toLowerCase() : passCode;
  if (format.pattern.test(code)) return code;
  throw new Refusal({ code: 'VALIDATION', message: format.words, action: 'Ask the caller for the code again and enter it as they read it out.', causes: ['passCode: not in the format of this factor'] });
}
