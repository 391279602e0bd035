import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readJournalSince } from '../../../main/core/audit';
import { SEEDED_ADMIN_LOGINS } from '../../sandbox/support/admin-tokens';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { signInThroughCore } from './support/core-sign-in';

// Before the riskiest actions — resetting all of a user's factors, changing an admin's factors —
// the agent's last sign-in at Okta must be recent (policy, default 15 minutes); otherwise the
// action is refused with STEP_UP_REQUIRED, journaled, and a fresh sign-in (prompt=login, max_age)
// lets it go through. The core's clock is moved here; Okta's auth_time is real time.

let sandbox: SharedSandbox;
let harness: CoreHarness | undefined;
let offsetMs = 0;
let fixedNow: number | null = null;
const now = (): Date => new Date(fixedNow ?? Date.now() + offsetMs);

beforeAll(async () => {
  sandbox = await shareSandbox(60, { signIn: true });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  offsetMs = 0;
  fixedNow = null;
  await harness?.close();
  harness = undefined;
});

const manual = { method: 'id_check', ticket: 'INC-42' } as const;
/** An administrator's risk card is high: a reset also needs a second, different method and a reason. */
const secondCheck = { secondMethod: 'manager_callback', reason: 'Their manager confirmed the request on a known number' } as const;
const MINUTE = 60_000;

async function signedInCore(login: string) {
  harness = await makeCore({ sandbox, now });
  await call(harness.core, 'connectSandbox', {});
  const { org } = await signInThroughCore(harness.core, login);
  return { core: harness.core, authTime: Date.parse(org.agent?.signedInAt ?? '') / 1000 };
}

async function userWithFactors(core: CoreHarness['core'], query: string) {
  const users = (await call(core, 'searchUsers', { query, limit: 50 })).users.filter((user) => user.status === 'ACTIVE');
  for (const user of users) {
    const { factors } = await call(core, 'listFactors', { userId: user.id });
    if (factors.length > 0) return { user, factors };
  }
  throw new Error(`no active user with factors for "${query}"`);
}

describe('step-up before the riskiest actions', () => {
  it('asks for a fresh sign-in before resetting all factors once the last one is older than 15 minutes, then goes ahead', async () => {
    const { core, authTime } = await signedInCore(SEEDED_ADMIN_LOGINS.superAdmin);
    const { user, factors } = await userWithFactors(core, 'a');

    offsetMs = 16 * MINUTE;
    const refused = await callError(core, 'resetAllFactors', { userId: user.id, confirmLogin: user.login, callerVerification: manual });
    expect(refused).toMatchObject({
      code: 'STEP_UP_REQUIRED',
      message: `Resetting all of ${user.login}'s factors needs a recent sign-in: you last signed in 16 minutes ago, and your organization allows 15 minutes.`,
      action: 'Sign in again with Okta; FactorDesk then carries on.',
    });
    expect((await call(core, 'listFactors', { userId: user.id })).factors).toHaveLength(factors.length);
    const { records } = await readJournalSince(harness!.dataDir, { since: new Date(0) });
    expect(records.filter((record) => record.action === 'reset_all_factors')).toEqual([
      expect.objectContaining({ outcome: 'failure', stage: 'refused', errorCode: 'STEP_UP_REQUIRED', userId: user.id }),
    ]);

    // The fresh sign-in: Okta is asked to authenticate the agent now; its sign-in page says why.
    while (Date.now() < (authTime + 1) * 1000 + 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const stepUp = await signInThroughCore(core, SEEDED_ADMIN_LOGINS.superAdmin, { stepUp: true });
    expect(Object.fromEntries(stepUp.authorizationUrl.searchParams)).toMatchObject({ max_age: '900', prompt: 'login', login_hint: SEEDED_ADMIN_LOGINS.superAdmin });
    expect(stepUp.signInPages.join('')).toContain('For your security, sign in again to continue.');
    const freshAuthTime = Date.parse(stepUp.org.agent?.signedInAt ?? '') / 1000;
    expect(freshAuthTime).toBeGreaterThan(authTime);

    // 15 minutes after the fresh sign-in (and so more than 15 after the first): allowed now.
    fixedNow = (freshAuthTime + 15 * 60) * 1000 - 250;
    const reset = await call(core, 'resetAllFactors', { userId: user.id, confirmLogin: user.login, callerVerification: manual, riskAcknowledgement: secondCheck });
    expect(reset.removedFactorIds.sort()).toEqual(factors.map((factor) => factor.id).sort());
  });

  it("asks for a fresh sign-in before changing an administrator's factors, not an ordinary user's", async () => {
    const { core } = await signedInCore(SEEDED_ADMIN_LOGINS.superAdmin);
    const orla = (await call(core, 'searchUsers', { query: SEEDED_ADMIN_LOGINS.orgAdmin })).users[0];
    const orlaFactor = (await call(core, 'listFactors', { userId: orla?.id ?? '' })).factors[0];
    const isaac = (await call(core, 'searchUsers', { query: 'isaac@example.org' })).users[0];
    const isaacFactor = (await call(core, 'listFactors', { userId: isaac?.id ?? '' })).factors.find((factor) => factor.factorType === 'sms');
    if (!orla || !orlaFactor || !isaac || !isaacFactor) throw new Error('seeded users missing');

    offsetMs = 20 * MINUTE;
    const refused = await callError(core, 'resetFactor', { userId: orla.id, factorId: orlaFactor.id, callerVerification: manual });
    expect(refused.code).toBe('STEP_UP_REQUIRED');
    expect(refused.message).toMatch(/^orla\.ortiz@example\.org holds an Okta admin role \(Organization administrator\), so changing their factors needs a recent sign-in: you last signed in 20 minutes ago/);
    const enroll = await callError(core, 'enrollFactor', { userId: orla.id, request: { factorType: 'email' } });
    expect(enroll.code).toBe('STEP_UP_REQUIRED');
    // An ordinary user's single factor needs no fresh sign-in.
    expect((await call(core, 'resetFactor', { userId: isaac.id, factorId: isaacFactor.id, callerVerification: manual })).removedFactorIds).toEqual([isaacFactor.id]);

    offsetMs = 0;
    expect((await call(core, 'resetFactor', { userId: orla.id, factorId: orlaFactor.id, callerVerification: manual, riskAcknowledgement: secondCheck })).removedFactorIds).toEqual([orlaFactor.id]);
  });

  it('follows the policy step-up age, and does not ask API-token connections (there is no sign-in to renew)', async () => {
    harness = await makeCore({ sandbox, now, policy: { stepUpMaxAgeMinutes: 5 } });
    await call(harness.core, 'connectSandbox', {});
    await signInThroughCore(harness.core, SEEDED_ADMIN_LOGINS.superAdmin);
    const { user } = await userWithFactors(harness.core, 'b');
    offsetMs = 6 * MINUTE;
    const refused = await callError(harness.core, 'resetAllFactors', { userId: user.id, confirmLogin: user.login, callerVerification: manual });
    expect(refused.message).toMatch(/you last signed in 6 minutes ago, and your organization allows 5 minutes\.$/);
    const started = await call(harness.core, 'startSignIn', { id: 'sandbox', stepUp: true });
    expect(new URL(started.authorizationUrl).searchParams.get('max_age')).toBe('300');
    await call(harness.core, 'cancelSignIn', { signInId: started.signInId });

    await harness.close();
    harness = await makeCore({ sandbox: { ...sandbox, start: async () => ({ url: sandbox.url, token: sandbox.token, close: async () => {} }) }, now });
    await call(harness.core, 'connectSandbox', {});
    offsetMs = 60 * MINUTE;
    const { user: other } = await userWithFactors(harness.core, 'c');
    expect((await call(harness.core, 'resetAllFactors', { userId: other.id, confirmLogin: other.login, callerVerification: manual })).userId).toBe(other.id);
  });
});

describe('a step-up age of 0 ("every time")', () => {
  it('refuses every risky action without a sign-in made for it, and lets the retry right after that sign-in through, once', async () => {
    harness = await makeCore({ sandbox, now, policy: { stepUpMaxAgeMinutes: 0 } });
    await call(harness.core, 'connectSandbox', {});
    await signInThroughCore(harness.core, SEEDED_ADMIN_LOGINS.superAdmin);
    const { user } = await userWithFactors(harness.core, 'd');

    // Even a sign-in of a moment ago does not count: "every time" means a sign-in for this action.
    const refused = await callError(harness.core, 'resetAllFactors', { userId: user.id, confirmLogin: user.login, callerVerification: manual });
    expect(refused.code).toBe('STEP_UP_REQUIRED');
    expect(refused.message).toMatch(/and your organization asks for a fresh sign-in every time\.$/);

    const stepUp = await signInThroughCore(harness.core, SEEDED_ADMIN_LOGINS.superAdmin, { stepUp: true });
    expect(stepUp.authorizationUrl.searchParams.get('max_age')).toBe('0');
    // The retry right after it goes through, even though some time has passed since Okta's auth_time.
    offsetMs = 20_000;
    expect((await call(harness.core, 'resetAllFactors', { userId: user.id, confirmLogin: user.login, callerVerification: manual })).userId).toBe(user.id);

    // That sign-in is used up: the next risky action asks again.
    const { user: other } = await userWithFactors(harness.core, 'e');
    expect((await callError(harness.core, 'resetAllFactors', { userId: other.id, confirmLogin: other.login, callerVerification: manual })).code).toBe('STEP_UP_REQUIRED');
  });
});
