import { ISAAC_LOGIN } from '../directory/generate';
import type { FactorPlan, UserRecord } from '../directory/model';
import type { OrgEngine } from '../engine';
import { factorIdPrefix } from '../ids';
import { BASE62, SeededRandom } from '../random';
import { QUESTIONS } from './catalog';
import type { FactorProvider, FactorRecord, FactorStatus, FactorType } from './model';
import { fastPassKeys, fastPassProfile, type OktaVerifyDevice } from './okta-verify';
import { toModhex } from './yubico-otp';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const BASE64URL = BASE62 + '-_';
const PHONES: OktaVerifyDevice[] = [
  { name: 'iPhone', platform: 'IOS', deviceType: 'SmartPhone_IPhone', version: '17.4' },
  { name: 'Pixel 8', platform: 'ANDROID', deviceType: 'SmartPhone_Android', version: '14' },
  { name: 'Galaxy S23', platform: 'ANDROID', deviceType: 'SmartPhone_Android', version: '13' },
  { name: 'iPhone 15', platform: 'IOS', deviceType: 'SmartPhone_IPhone', version: '18.1' },
];
/** Okta Verify on a computer enrolls FastPass only (no push, no codes). */
const DESKTOP_PLATFORMS = new Set(['MACOS', 'WINDOWS']);

/** Seeded questions all share this answer, so tests and demos can verify them. */
export const SEEDED_QUESTION_ANSWER = 'sandbox answer';

/**
 * One factor of a seeded user, written out: an Okta Verify enrollment on a device, or any other
 * factor with an optional status and profile (secrets, ids and defaults are filled in from the seed).
 */
export type SeedFactor =
  | { oktaVerify: OktaVerifyDevice }
  | {
      factorType: Exclude<FactorType, 'signed_nonce'>;
      provider: FactorProvider;
      status?: FactorStatus;
      profile?: Record<string, string>;
      vendorName?: string;
      /** A security question's answer (practice users); seeded ones answer SEEDED_QUESTION_ANSWER. */
      answer?: string;
    };

/**
 * Turns a user's factor plan into factor records, deterministically from the seed and the user's id.
 * Pending push activations expire `activationTtlMs` after they are first looked at.
 */
export function buildSeededFactors(user: UserRecord, seed: string | number, engine: OrgEngine, now: number, activationTtlMs: number): FactorRecord[] {
  const random = new SeededRandom(`${seed}:factors:${user.id}`);
  const at = user.created + random.int(1, 200) * 86_400_000;
  const factors: FactorRecord[] = [];
  const phone = (user.profile.mobilePhone ?? `+1-415-555-${String(random.int(0, 9999)).padStart(4, '0')}`).replace(/[\s\-().]/g, '');
  const id = (factorType: FactorType, provider: FactorProvider): string => {
    const prefix = factorIdPrefix(factorType, provider);
    return prefix + random.string(20 - prefix.length, BASE62);
  };

  const make = (factorType: FactorType, provider: FactorProvider, profile: Record<string, string>, extra: Partial<FactorRecord> = {}): FactorRecord => {
    const factor: FactorRecord = {
      id: id(factorType, provider),
      userId: user.id,
      factorType,
      provider,
      status: 'ACTIVE',
      created: at,
      lastUpdated: at,
      profile,
      activationAttempts: [],
      resendAttempts: [],
      ...extra,
    };
    factors.push(factor);
    return factor;
  };
  const totpSecret = (): string => random.string(32, BASE32);
  const pushProfile = (device: OktaVerifyDevice): Record<string, string> => ({
    credentialId: user.profile.login,
    deviceType: device.deviceType,
    name: device.name,
    platform: device.platform,
    version: device.version,
  });
  let phonesSeen = 0;

  /** An Okta Verify enrollment: Identity Engine lists push, TOTP and FastPass per device (FastPass only on a computer); Classic one phone's push and TOTP. */
  const oktaVerify = (device: OktaVerifyDevice): void => {
    const desktop = DESKTOP_PLATFORMS.has(device.platform);
    if (engine === 'classic') {
      if (desktop || phonesSeen++ > 0) return;
      make('push', 'OKTA', pushProfile(device));
      make('token:software:totp', 'OKTA', { credentialId: user.profile.login }, { sharedSecret: totpSecret() });
      return;
    }
    const enrollment = 'pfd' + random.string(17, BASE62);
    if (!desktop) {
      make('push', 'OKTA', pushProfile(device), { oktaVerifyEnrollment: enrollment });
      make('token:software:totp', 'OKTA', { credentialId: user.profile.login }, { sharedSecret: totpSecret(), oktaVerifyEnrollment: enrollment });
    }
    make('signed_nonce', 'OKTA', fastPassProfile(user, device), { keys: fastPassKeys(enrollment), oktaVerifyEnrollment: enrollment });
  };

  const other = (spec: Exclude<SeedFactor, { oktaVerify: OktaVerifyDevice }>): void => {
    const { factorType, provider } = spec;
    const status = spec.status ?? 'ACTIVE';
    const extra: Partial<FactorRecord> = { status };
    let profile: Record<string, string>;
    switch (factorType) {
      case 'push':
        profile = {};
        extra.pushActivation = { token: random.string(42, BASE62), expiresAt: now + activationTtlMs, timeoutReported: false };
        if (engine === 'oie') extra.oktaVerifyEnrollment = 'pfd' + random.string(17, BASE62);
        break;
      case 'sms':
      case 'call':
        profile = { phoneNumber: phone };
        break;
      case 'email':
        profile = { email: user.profile.email };
        break;
      case 'question': {
        const question = random.pick(QUESTIONS);
        profile = { question: question.question, questionText: question.questionText };
        extra.answer = spec.answer ?? SEEDED_QUESTION_ANSWER;
        break;
      }
      case 'token:software:totp':
        profile = { credentialId: user.profile.login };
        extra.sharedSecret = totpSecret();
        break;
      case 'token':
        extra.sharedSecret = totpSecret();
        if (provider === 'RSA') {
          profile = { credentialId: user.profile.login };
          extra.pin = String(random.int(1000, 9999));
        } else {
          profile = { credentialId: `VSMT${String(random.int(10_000_000, 99_999_999))}` };
        }
        break;
      case 'token:hotp':
        profile = {};
        extra.sharedSecret = totpSecret();
        extra.vendorName = spec.vendorName ?? 'Entrust Datacard';
        extra.factorProfileId = 'fpr' + random.string(17, BASE62);
        break;
      case 'token:hardware':
        profile = { credentialId: String(random.int(1_000_000, 29_999_999)).padStart(12, '0') };
        extra.yubikey = {
          publicId: 'cccccc' + toModhex(Buffer.from(random.string(6, HEX), 'hex')),
          privateId: random.string(12, HEX),
          aesKey: random.string(32, HEX),
        };
        break;
      case 'webauthn':
        profile = { credentialId: random.string(86, BASE64URL), authenticatorName: 'Security key' };
        break;
      case 'u2f':
        profile = { credentialId: random.string(86, BASE64URL) };
        break;
      case 'web':
        profile = { credentialId: user.profile.login };
        break;
    }
    make(factorType, provider, { ...profile, ...spec.profile }, extra);
  };

  const plan: FactorPlan = user.factorPlan;
  if (Array.isArray(plan)) {
    for (const spec of plan) {
      if ('oktaVerify' in spec) oktaVerify(spec.oktaVerify);
      else other(spec);
    }
    return factors;
  }
  const device = random.pick(PHONES);
  const phoneDevice: OktaVerifyDevice = { ...device, name: `${user.profile.firstName}'s ${device.name}` };
  // Isaac keeps the push and SMS the seeds give him in either engine (the console's tests read them).
  const push = (): void => {
    if (user.profile.login === ISAAC_LOGIN) make('push', 'OKTA', pushProfile({ ...PHONES[0]!, name: 'Isaac iPhone' }));
    else if (engine === 'oie') oktaVerify(phoneDevice);
    else make('push', 'OKTA', pushProfile(phoneDevice));
  };
  switch (plan) {
    case 'none':
      break;
    case 'push':
      push();
      break;
    case 'push+sms':
      push();
      other({ factorType: 'sms', provider: 'OKTA' });
      break;
    case 'sms':
      other({ factorType: 'sms', provider: 'OKTA' });
      break;
    case 'call':
      other({ factorType: 'call', provider: 'OKTA' });
      break;
    case 'totp':
      other({ factorType: 'token:software:totp', provider: 'OKTA' });
      break;
    case 'google':
      other({ factorType: 'token:software:totp', provider: 'GOOGLE' });
      break;
    case 'email':
      other({ factorType: 'email', provider: 'OKTA' });
      break;
    case 'question':
      other({ factorType: 'question', provider: 'OKTA' });
      break;
    case 'pending-push':
      other({ factorType: 'push', provider: 'OKTA', status: 'PENDING_ACTIVATION' });
      break;
    case 'pending-sms':
      other({ factorType: 'sms', provider: 'OKTA', status: 'PENDING_ACTIVATION' });
      break;
    case 'sms+email+question':
      other({ factorType: 'sms', provider: 'OKTA' });
      other({ factorType: 'email', provider: 'OKTA' });
      other({ factorType: 'question', provider: 'OKTA' });
      break;
  }
  return factors;
}
