// The console against the default Identity Engine sandbox over real HTTP: every showcase user listed
// without error and every factor labelled, the caller verified with each code-based factor (codes
// from the sandbox's control API), Okta Verify grouped by device with what a removal takes along,
// and Okta's refusal to let a help desk reset an administrator's factors said in those words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactorSummary, UserFactors, UserSummary } from '../../../contract';
import { SHOWCASE_USERS } from '../../../sandbox/factors/showcase-users';
import { mintToken, SEEDED_ADMIN_LOGINS } from '../../sandbox/support/admin-tokens';
import { control } from '../history/support/journey';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';

let sandbox: SharedSandbox;
let harness: CoreHarness;

beforeAll(async () => {
  sandbox = await shareSandbox(30);
  harness = await makeCore({ sandbox });
  await call(harness.core, 'connectSandbox', {});
});
afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

async function userByLogin(login: string): Promise<UserSummary> {
  const [user] = (await call(harness.core, 'searchUsers', { query: login })).users;
  if (!user) throw new Error(`${login} is not in the sandbox`);
  return user;
}

const listed = (login: string): Promise<UserFactors> => userByLogin(login).then((user) => call(harness.core, 'listFactors', { userId: user.id }));
const byType = (factors: FactorSummary[], factorType: string, provider?: string): FactorSummary => {
  const found = factors.find((factor) => factor.factorType === factorType && (provider === undefined || factor.provider === provider));
  if (!found) throw new Error(`no ${factorType} ${provider ?? ''} factor among ${factors.map((factor) => factor.factorType).join(', ')}`);
  return found;
};

describe('every seeded Identity Engine user', () => {
  it('is listed, searched and opened without error, whatever their status (ACTIVATING too)', async () => {
    const all: UserSummary[] = [];
    let page = await call(harness.core, 'searchUsers', { query: '', limit: 200 });
    all.push(...page.users);
    while (page.nextCursor) {
      page = await call(harness.core, 'searchUsers', { query: '', limit: 200, cursor: page.nextCursor });
      all.push(...page.users);
    }
    for (const showcase of SHOWCASE_USERS) {
      const user = all.find((each) => each.login === showcase.login);
      // Okta's plain list leaves deactivated users out; search finds them.
      const found = user ?? (await userByLogin(showcase.login));
      expect(found, showcase.login).toMatchObject({ login: showcase.login, status: showcase.status, firstName: showcase.firstName });
      const factors = await call(harness.core, 'listFactors', { userId: found.id });
      // An Okta Verify device is three factors (push, code, FastPass) on a phone, one on a computer.
      expect(factors.factors.length, showcase.login).toBeGreaterThanOrEqual(showcase.factors.length);
      for (const factor of factors.factors) {
        // A known label, not the "type (provider)" an unknown factor gets.
        expect(factor.label, `${showcase.login} ${factor.factorType}`).not.toBe(`${factor.factorType} (${factor.provider})`);
      }
    }
    const activating = all.find((user) => user.login === 'aleksandr.petrov@example.org');
    expect(activating).toMatchObject({ status: 'ACTIVATING', transitioningToStatus: 'ACTIVE' });
  });

  it('labels every factor type and provider as people say them', async () => {
    const labels = new Map<string, string>();
    for (const showcase of SHOWCASE_USERS) {
      for (const factor of (await listed(showcase.login)).factors) labels.set(`${factor.factorType}/${factor.provider}`, factor.label);
    }
    expect(Object.fromEntries(labels)).toEqual({
      'push/OKTA': 'Okta Verify (push)',
      'token:software:totp/OKTA': 'Okta Verify (code)',
      'signed_nonce/OKTA': 'Okta FastPass',
      'token:software:totp/GOOGLE': 'Google Authenticator',
      'webauthn/FIDO': 'Security key or biometric',
      'u2f/FIDO': 'U2F security key',
      'token:hardware/YUBICO': 'YubiKey',
      'token/RSA': 'RSA SecurID',
      'token/SYMANTEC': 'Symantec VIP',
      'token:hotp/CUSTOM': 'Entrust Datacard (HOTP token)',
      'web/DUO': 'Duo Security',
      'sms/OKTA': 'SMS',
      'call/OKTA': 'Voice call',
      'email/OKTA': 'Email',
      'question/OKTA': 'Security question',
    });
    // A security key by its model, a YubiKey by its serial.
    const ken = await listed('ken.watanabe@example.org');
    expect(ken.factors.filter((factor) => factor.factorType === 'webauthn').map((factor) => factor.deviceName)).toEqual(['YubiKey 5 NFC']);
    expect(byType(ken.factors, 'token:hardware').detail).toMatch(/^\d{12}$/);
  });

  it('shows every documented factor status as Okta sent it, and says which factors can check a caller', async () => {
    const elodie = await listed('elodie.marchand@example.org');
    expect(elodie.factors.map((factor) => factor.status).sort()).toEqual(['ACTIVE', 'DISABLED', 'ENROLLED', 'EXPIRED', 'INACTIVE', 'NOT_SETUP', 'PENDING_ACTIVATION']);
    const checks = Object.fromEntries(
      (await Promise.all(SHOWCASE_USERS.map((user) => listed(user.login)))).flatMap((each) => each.factors).map((factor) => [factor.factorType, factor.callerCheck]),
    );
    expect(checks).toMatchObject({
      push: 'push',
      sms: 'sent_code',
      call: 'sent_code',
      email: 'sent_code',
      question: 'answer',
      'token:software:totp': 'code',
      'token:hardware': 'code',
      token: 'code',
      'token:hotp': 'code',
      signed_nonce: null,
      webauthn: null,
      u2f: null,
      web: null,
    });
  });
});

describe('Okta Verify devices', () => {
  it("groups each device's push, code and FastPass, and a computer's FastPass, and says what a removal takes along", async () => {
    const zoe = await listed('zoe.angstrom@example.org');
    expect(zoe.oktaVerifyDevices.map((device) => [device.name, device.platform, device.platformVersion])).toEqual([
      ['Zoë’s iPhone', 'IOS', '18.1'],
      ['Pixel 8 (work)', 'ANDROID', '14'],
      ['Zoë’s MacBook Pro', 'MACOS', '15.2'],
    ]);
    for (const device of zoe.oktaVerifyDevices.slice(0, 2)) {
      expect(device.pushFactorId).not.toBeNull();
      expect(device.codeFactorIds).toHaveLength(1);
      expect(device.fastPassFactorId).not.toBeNull();
    }
    const [iphone, pixel, macbook] = zoe.oktaVerifyDevices;
    expect(macbook).toMatchObject({ pushFactorId: null, codeFactorIds: [] });
    const factor = (id: string | null | undefined) => zoe.factors.find((each) => each.id === id);
    expect(factor(iphone?.pushFactorId)?.removesAlso.sort()).toEqual([iphone?.codeFactorIds[0], iphone?.fastPassFactorId].sort());
    expect(factor(pixel?.fastPassFactorId)?.removesAlso.sort()).toEqual([pixel?.pushFactorId, pixel?.codeFactorIds[0]].sort());
    // Removing the codes alone takes nothing along; the security key is no Okta Verify.
    expect(factor(iphone?.codeFactorIds[0])).toMatchObject({ oktaVerifyDevice: iphone?.key, removesAlso: [] });
    expect(byType(zoe.factors, 'webauthn')).toMatchObject({ oktaVerifyDevice: null, removesAlso: [] });
  });

  it('removes one device with its push: the reset reports the three factors Okta removed, and the other devices stay', async () => {
    const user = await userByLogin('lukasz.wisniewski@example.org');
    // Give Łukasz a second phone, activated by a scan: Identity Engine adds its code and FastPass.
    const enrolled = await call(harness.core, 'enrollFactor', { userId: user.id, request: { factorType: 'push' } });
    if (enrolled.kind !== 'push_activation') throw new Error(`expected a push activation, got ${enrolled.kind}`);
    await control(sandbox, 'POST', `/sandbox/v1/users/${user.id}/factors/${enrolled.factor.id}/scan`, { name: 'Łukasz iPad', platform: 'IOS', version: '17.4' });
    const before = await call(harness.core, 'listFactors', { userId: user.id });
    expect(before.oktaVerifyDevices.map((device) => device.name)).toEqual(['Galaxy S23', 'Łukasz iPad']);
    const [galaxy, ipad] = before.oktaVerifyDevices;

    const reset = await call(harness.core, 'resetFactor', {
      userId: user.id,
      factorId: galaxy?.pushFactorId ?? '',
      callerVerification: { method: 'id_check', ticket: 'INC-4242' },
    });
    expect(reset.removedFactorIds.sort()).toEqual([galaxy?.pushFactorId, ...(galaxy?.codeFactorIds ?? []), galaxy?.fastPassFactorId].sort());
    const after = await call(harness.core, 'listFactors', { userId: user.id });
    expect(after.oktaVerifyDevices.map((device) => device.key)).toEqual([ipad?.key]);
    expect(after.factors.map((factor) => factor.factorType).sort()).toEqual(['push', 'signed_nonce', 'sms', 'token:software:totp']);
  });
});

describe('verifying the caller with a code they read out', () => {
  async function currentCode(userId: string, factorId: string): Promise<string> {
    return (await control<{ passCode: string }>(sandbox, 'GET', `/sandbox/v1/users/${userId}/factors/${factorId}/passcode`)).passCode;
  }

  const cases: Array<[string, string, string, string?]> = [
    ['YubiKey', 'ken.watanabe@example.org', 'token:hardware'],
    ['RSA SecurID (PIN + tokencode)', 'jose.alvarez@example.org', 'token', 'RSA'],
    ['Symantec VIP', 'bjorn.oberg@example.org', 'token', 'SYMANTEC'],
    ['custom HOTP', 'nadia.haddad@example.org', 'token:hotp'],
    ['Google Authenticator', 'priya.raman@example.org', 'token:software:totp', 'GOOGLE'],
    ['Okta Verify code', 'zoe.angstrom@example.org', 'token:software:totp', 'OKTA'],
  ];

  it.each(cases)('%s: nothing is sent, the code passes once, a wrong code and a used one are said so', async (_name, login, factorType, provider) => {
    const user = await userByLogin(login);
    const factor = byType((await call(harness.core, 'listFactors', { userId: user.id })).factors, factorType, provider);
    expect(factor.callerCheck).toBe('code');
    const started = await call(harness.core, 'startVerify', { userId: user.id, factorId: factor.id });
    expect(started).toEqual({ kind: 'ask_caller', factorId: factor.id, factorType, questionText: null });

    const code = await currentCode(user.id, factor.id);
    const passed = await call(harness.core, 'checkVerification', { userId: user.id, factorId: factor.id, passCode: code });
    expect(passed).toMatchObject({ factorId: factor.id, factorType, outcome: 'SUCCESS' });
    expect((await call(harness.core, 'getCallerVerification', { userId: user.id })).verified).toMatchObject({ factorId: factor.id, method: 'code_check' });

    const replay = await callError(harness.core, 'checkVerification', { userId: user.id, factorId: factor.id, passCode: code });
    expect(replay).toMatchObject({ code: 'WRONG_CODE', oktaErrorCode: 'E0000082', message: 'That code was already used.' });

    // A code of the right shape that is not the token's: Okta's "does not match".
    const wrong = factorType === 'token:hardware' ? code.slice(0, 12) + 'c'.repeat(32) : factor.provider === 'RSA' ? `${code.slice(0, 4)}000000` : '000000';
    const refused = await callError(harness.core, 'checkVerification', { userId: user.id, factorId: factor.id, passCode: wrong === code ? '111111' : wrong });
    expect(refused).toMatchObject({ code: 'WRONG_CODE', oktaErrorCode: 'E0000068', message: 'That code is not correct.' });
    // The failed check voids the pass.
    expect((await call(harness.core, 'getCallerVerification', { userId: user.id })).failedCheck).toMatchObject({ factorId: factor.id, reason: 'wrong_code' });
  });

  it('refuses a code of the wrong shape for the factor before asking Okta, saying what such a code looks like', async () => {
    const ken = await userByLogin('ken.watanabe@example.org');
    const yubikey = byType((await call(harness.core, 'listFactors', { userId: ken.id })).factors, 'token:hardware');
    const digits = await callError(harness.core, 'checkVerification', { userId: ken.id, factorId: yubikey.id, passCode: '123456' });
    expect(digits).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^A YubiKey code is the 44 letters the key types/) });
    const jose = await userByLogin('jose.alvarez@example.org');
    const rsa = byType((await call(harness.core, 'listFactors', { userId: jose.id })).factors, 'token', 'RSA');
    expect(await callError(harness.core, 'checkVerification', { userId: jose.id, factorId: rsa.id, passCode: 'abcdefgh' })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/PIN followed by the 6 or 8 digits/),
    });
    // FastPass and security keys have no admin check: FactorDesk says so rather than asking Okta.
    const zoe = await listed('zoe.angstrom@example.org');
    const fastPass = byType(zoe.factors, 'signed_nonce');
    expect(await callError(harness.core, 'startVerify', { userId: zoe.user.id, factorId: fastPass.id })).toMatchObject({ code: 'VALIDATION' });
  });
});

describe("an administrator's factors", () => {
  it("a help desk's reset of an admin is refused by Okta and said in those words; its reset of a user in its groups goes through", async () => {
    const helpDesk = await mintToken(sandbox, { login: SEEDED_ADMIN_LOGINS.helpDesk });
    const desk = await makeCore({ sandbox: { ...sandbox, start: async () => ({ url: sandbox.url, token: helpDesk.token, close: async () => {} }) } });
    try {
      await call(desk.core, 'connectSandbox', {});
      const [orla] = (await call(desk.core, 'searchUsers', { query: SEEDED_ADMIN_LOGINS.orgAdmin })).users;
      if (!orla) throw new Error('the org admin is not visible to the help desk');
      const { factors } = await call(desk.core, 'listFactors', { userId: orla.id });
      // An admin's risk card is high: the desk's own rule asks for a second verification and a reason first, then Okta answers.
      const secondCheck = { secondMethod: 'manager_callback' as const, reason: 'Her manager confirmed on a known number' };
      const refused = await callError(desk.core, 'resetFactor', { userId: orla.id, factorId: factors[0]?.id ?? '', callerVerification: { method: 'id_check', ticket: 'INC-7' }, riskAcknowledgement: secondCheck });
      expect(refused).toMatchObject({
        code: 'PERMISSION_DENIED',
        oktaErrorCode: 'E0000006',
        message: `Only a super admin can reset an administrator's factors: ${SEEDED_ADMIN_LOGINS.orgAdmin} holds an Okta admin role (Organization administrator), and the API token's administrator is not a super admin.`,
        action: expect.stringMatching(/^Ask a super administrator/),
      });
      // Every change to an administrator's factors is refused the same way over an API token: enrolling one, resetting them all.
      expect(await callError(desk.core, 'enrollFactor', { userId: orla.id, request: { factorType: 'email' } })).toMatchObject({
        code: 'PERMISSION_DENIED',
        oktaErrorCode: 'E0000006',
        message: `Only a super admin can enroll a factor for an administrator: ${SEEDED_ADMIN_LOGINS.orgAdmin} holds an Okta admin role (Organization administrator), and the API token's administrator is not a super admin.`,
      });
      const all = await callError(desk.core, 'resetAllFactors', { userId: orla.id, confirmLogin: SEEDED_ADMIN_LOGINS.orgAdmin, callerVerification: { method: 'id_check', ticket: 'INC-7' }, riskAcknowledgement: secondCheck });
      expect(all).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/^Only a super admin can reset an administrator's factors: .*the API token's administrator is not a super admin\.$/) });
      expect((await call(desk.core, 'listFactors', { userId: orla.id })).factors.map((factor) => factor.id)).toEqual(factors.map((factor) => factor.id));

      const [isaac] = (await call(desk.core, 'searchUsers', { query: 'isaac@example.org' })).users;
      const sms = byType((await call(desk.core, 'listFactors', { userId: isaac?.id ?? '' })).factors, 'sms');
      const done = await call(desk.core, 'resetFactor', { userId: isaac?.id ?? '', factorId: sms.id, callerVerification: { method: 'id_check', ticket: 'INC-8' } });
      expect(done.removedFactorIds).toEqual([sms.id]);
    } finally {
      await desk.close();
    }
  });

  it("a read-only administrator's API token refused on an ordinary user: not told to find a super admin, told whose roles Okta checked", async () => {
    const readOnly = await mintToken(sandbox, { login: SEEDED_ADMIN_LOGINS.readOnlyAdmin });
    const desk = await makeCore({ sandbox: { ...sandbox, start: async () => ({ url: sandbox.url, token: readOnly.token, close: async () => {} }) } });
    try {
      await call(desk.core, 'connectSandbox', {});
      const [isaac] = (await call(desk.core, 'searchUsers', { query: 'isaac@example.org' })).users;
      const [factor] = (await call(desk.core, 'listFactors', { userId: isaac?.id ?? '' })).factors;
      const refused = await callError(desk.core, 'resetFactor', { userId: isaac?.id ?? '', factorId: factor?.id ?? '', callerVerification: { method: 'id_check', ticket: 'INC-9' } });
      expect(refused).toMatchObject({
        code: 'PERMISSION_DENIED',
        oktaErrorCode: 'E0000006',
        message: expect.stringMatching(/^The API token's administrator is not allowed to do this\. Okta checks every action against that administrator's roles and the user it is about/),
        action: expect.stringMatching(/Help Desk Administrator or higher/),
      });
      expect(refused.message).not.toMatch(/super admin can/);
    } finally {
      await desk.close();
    }
  });
});
