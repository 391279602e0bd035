import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_ADMIN_LOGINS } from '../../sandbox/support/admin-tokens';
import { call, callError, makeCore, memoryKeychain, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { useTempDirs } from '../../support/temp-dirs';
import { registerSandboxApp, signInThroughCore } from './support/core-sign-in';

const folder = useTempDirs('policy');

// "Test connection" tells the truth about power — who, which scopes, which admin roles and their
// reach, and what that allows — and a refusal mid-call is explained in those same words: a token
// without the scope (insufficient_scope), or an agent whose role does not cover the user.

let sandbox: SharedSandbox;
let harness: CoreHarness | undefined;

beforeAll(async () => {
  sandbox = await shareSandbox(40, { signIn: true });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function signedIn(login: string) {
  harness = await makeCore({ sandbox });
  await call(harness.core, 'connectSandbox', {});
  await signInThroughCore(harness.core, login);
  return harness.core;
}

async function firstFactorOf(core: CoreHarness['core'], login: string) {
  const user = (await call(core, 'searchUsers', { query: login })).users[0];
  const factor = user ? (await call(core, 'listFactors', { userId: user.id })).factors[0] : undefined;
  if (!user || !factor) throw new Error(`${login} has no factor`);
  return { user, factor };
}

describe('what a connection may do', () => {
  it('a super administrator: every user, factors read and reset, the System Log', async () => {
    const core = await signedIn(SEEDED_ADMIN_LOGINS.superAdmin);
    const result = await call(core, 'testConnection', { id: 'sandbox' });
    expect(result).toMatchObject({ ok: true, identity: 'Sam Shaw (sam.shaw@example.org)', canReadSystemLog: true });
    expect(result.power).toMatchObject({
      actor: { kind: 'agent', name: 'Sam Shaw (sam.shaw@example.org)' },
      roles: [{ type: 'SUPER_ADMIN', label: 'Super Organization administrator', reach: 'all_users', groups: [] }],
      readFactors: { level: 'yes' },
      resetFactors: { level: 'yes', why: expect.stringMatching(/administrators included/) },
      readSystemLog: { level: 'yes' },
    });
    expect([...(result.power.scopes ?? [])].sort()).toEqual(['okta.authenticators.read', 'okta.logs.read', 'okta.roles.read', 'okta.users.manage', 'okta.users.read']);
  });

  it('a help desk limited to a group: only its members, not administrators, and no System Log; a refusal on an admin says so', async () => {
    const core = await signedIn(SEEDED_ADMIN_LOGINS.helpDesk);
    const { power } = await call(core, 'testConnection', { id: 'sandbox' });
    expect(power.roles).toEqual([{ type: 'HELP_DESK_ADMIN', label: 'Help Desk administrator', reach: 'groups', groups: ['Support-managed users'] }]);
    expect(power.readFactors).toMatchObject({ level: 'partly', why: expect.stringMatching(/only members of Support-managed users/) });
    expect(power.resetFactors).toMatchObject({ level: 'partly', why: expect.stringMatching(/only members of Support-managed users\), not administrators/) });
    expect(power.readSystemLog).toMatchObject({ level: 'no', why: expect.stringMatching(/does not include reading it/) });

    // Orla is an org admin in the desk's group: the desk may see her factors but Okta refuses the change
    // (her risk card is high, an administrator: the desk gives the second verification it asks for first).
    const { user, factor } = await firstFactorOf(core, SEEDED_ADMIN_LOGINS.orgAdmin);
    const card = await call(core, 'getRiskCard', { userId: user.id });
    expect(card).toMatchObject({ level: 'high', requiresSecondVerification: true, systemLog: { readable: false }, roles: { readable: true, admin: ['Organization administrator'] } });
    const refused = await callError(core, 'resetFactor', {
      userId: user.id,
      factorId: factor.id,
      callerVerification: { method: 'id_check', ticket: 'INC-9' },
      riskAcknowledgement: { secondMethod: 'manager_callback', reason: 'Her manager confirmed on a known number' },
    });
    expect(refused).toMatchObject({
      code: 'PERMISSION_DENIED',
      oktaErrorCode: 'E0000006',
      // Okta's refusal on an administrator, in those words, and whose role it checked (the agent's own).
      message: `Only a super admin can reset an administrator's factors: ${SEEDED_ADMIN_LOGINS.orgAdmin} holds an Okta admin role (Organization administrator), and your own Okta admin role does not allow it.`,
      action: expect.stringMatching(/^Ask a super administrator/),
    });
  });

  it('a token without a scope: Test connection says what is missing, and the refused call names the scope', async () => {
    // The Okta admin granted the app read scopes only, and FactorDesk is told so.
    const clientId = await registerSandboxApp(sandbox, {
      type: 'native',
      name: 'FactorDesk (look only)',
      redirectUris: sandbox.oauth.nativeRedirectUris,
      scopes: ['okta.users.read', 'okta.roles.read', 'okta.logs.read'],
    });
    harness = await makeCore({ sandbox });
    const { core } = harness;
    await call(core, 'connectSandbox', {});
    const saved = await call(core, 'saveOrg', {
      id: 'sandbox',
      name: 'Sandbox org',
      url: sandbox.url,
      method: 'oauth',
      clientId,
      scopes: ['okta.users.read', 'okta.roles.read', 'okta.logs.read'],
      tokenStorage: 'session',
    });
    expect(saved).toMatchObject({ connection: { method: 'oauth', clientId, scopes: ['okta.users.read', 'okta.roles.read', 'okta.logs.read'] }, hasToken: false });
    const { authorizationUrl } = await signInThroughCore(core, SEEDED_ADMIN_LOGINS.superAdmin);
    expect(authorizationUrl.searchParams.get('scope')).toBe('openid profile offline_access okta.users.read okta.roles.read okta.logs.read');

    const { power } = await call(core, 'testConnection', { id: 'sandbox' });
    expect(power.readFactors.level).toBe('yes');
    expect(power.resetFactors).toEqual({ level: 'no', why: 'The access token does not include okta.users.manage: ask an Okta super admin to grant it to the app.' });

    const isaac = (await call(core, 'searchUsers', { query: 'isaac@example.org' })).users[0];
    const factor = (await call(core, 'listFactors', { userId: isaac?.id ?? '' })).factors[0];
    const refused = await callError(core, 'resetFactor', { userId: isaac?.id ?? '', factorId: factor?.id ?? '', callerVerification: { method: 'id_check', ticket: 'INC-10' } });
    expect(refused).toMatchObject({
      code: 'PERMISSION_DENIED',
      httpStatus: 403,
      message: "This connection's access token does not include the okta.users.manage scope (Okta: insufficient_scope), so Okta refused before checking any admin role.",
      action: 'Ask an Okta super admin to grant okta.users.manage to the FactorDesk app (Applications → FactorDesk → Okta API Scopes), then sign in again.',
    });
  });

  it('roles the connection may not read are said to be unknown, not guessed', async () => {
    const core = await signedIn('sandbox.auditor@example.org');
    const { power } = await call(core, 'testConnection', { id: 'sandbox' });
    expect(power.roles).toBeNull();
    expect(power.rolesUnreadable).toEqual(expect.any(String));
    expect(power.resetFactors.level).toBe('unknown');
    expect(power.readSystemLog.level).toBe('no');
  });

  it('an API token: its admin, unscoped, with its roles', async () => {
    harness = await makeCore({ sandbox });
    const saved = await call(harness.core, 'connectSandbox', {});
    await call(harness.core, 'saveOrg', { id: saved.id, name: 'Sandbox org', url: sandbox.url, method: 'ssws', tokenStorage: 'session' });
    const tested = await call(harness.core, 'testConnection', { id: 'sandbox' });
    expect(tested.power).toMatchObject({ actor: { kind: 'api_token', name: 'Sandbox Admin (sandbox.admin@example.org)' }, scopes: null, roles: [{ type: 'SUPER_ADMIN' }], resetFactors: { level: 'yes' } });
  });
});

describe("the desk's policy on ways of connecting", () => {
  it('refuses to save an org with a forbidden method, and does not connect one saved before', async () => {
    const keychain = memoryKeychain();
    const dataDir = await folder();
    harness = await makeCore({ sandbox, keychain, dataDir });
    const saved = await call(harness.core, 'saveOrg', { name: 'Token org', url: 'https://token.okta.com', token: 'a-token-0123456789', tokenStorage: 'keychain' });
    await harness.close();

    harness = await makeCore({ sandbox, keychain, dataDir, policy: { allowedConnectionMethods: ['oauth', 'service'] } });
    const refused = await callError(harness.core, 'saveOrg', { name: 'Another', url: 'https://another.okta.com', token: 'a-token-0123456789', tokenStorage: 'session' });
    expect(refused).toMatchObject({ code: 'POLICY_REFUSED', message: `Your organization's policy does not allow connecting with API token (legacy).` });
    const listed = (await call(harness.core, 'listOrgs', {})).orgs.find((org) => org.id === saved.id);
    const blocked = `Your organization's policy does not allow connecting with API token (legacy), so FactorDesk does not use Token org's saved connection.`;
    expect(listed).toMatchObject({ hasToken: false, problem: { code: 'POLICY_REFUSED', message: blocked } });
    expect(await callError(harness.core, 'searchUsers', { query: '' })).toMatchObject({ code: 'POLICY_REFUSED', message: blocked });
    // Signing in stays allowed.
    expect(await call(harness.core, 'saveOrg', { name: 'OAuth org', url: 'https://oauth.okta.com', clientId: '0oaNativeApp00000000', tokenStorage: 'session' })).toMatchObject({
      connection: { method: 'oauth', clientId: '0oaNativeApp00000000' },
      hasToken: false,
    });
  });

  it("explains that Okta's security question list is for API tokens only", async () => {
    const core = await signedIn(SEEDED_ADMIN_LOGINS.superAdmin);
    const isaac = (await call(core, 'searchUsers', { query: 'isaac@example.org' })).users[0];
    expect(await callError(core, 'listSecurityQuestions', { userId: isaac?.id ?? '' })).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(/lists security questions only for API tokens/),
    });
  });
});
