import { describe, expect, it } from 'vitest';
import { Org, DEFAULT_TIMINGS } from '../../../sandbox/org';
import { SEEDED_QUESTION_ANSWER } from '../../../sandbox/factors/seeded';
import { QUESTIONS } from '../../../sandbox/factors/catalog';
import { factorIdPrefix } from '../../../sandbox/ids';
import type { FactorRecord } from '../../../sandbox/factors/model';
import { isTokenFactor, currentCode, checkTokenCode } from '../../../sandbox/factors/token-codes';

// The seeded factors of a whole directory, in both kinds of org: deterministic from the seed, and
// each one shaped as Okta would have it.

function everyFactor(org: Org): Array<{ login: string; factors: FactorRecord[] }> {
  return org.directory.users.map((user) => ({ login: user.profile.login, factors: org.factorsOf(user) }));
}

describe.each(['oie', 'classic'] as const)('seeded factors in a %s org', (engine) => {
  const org = new Org('seeded-test', 400, DEFAULT_TIMINGS, engine);
  const all = everyFactor(org);

  it('are the same for the same seed and differ for another', () => {
    const again = everyFactor(new Org('seeded-test', 400, DEFAULT_TIMINGS, engine));
    const ids = (list: typeof all) => list.map(({ factors }) => factors.map((f) => `${f.id}:${f.factorType}:${f.status}:${JSON.stringify(f.profile)}`));
    expect(ids(again)).toEqual(ids(all));
    expect(ids(everyFactor(new Org('another-seed', 400, DEFAULT_TIMINGS, engine)))).not.toEqual(ids(all));
  });

  it('cover every kind the plans give, with Okta-shaped ids and profiles', () => {
    const kinds = new Set(all.flatMap(({ factors }) => factors.map((f) => `${f.factorType}/${f.provider}/${f.status}`)));
    for (const kind of ['push/OKTA/ACTIVE', 'push/OKTA/PENDING_ACTIVATION', 'sms/OKTA/ACTIVE', 'sms/OKTA/PENDING_ACTIVATION', 'call/OKTA/ACTIVE', 'email/OKTA/ACTIVE', 'question/OKTA/ACTIVE', 'token:software:totp/OKTA/ACTIVE', 'token:software:totp/GOOGLE/ACTIVE']) {
      expect(kinds.has(kind), kind).toBe(true);
    }
    expect(kinds.has('signed_nonce/OKTA/ACTIVE')).toBe(engine === 'oie');
    for (const { login, factors } of all) {
      for (const factor of factors) {
        const context = `${login} ${factor.factorType}`;
        expect(factor.id.startsWith(factorIdPrefix(factor.factorType, factor.provider)), context).toBe(true);
        expect(factor.id, context).toHaveLength(20);
        expect(factor.activationAttempts, context).toEqual([]);
        if (factor.factorType === 'sms' || factor.factorType === 'call') expect(factor.profile.phoneNumber, context).toMatch(/^\+\d{8,15}$/);
        if (factor.factorType === 'email') expect(factor.profile.email, context).toBe(login);
        if (factor.factorType === 'question') {
          expect(QUESTIONS.some((q) => q.question === factor.profile.question && q.questionText === factor.profile.questionText), context).toBe(true);
          expect(factor.answer).toBe(SEEDED_QUESTION_ANSWER);
        }
        if (factor.factorType === 'push' && factor.status === 'ACTIVE') {
          expect(factor.profile, context).toMatchObject({ credentialId: login, platform: expect.stringMatching(/^(IOS|ANDROID)$/) });
          expect(factor.profile.deviceType).toBe(factor.profile.platform === 'IOS' ? 'SmartPhone_IPhone' : 'SmartPhone_Android');
        }
        if (factor.factorType === 'push' && factor.status === 'PENDING_ACTIVATION') {
          expect(factor.pushActivation?.expiresAt, context).toBeGreaterThan(org.clock.now());
          expect(factor.oktaVerifyEnrollment !== undefined, context).toBe(engine === 'oie');
        }
        if (isTokenFactor(factor)) expect(checkTokenCode(factor, currentCode(factor, org.clock.now()).passCode, org.clock.now()), context).toBeNull();
      }
      const pushes = factors.filter((f) => f.factorType === 'push' && f.status === 'ACTIVE');
      if (engine === 'classic') {
        expect(pushes.length, login).toBeLessThanOrEqual(1);
        expect(factors.some((f) => f.factorType === 'signed_nonce'), login).toBe(false);
        continue;
      }
      for (const push of pushes) {
        if (login === 'isaac@example.org') continue;
        const device = factors.filter((f) => f.oktaVerifyEnrollment === push.oktaVerifyEnrollment);
        expect(device.map((f) => f.factorType), login).toEqual(['push', 'token:software:totp', 'signed_nonce']);
        expect(device[2]?.profile.name).toBe(push.profile.name);
        expect(device[2]?.keys).toHaveLength(2);
      }
    }
  });

  it('Zoë and Ken show several devices in Identity Engine, one phone in Classic', () => {
    const of = (login: string) => (all.find((entry) => entry.login === login)?.factors ?? []).map((f) => f.factorType);
    if (engine === 'oie') {
      expect(of('zoe.angstrom@example.org')).toEqual(['push', 'token:software:totp', 'signed_nonce', 'push', 'token:software:totp', 'signed_nonce', 'signed_nonce', 'webauthn']);
      expect(of('ken.watanabe@example.org')).toEqual(['token:hardware', 'webauthn', 'u2f', 'signed_nonce']);
    } else {
      expect(of('zoe.angstrom@example.org')).toEqual(['push', 'token:software:totp', 'webauthn']);
      expect(of('ken.watanabe@example.org')).toEqual(['token:hardware', 'webauthn', 'u2f']);
    }
    expect(all.find((entry) => entry.login === 'isaac@example.org')?.factors.map((f) => [f.factorType, f.profile.name])).toEqual([
      ['push', 'Isaac iPhone'],
      ['sms', undefined],
    ]);
  });
});
