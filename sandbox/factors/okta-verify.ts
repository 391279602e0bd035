import { createECDH, createHash } from 'node:crypto';
import type { UserRecord } from '../directory/model';
import type { FactorRecord } from './model';
import { newTotpSecret } from './otp';

/**
 * Okta Verify in Identity Engine: one app on one device is one enrollment holding a `push`
 * factor, an Okta Verify TOTP (`token:software:totp`, provider OKTA) and Okta FastPass
 * (`signed_nonce`). Enrolling push creates the other two once the device activates (factors.md,
 * "Enroll Okta Verify Push Factor"); unenrolling push or FastPass takes the whole enrollment with
 * it ("Reset Factor"). Okta doesn't say whether that reaches a user's other devices: the sandbox
 * keeps it per device (factors that share `oktaVerifyEnrollment`; factors without one, such as
 * those of a Classic org, form one group of their own).
 */

/** Whether the factor is one of Okta Verify's three. */
export function isOktaVerifyFactor(factor: Pick<FactorRecord, 'factorType' | 'provider'>): boolean {
  return factor.factorType === 'push' || factor.factorType === 'signed_nonce' || (factor.factorType === 'token:software:totp' && factor.provider === 'OKTA');
}

/** Whether unenrolling this factor unenrolls the rest of its Okta Verify enrollment too. */
export function cascadesOktaVerify(factor: Pick<FactorRecord, 'factorType'>): boolean {
  return factor.factorType === 'push' || factor.factorType === 'signed_nonce';
}

/** The factors an unenrollment of `factor` removes: itself, and for push or FastPass its Okta Verify enrollment. */
export function factorsRemovedWith(factors: readonly FactorRecord[], factor: FactorRecord): FactorRecord[] {
  if (!cascadesOktaVerify(factor)) return factors.filter((f) => f.id === factor.id);
  return factors.filter((f) => f.id === factor.id || (isOktaVerifyFactor(f) && f.oktaVerifyEnrollment === factor.oktaVerifyEnrollment));
}

/** What a device reports about itself; FastPass keeps it in its profile as push does. */
export interface OktaVerifyDevice {
  name: string;
  platform: string;
  deviceType: string;
  version: string;
}

export interface SiblingIds {
  totpId: string;
  fastPassId: string;
}

/**
 * FastPass's public keys (`keys[]`): a proof-of-possession key and a user-verification key, real
 * P-256 points derived from `seed` so the same enrollment always shows the same keys.
 */
export function fastPassKeys(seed: string): Array<Record<string, string>> {
  return (['proofOfPossession', 'userVerification'] as const).map((jwkType) => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(createHash('sha256').update(`${seed}:${jwkType}`).digest());
    const point = ecdh.getPublicKey();
    return {
      kty: 'EC',
      use: 'sig',
      kid: 'default',
      jwkType,
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    };
  });
}

/** The FastPass factor profile for a device (shape of Okta's SDK cassette: credentialId and the device fields; `keys` beside it). */
export function fastPassProfile(user: UserRecord, device: OktaVerifyDevice): Record<string, string> {
  return { credentialId: user.profile.login, deviceType: device.deviceType, name: device.name, platform: device.platform, version: device.version };
}

/** The Okta Verify TOTP and FastPass factors that join an activated push factor on the same device. */
export function oktaVerifySiblings(user: UserRecord, push: FactorRecord, ids: SiblingIds, now: number): FactorRecord[] {
  const enrollment = push.oktaVerifyEnrollment;
  const device: OktaVerifyDevice = {
    name: String(push.profile.name ?? ''),
    platform: String(push.profile.platform ?? ''),
    deviceType: String(push.profile.deviceType ?? ''),
    version: String(push.profile.version ?? ''),
  };
  const base = { userId: user.id, provider: 'OKTA' as const, status: 'ACTIVE' as const, created: now, lastUpdated: now, activationAttempts: [], resendAttempts: [], oktaVerifyEnrollment: enrollment };
  return [
    { ...base, id: ids.totpId, factorType: 'token:software:totp', profile: { credentialId: user.profile.login }, sharedSecret: newTotpSecret() },
    { ...base, id: ids.fastPassId, factorType: 'signed_nonce', profile: fastPassProfile(user, device), keys: fastPassKeys(enrollment ?? ids.fastPassId) },
  ];
}
