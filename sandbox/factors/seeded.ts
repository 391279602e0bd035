import type { FactorPlan, UserRecord } from '../directory/model';
import { FACTOR_ID_PREFIX } from '../ids';
import { BASE62, SeededRandom } from '../random';
import { QUESTIONS } from './catalog';
import type { FactorRecord, FactorType, FactorProvider } from './model';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DEVICES = [
  { name: 'iPhone', platform: 'IOS', deviceType: 'SmartPhone_IPhone', version: '17.4' },
  { name: 'Pixel 8', platform: 'ANDROID', deviceType: 'SmartPhone_Android', version: '14' },
  { name: 'Galaxy S23', platform: 'ANDROID', deviceType: 'SmartPhone_Android', version: '13' },
  { name: 'iPhone 15', platform: 'IOS', deviceType: 'SmartPhone_IPhone', version: '18.1' },
];

/** Seeded questions all share this answer, so tests and demos can verify them. */
export const SEEDED_QUESTION_ANSWER = 'sandbox answer';

/**
 * Turns a user's factor plan into factor records, deterministically from the seed and the user's id.
 * Pending push activations expire `activationTtlMs` after they are first looked at.
 */
export function buildSeededFactors(user: UserRecord, seed: string | number, now: number, activationTtlMs: number): FactorRecord[] {
  const random = new SeededRandom(`${seed}:factors:${user.id}`);
  const at = user.created + random.int(1, 200) * 86_400_000;
  const factors: FactorRecord[] = [];
  const phone = (user.profile.mobilePhone ?? `+1-415-555-${String(random.int(0, 9999)).padStart(4, '0')}`).replace(/[\s\-().]/g, '');

  const make = (factorType: FactorType, provider: FactorProvider, profile: Record<string, string>, extra: Partial<FactorRecord> = {}): void => {
    const prefix = FACTOR_ID_PREFIX[factorType] ?? 'fct';
    factors.push({
      id: prefix + random.string(20 - prefix.length, BASE62),
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
    });
  };
  const device = random.pick(DEVICES);
  const pushProfile = (): Record<string, string> => ({
    credentialId: user.profile.login,
    deviceType: device.deviceType,
    name: user.profile.login === 'isaac@example.org' ? 'Isaac iPhone' : `${user.profile.firstName}'s ${device.name}`,
    platform: user.profile.login === 'isaac@example.org' ? 'IOS' : device.platform,
    version: user.profile.login === 'isaac@example.org' ? '17.4' : device.version,
  });
  const question = random.pick(QUESTIONS);

  const plan: FactorPlan = user.factorPlan;
  switch (plan) {
    case 'none':
      break;
    case 'push':
      make('push', 'OKTA', pushProfile());
      break;
    case 'push+sms':
      make('push', 'OKTA', pushProfile());
      make('sms', 'OKTA', { phoneNumber: phone });
      break;
    case 'sms':
      make('sms', 'OKTA', { phoneNumber: phone });
      break;
    case 'call':
      make('call', 'OKTA', { phoneNumber: phone });
      break;
    case 'totp':
      make('token:software:totp', 'OKTA', { credentialId: user.profile.login }, { sharedSecret: random.string(32, BASE32) });
      break;
    case 'google':
      make('token:software:totp', 'GOOGLE', { credentialId: user.profile.login }, { sharedSecret: random.string(32, BASE32) });
      break;
    case 'email':
      make('email', 'OKTA', { email: user.profile.email });
      break;
    case 'question':
      make('question', 'OKTA', { question: question.question, questionText: question.questionText }, { answer: SEEDED_QUESTION_ANSWER });
      break;
    case 'pending-push':
      make('push', 'OKTA', {}, {
        status: 'PENDING_ACTIVATION',
        pushActivation: { token: random.string(42, BASE62), expiresAt: now + activationTtlMs, timeoutReported: false },
      });
      break;
    case 'pending-sms':
      make('sms', 'OKTA', { phoneNumber: phone }, { status: 'PENDING_ACTIVATION' });
      break;
    case 'sms+email+question':
      make('sms', 'OKTA', { phoneNumber: phone });
      make('email', 'OKTA', { email: user.profile.email });
      make('question', 'OKTA', { question: question.question, questionText: question.questionText }, { answer: SEEDED_QUESTION_ANSWER });
      break;
  }
  return factors;
}
