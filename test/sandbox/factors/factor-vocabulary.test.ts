import { describe, expect, it } from 'vitest';
import { factorDisplayName, factorKey, vendorNameOf, type FactorProvider, type FactorType } from '../../../sandbox/factors/model';
import { factorIdPrefix } from '../../../sandbox/ids';
import { cascadesOktaVerify, factorsRemovedWith, fastPassKeys, isOktaVerifyFactor } from '../../../sandbox/factors/okta-verify';
import type { FactorRecord } from '../../../sandbox/factors/model';

// The names the System Log gives each kind of factor, Okta's key names in Identity Engine reset
// reasons, the id prefixes, and which factors an Okta Verify unenrollment takes with it.

const KINDS: Array<[FactorType, FactorProvider, string, string, string]> = [
  ['push', 'OKTA', 'Okta Verify', 'OKTA_VERIFY_PUSH', 'opf'],
  ['token:software:totp', 'OKTA', 'Okta Verify TOTP', 'OKTA_SOFT_TOKEN', 'ost'],
  ['token:software:totp', 'GOOGLE', 'Google Authenticator', 'GOOGLE_OTP', 'ost'],
  ['signed_nonce', 'OKTA', 'Okta FastPass', 'SIGNED_NONCE', 'crp'],
  ['sms', 'OKTA', 'SMS Authentication', 'SMS_FACTOR', 'mbl'],
  ['call', 'OKTA', 'Voice Call Authentication', 'CALL_FACTOR', 'clf'],
  ['email', 'OKTA', 'Email Authentication', 'EMAIL_FACTOR', 'emf'],
  ['question', 'OKTA', 'Security Question', 'QUESTION', 'ufs'],
  ['webauthn', 'FIDO', 'Security Key or Biometric', 'WEBAUTHN', 'fwf'],
  ['u2f', 'FIDO', 'U2F Security Key', 'U2F', 'fuf'],
  ['token:hardware', 'YUBICO', 'YubiKey OTP', 'YUBIKEY_TOKEN', 'ykf'],
  ['token', 'RSA', 'RSA SecurID', 'RSA_SECURID', 'rsa'],
  ['token', 'SYMANTEC', 'Symantec VIP', 'SYMANTEC_VIP', 'ufv'],
  ['token:hotp', 'CUSTOM', 'Custom HOTP', 'CUSTOM_HOTP', 'chf'],
  ['web', 'DUO', 'Duo Security', 'DUO', 'dsf'],
];

describe('factor vocabulary', () => {
  it.each(KINDS)('%s / %s: "%s", key %s, ids %s…', (factorType, provider, name, key, prefix) => {
    expect(factorDisplayName({ factorType, provider })).toBe(name);
    expect(factorKey({ factorType, provider })).toBe(key);
    expect(factorIdPrefix(factorType, provider)).toBe(prefix);
    expect(vendorNameOf({ provider })).toBe(provider);
  });

  it('names the vendor of a custom factor as its admin did', () => {
    expect(vendorNameOf({ provider: 'CUSTOM', vendorName: 'Entrust Datacard' })).toBe('Entrust Datacard');
    expect(factorIdPrefix('carrier-pigeon', 'OKTA')).toBe('fct');
  });
});

function factor(id: string, factorType: FactorType, provider: FactorProvider, oktaVerifyEnrollment?: string): FactorRecord {
  return { id, userId: 'u', factorType, provider, status: 'ACTIVE', created: 0, lastUpdated: 0, profile: {}, activationAttempts: [], resendAttempts: [], oktaVerifyEnrollment };
}

describe('Okta Verify enrollments', () => {
  const phoneA = [factor('pa', 'push', 'OKTA', 'A'), factor('ta', 'token:software:totp', 'OKTA', 'A'), factor('fa', 'signed_nonce', 'OKTA', 'A')];
  const phoneB = [factor('pb', 'push', 'OKTA', 'B'), factor('tb', 'token:software:totp', 'OKTA', 'B'), factor('fb', 'signed_nonce', 'OKTA', 'B')];
  const loose = [factor('tl', 'token:software:totp', 'OKTA'), factor('pl', 'push', 'OKTA')];
  const others = [factor('g', 'token:software:totp', 'GOOGLE', 'A'), factor('s', 'sms', 'OKTA', 'A')];
  const all = [...phoneA, ...phoneB, ...loose, ...others];
  const ids = (list: FactorRecord[]) => list.map((f) => f.id);

  it('knows which factors are Okta Verify and which take their enrollment along', () => {
    expect(all.filter(isOktaVerifyFactor).map((f) => f.id)).toEqual(['pa', 'ta', 'fa', 'pb', 'tb', 'fb', 'tl', 'pl']);
    expect(all.filter(cascadesOktaVerify).map((f) => f.id)).toEqual(['pa', 'fa', 'pb', 'fb', 'pl']);
  });

  it('removes push or FastPass with their own device only; the TOTP, other types and other devices alone', () => {
    expect(ids(factorsRemovedWith(all, phoneA[0]!))).toEqual(['pa', 'ta', 'fa']);
    expect(ids(factorsRemovedWith(all, phoneB[2]!))).toEqual(['pb', 'tb', 'fb']);
    expect(ids(factorsRemovedWith(all, phoneA[1]!))).toEqual(['ta']);
    expect(ids(factorsRemovedWith(all, loose[1]!))).toEqual(['tl', 'pl']);
    expect(ids(factorsRemovedWith(all, others[1]!))).toEqual(['s']);
    expect(ids(factorsRemovedWith(all, others[0]!))).toEqual(['g']);
  });

  it('derives FastPass keys from the enrollment: two P-256 keys, the same every time, different per enrollment', () => {
    const keys = fastPassKeys('pfdA');
    expect(keys.map((key) => key.jwkType)).toEqual(['proofOfPossession', 'userVerification']);
    expect(keys[0]?.x).not.toBe(keys[1]?.x);
    expect(fastPassKeys('pfdA')).toEqual(keys);
    expect(fastPassKeys('pfdB')[0]?.x).not.toBe(keys[0]?.x);
  });
});
