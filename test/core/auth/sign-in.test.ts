import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readJournalSince } from '../../../main/core/audit';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { filesUnder } from '../../support/files-under';
import { SEEDED_ADMIN_LOGINS } from '../../sandbox/support/admin-tokens';
import { sandboxClient, type Json } from '../../sandbox/support/client';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { signInThroughCore, storedRefreshToken, storedSecret } from './support/core-sign-in';

// "Use the sandbox org" signs the agent in as themselves: the core's openid-client sign-in (code +
// PKCE, the answer on a loopback listener, DPoP-bound tokens) against the sandbox's org
// authorization server over real HTTP, then the agent's own calls, attributed to them.

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

const admin = () => sandboxClient(sandbox);

describe('signing in to the sandbox org', () => {
  it('selects the sandbox as a "Sign in with Okta" org that waits for the agent, then signs them in', async () => {
    harness = await makeCore({ sandbox });
    const { core } = harness;
    const connected = await call(core, 'connectSandbox', {});
    expect(connected).toMatchObject({ id: 'sandbox', hasToken: false, agent: null, connection: { method: 'oauth', clientId: sandbox.oauth.nativeClientId } });
    const before = await callError(core, 'searchUsers', { query: 'isaac' });
    expect(before).toMatchObject({ code: 'SIGN_IN_REQUIRED', action: 'Sign in with Okta.' });

    const { org, landing, authorizationUrl, signInPages } = await signInThroughCore(core, SEEDED_ADMIN_LOGINS.superAdmin);
    expect(authorizationUrl.origin).toBe(sandbox.url);
    expect(authorizationUrl.pathname).toBe('/oauth2/v1/authorize');
    const parameters = Object.fromEntries(authorizationUrl.searchParams);
    expect(parameters).toMatchObject({
      client_id: sandbox.oauth.nativeClientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
      scope: 'openid profile offline_access okta.users.read okta.users.manage okta.logs.read okta.roles.read okta.authenticators.read',
      redirect_uri: sandbox.oauth.nativeRedirectUris[0],
    });
    expect(parameters).not.toHaveProperty('max_age');
    expect(signInPages).toHaveLength(1);
    expect(landing.status).toBe(200);
    expect(landing.html).toContain('You are signed in as Sam Shaw (sam.shaw@example.org). You can close this tab and return to FactorDesk.');
    expect(org).toMatchObject({ hasToken: true, agent: { name: 'Sam Shaw', login: SEEDED_ADMIN_LOGINS.superAdmin, signedInAt: expect.any(String) } });
    expect(Date.now() - Date.parse(org.agent?.signedInAt ?? '')).toBeLessThan(60_000);

    const found = await call(core, 'searchUsers', { query: 'isaac@example.org' });
    expect(found.users.map((user) => user.login)).toEqual(['isaac@example.org']);
    expect((await call(core, 'listOrgs', {})).orgs[0]).toMatchObject({ hasToken: true, agent: { login: SEEDED_ADMIN_LOGINS.superAdmin } });
  });

  it("does the agent's actions as the agent: Okta's System Log names them, and the journal says who Okta saw", async () => {
    const sessionStore = createSessionSecretStore();
    harness = await makeCore({ sandbox, sessionStore });
    const { core, dataDir } = harness;
    await call(core, 'connectSandbox', {});
    await signInThroughCore(core, SEEDED_ADMIN_LOGINS.orgAdmin);

    const user = (await call(core, 'searchUsers', { query: 'isaac@example.org' })).users[0];
    if (!user) throw new Error('no Isaac');
    const factor = (await call(core, 'listFactors', { userId: user.id })).factors.find((each) => each.factorType === 'sms');
    if (!factor) throw new Error('Isaac has no sms factor');
    const reset = await call(core, 'resetFactor', { userId: user.id, factorId: factor.id, callerVerification: { method: 'id_check', ticket: 'INC-7' } });
    expect(reset.removedFactorIds).toEqual([factor.id]);

    const events = (await admin().get<Json[]>(`/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.mfa.factor.deactivate" and target.id eq "${factor.id}"`)}`)).body;
    expect(events).toHaveLength(1);
    const orla = (await admin().get<Json>(`/api/v1/users/${SEEDED_ADMIN_LOGINS.orgAdmin}`)).body;
    expect(events[0]).toMatchObject({ actor: { id: orla.id, alternateId: SEEDED_ADMIN_LOGINS.orgAdmin, type: 'User' }, client: { id: sandbox.oauth.nativeClientId } });

    const { records } = await readJournalSince(dataDir, { since: new Date(0) });
    expect(records.filter((record) => record.action === 'reset_factor')).toEqual([
      expect.objectContaining({ outcome: 'attempt', agent: 'test-agent', actingAs: SEEDED_ADMIN_LOGINS.orgAdmin }),
      expect.objectContaining({ outcome: 'success', agent: 'test-agent', actingAs: SEEDED_ADMIN_LOGINS.orgAdmin }),
    ]);

    // The sign-in's secrets are kept for this session, bound to the sandbox's address; never in settings.json.
    const refreshToken = await storedRefreshToken(sessionStore);
    const dpopKey = await storedSecret(sessionStore, 'sandbox', 'dpop-key');
    expect(dpopKey).toMatchObject({ origin: sandbox.url, secret: expect.stringContaining('"crv":"P-256"') });
    const settings = await readFile(join(dataDir, 'settings.json'), 'utf8');
    expect(JSON.parse(settings)).toMatchObject({ orgs: [{ id: 'sandbox', connection: { method: 'oauth', clientId: sandbox.oauth.nativeClientId } }] });
    const privateD = (JSON.parse(dpopKey?.secret ?? '{}') as { d: string }).d;
    for (const [name, text] of await filesUnder(dataDir)) {
      expect(text, name).not.toContain(refreshToken);
      expect(text, name).not.toContain(privateD);
    }
  });

  it('signs out: the sign-in is revoked at Okta and forgotten here, and the org asks for a sign-in again', async () => {
    const sessionStore = createSessionSecretStore();
    harness = await makeCore({ sandbox, sessionStore });
    const { core } = harness;
    await call(core, 'connectSandbox', {});
    await signInThroughCore(core, SEEDED_ADMIN_LOGINS.readOnlyAdmin);
    const refreshToken = await storedRefreshToken(sessionStore);
    expect(await call(core, 'signOut', { id: 'sandbox' })).toMatchObject({ hasToken: false, agent: null });
    expect(await storedSecret(sessionStore, 'sandbox', 'refresh-token')).toBeNull();
    expect(await storedSecret(sessionStore, 'sandbox', 'dpop-key')).toBeNull();
    expect((await callError(core, 'searchUsers', { query: '' })).code).toBe('SIGN_IN_REQUIRED');
    const revoked = (await admin().get<Json[]>(`/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.token.revoke"')}`)).body;
    expect(revoked.length).toBeGreaterThan(0);
    expect(refreshToken.length).toBeGreaterThan(20);

    // The next sign-in makes Okta ask who is there (the browser's Okta session may be the last agent's), with no hint.
    const next = await call(core, 'startSignIn', { id: 'sandbox' });
    const parameters = new URL(next.authorizationUrl).searchParams;
    expect(parameters.get('prompt')).toBe('login');
    expect(parameters.has('login_hint')).toBe(false);
    await call(core, 'cancelSignIn', { signInId: next.signInId });
  });

  it('cancels a sign-in the agent abandons, and refuses another window waiting for it', async () => {
    harness = await makeCore({ sandbox });
    const { core } = harness;
    await call(core, 'connectSandbox', {});
    const started = await call(core, 'startSignIn', { id: 'sandbox' });
    const other = await core.dispatch('finishSignIn', { signInId: started.signInId }, { clientId: 'another-window' });
    expect(other).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const waiting = callError(core, 'finishSignIn', { signInId: started.signInId });
    expect(await call(core, 'cancelSignIn', { signInId: started.signInId })).toBeNull();
    expect(await waiting).toMatchObject({ code: 'CANCELLED' });
    // Its listener is closed: the port answers nothing any more.
    const redirect = new URL(started.authorizationUrl).searchParams.get('redirect_uri') ?? '';
    await expect(fetch(`${redirect}?state=x&code=y`)).rejects.toThrow();
  });

  it('refuses a sign-in for an org connected another way, and a forged answer to a sign-in in progress', async () => {
    harness = await makeCore({ sandbox });
    const { core } = harness;
    const ssws = await call(core, 'saveOrg', { name: 'Token org', url: 'https://token.okta.com', token: 'a-token-0123456789', tokenStorage: 'session' });
    expect(await callError(core, 'startSignIn', { id: ssws.id })).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/connected with "API token \(legacy\)"/) });

    await call(core, 'connectSandbox', {});
    const started = await call(core, 'startSignIn', { id: 'sandbox' });
    const redirect = new URL(started.authorizationUrl).searchParams.get('redirect_uri') ?? '';
    const forged = await fetch(`${redirect}?code=attacker-code&state=not-this-one`);
    expect(forged.status).toBe(400);
    const page = await forged.text();
    expect(page).toContain('Not the sign-in FactorDesk is waiting for');
    expect(page).not.toContain('attacker-code');
    expect(forged.headers.get('cache-control')).toBe('no-store');
    // The sign-in is still waiting for its own answer until cancelled.
    await call(core, 'cancelSignIn', { signInId: started.signInId });
  });
});
