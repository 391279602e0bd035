import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { OktaError } from '../../../sandbox/errors';
import type { FactorRecord } from '../../../sandbox/factors/model';
import { checkTokenCode, currentCode, HOTP_LOOK_AHEAD, isTokenFactor, NO_MATCH, type TokenFactorType } from '../../../sandbox/factors/token-codes';
import { crc16, fromModhex, toModhex, yubicoOtp, yubicoOtpCounter } from '../../../sandbox/factors/yubico-otp';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 15);
const KEY = { publicId: 'cccccceukngd', privateId: '8792ebfe26cc', aesKey: 'ecde18dbe76fbd0c33330f1c354871db' };

function token(factorType: TokenFactorType, extra: Partial<FactorRecord> = {}): FactorRecord & { factorType: TokenFactorType } {
  return { id: 'f', userId: 'u', factorType, provider: 'OKTA', status: 'ACTIVE', created: 0, lastUpdated: 0, profile: {}, activationAttempts: [], resendAttempts: [], sharedSecret: SECRET, ...extra } as FactorRecord & { factorType: TokenFactorType };
}

function replay(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof OktaError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('Yubico OTP', () => {
  it('reads Yubico\'s published example OTP and writes OTPs it reads back', () => {
    // Yubico's example token part (counter 19 under this key and private id), behind a 12-character public id.
    const published = 'ccccdteffujehknhfjbrjnlnldnhcujvddbikngjrtgh';
    expect(yubicoOtpCounter({ ...KEY, publicId: published.slice(0, 12) }, published)).toBe(19);
    for (const counter of [1, 2, 300, 0x7fff]) {
      const otp = yubicoOtp(KEY, counter);
      expect(otp).toMatch(/^cccccceukngd[cbdefghijklnrtuv]{32}$/);
      expect(yubicoOtpCounter(KEY, otp)).toBe(counter);
    }
    expect(yubicoOtp(KEY, 5)).toBe(yubicoOtp(KEY, 5));
    expect(yubicoOtp(KEY, 5)).not.toBe(yubicoOtp(KEY, 6));
  });

  it('refuses OTPs of another key, with another private id, or broken', () => {
    const otp = yubicoOtp(KEY, 3);
    expect(yubicoOtpCounter({ ...KEY, aesKey: '00'.repeat(16) }, otp)).toBeNull();
    expect(yubicoOtpCounter({ ...KEY, privateId: '000000000000' }, otp)).toBeNull();
    expect(yubicoOtpCounter({ ...KEY, privateId: '000000000000' }, yubicoOtp({ ...KEY, privateId: '000000000000' }, 3))).toBe(3);
    expect(yubicoOtpCounter(KEY, otp.slice(0, 43))).toBeNull();
    expect(yubicoOtpCounter(KEY, otp + 'c')).toBeNull();
    expect(yubicoOtpCounter(KEY, otp.toUpperCase())).toBeNull();
    expect(yubicoOtpCounter(KEY, 'vvvvvvvvvvvv' + otp.slice(12))).toBeNull();
  });

  it('speaks modhex and CRC-16/ISO-13239', () => {
    expect(toModhex(Buffer.from('0123456789abcdef', 'hex'))).toBe('cbdefghijklnrtuv');
    expect(fromModhex('cbdefghijklnrtuv').toString('hex')).toBe('0123456789abcdef');
    expect(crc16(Buffer.from('123456789'))).toBe(0x906e ^ 0xffff);
    expect(crc16(Buffer.alloc(0))).toBe(0xffff);
  });
});

describe('token codes', () => {
  it('knows the code-based types', () => {
    for (const type of ['token:software:totp', 'token', 'token:hotp', 'token:hardware']) expect(isTokenFactor({ factorType: type as TokenFactorType })).toBe(true);
    for (const type of ['push', 'sms', 'call', 'email', 'question', 'signed_nonce', 'webauthn', 'u2f', 'web']) expect(isTokenFactor({ factorType: type as TokenFactorType })).toBe(false);
  });

  it('TOTP: this step, the one before and after; never the same step twice', () => {
    const totp = token('token:software:totp');
    const at = (ms: number) => generateSync({ secret: SECRET, epoch: Math.floor(ms / 1000) });
    expect(currentCode(totp, NOW)).toEqual({ passCode: at(NOW), sharedSecret: SECRET });
    expect(checkTokenCode(totp, at(NOW - 30_000), NOW)).toBeNull();
    expect(checkTokenCode(totp, at(NOW - 60_000), NOW)).toBe(NO_MATCH);
    expect(checkTokenCode(totp, at(NOW + 60_000), NOW)).toBe(NO_MATCH);
    expect(checkTokenCode(totp, at(NOW), NOW)).toBeNull();
    expect(replay(() => checkTokenCode(totp, at(NOW), NOW))).toBe('E0000082');
    expect(replay(() => checkTokenCode(totp, at(NOW - 30_000), NOW))).toBe('E0000082');
    expect(checkTokenCode(totp, at(NOW + 30_000), NOW)).toBeNull();
    expect(checkTokenCode(totp, 'abcdef', NOW)).toBe(NO_MATCH);
  });

  it('RSA SecurID: the PIN then a 60-second tokencode', () => {
    const rsa = token('token', { provider: 'RSA', pin: '4321' });
    const tokenCode = generateSync({ secret: SECRET, epoch: Math.floor(NOW / 1000), period: 60 });
    expect(currentCode(rsa, NOW)).toEqual({ passCode: `4321${tokenCode}`, pin: '4321', tokenCode });
    expect(checkTokenCode(rsa, `1234${tokenCode}`, NOW)).toBe(NO_MATCH);
    expect(checkTokenCode(rsa, tokenCode, NOW)).toBe(NO_MATCH);
    expect(checkTokenCode(rsa, `4321${tokenCode}`, NOW + 59_000 - (NOW % 60_000))).toBeNull();
    expect(checkTokenCode(token('token', { provider: 'RSA' }), tokenCode, NOW)).toBeNull();
  });

  it('Symantec VIP: a 30-second code and the next one', () => {
    const vip = token('token', { provider: 'SYMANTEC' });
    const at = (ms: number) => generateSync({ secret: SECRET, epoch: Math.floor(ms / 1000) });
    expect(currentCode(vip, NOW)).toEqual({ passCode: at(NOW), nextPassCode: at(NOW + 30_000) });
    expect(checkTokenCode(vip, at(NOW), NOW)).toBeNull();
  });

  it(`HOTP: the next ${HOTP_LOOK_AHEAD} counters; used or skipped ones are replays`, () => {
    const hotp = token('token:hotp', { lastAcceptedCounter: 20 });
    const at = (counter: number) => generateSync({ secret: SECRET, strategy: 'hotp', counter });
    expect(currentCode(hotp, NOW)).toEqual({ passCode: at(21), counter: 21, sharedSecret: SECRET });
    expect(checkTokenCode(hotp, at(31), NOW)).toBe(NO_MATCH);
    expect(checkTokenCode(hotp, at(30), NOW)).toBeNull();
    expect(hotp.lastAcceptedCounter).toBe(30);
    for (const used of [30, 25, 21]) expect(replay(() => checkTokenCode(hotp, at(used), NOW)), String(used)).toBe('E0000082');
    expect(checkTokenCode(hotp, at(20), NOW)).toBe(NO_MATCH);
    const fresh = token('token:hotp');
    expect(currentCode(fresh, NOW).counter).toBe(1);
    expect(checkTokenCode(fresh, at(0), NOW)).toBe(NO_MATCH);
    expect(checkTokenCode(fresh, at(1), NOW)).toBeNull();
    expect(replay(() => checkTokenCode(fresh, at(1), NOW))).toBe('E0000082');
  });

  it('YubiKey: an OTP with a higher counter than the last one used', () => {
    const yubikey = token('token:hardware', { yubikey: KEY, lastAcceptedCounter: 4 });
    expect(currentCode(yubikey, NOW)).toEqual({ passCode: yubicoOtp(KEY, 5), counter: 5 });
    expect(replay(() => checkTokenCode(yubikey, yubicoOtp(KEY, 4), NOW))).toBe('E0000082');
    expect(checkTokenCode(yubikey, yubicoOtp(KEY, 9), NOW)).toBeNull();
    expect(yubikey.lastAcceptedCounter).toBe(9);
    expect(replay(() => checkTokenCode(yubikey, yubicoOtp(KEY, 7), NOW))).toBe('E0000082');
    expect(checkTokenCode(token('token:hardware'), yubicoOtp(KEY, 9), NOW)).toBe(NO_MATCH);
    expect(() => currentCode(token('token:hardware'), NOW)).toThrow(/no key identity/);
  });
});
