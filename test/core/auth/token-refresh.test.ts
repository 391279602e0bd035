import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keyPairFromJwk } from '../../../main/core/auth/dpop-keys';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { SEEDED_ADMIN_LOGINS } from '../../sandbox/support/admin-tokens';
import { sandboxClient, type Json } from '../../sandbox/support/client';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { signInThroughCore, storedRefreshToken, storedSecret } from './support/core-sign-in';

// The agent's access token lives in memory for an hour; the refresh token rotates at every use and
// is kept (session store here: the sandbox org's) before the new access token is used. One
// refresh at a time however many calls need it; a refresh token used twice ends the sign-in.

let sandbox: SharedSandbox;
let recorder: RequestRecorder;
let harness: CoreHarness | undefined;

beforeAll(async () => {
  sandbox = await shareSandbox(40, { signIn: true });
  recorder = recordRequestsTo(Number(new URL(sandbox.url).port));
});
afterAll(async () => {
  recorder.stop();
  await sandbox.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** One hour of org time: every access token issued so far is expired at the API (401). */
async function expireAccessTokens(): Promise<void> {
  const advanced = await sandboxClient(sandbox).post('/sandbox/v1/clock/advance', { seconds: 3601 });
  expect(advanced.status).toBe(200);
}

async function signedIn(login: string) {
  const sessionStore = createSessionSecretStore();
  harness = await makeCore({ sandbox, sessionStore });
  await call(harness.core, 'connectSandbox', {});
  await signInThroughCore(harness.core, login);
  return { core: harness.core, sessionStore };
}

const tokenRequests = (from: number) => recorder.requests.slice(from).filter((request) => request.method === 'POST' && request.url === '/oauth2/v1/token');

describe('refresh token rotation', () => {
  it('renews a refused access token once for many calls at the same time, storing the rotated refresh token', async () => {
    const { core, sessionStore } = await signedIn(SEEDED_ADMIN_LOGINS.superAdmin);
    await call(core, 'searchUsers', { query: 'isaac' });
    const first = await storedRefreshToken(sessionStore);
    await expireAccessTokens();

    const from = recorder.requests.length;
    const results = await Promise.all(Array.from({ length: 6 }, (_, index) => call(core, 'searchUsers', { query: index % 2 ? 'isaac' : 'dade' })));
    expect(results.every((page) => page.users.length > 0)).toBe(true);
    // Each call met a 401 once, but only one refresh went out (its use_dpop_nonce round trip aside).
    const refreshes = tokenRequests(from).filter((request) => request.status === 200);
    expect(refreshes).toHaveLength(1);
    expect(recorder.requests.slice(from).filter((request) => request.url.startsWith('/api/v1/users') && request.status === 401).length).toBeGreaterThan(0);

    const second = await storedRefreshToken(sessionStore);
    expect(second).not.toBe(first);
    // Every API call carried `Authorization: DPoP` and a proof.
    expect(recorder.requests.slice(from).filter((request) => request.url.startsWith('/api/v1/')).every((request) => request.authScheme === 'DPoP' && request.dpop)).toBe(true);
  });

  it('ends the sign-in when a rotated refresh token is used again: Okta revokes it all, and the console asks to sign in again', async () => {
    const { core, sessionStore } = await signedIn(SEEDED_ADMIN_LOGINS.orgAdmin);
    const spent = await storedRefreshToken(sessionStore);
    await expireAccessTokens();
    await call(core, 'searchUsers', { query: 'isaac' }); // rotates `spent` away
    expect(await storedRefreshToken(sessionStore)).not.toBe(spent);

    // Someone replays the spent refresh token (with the DPoP key it is bound to, as a thief with this computer's keychain would).
    const dpopJwk = (await storedSecret(sessionStore, 'sandbox', 'dpop-key'))?.secret ?? '';
    const config = await oidc.discovery(new URL(sandbox.url), sandbox.oauth.nativeClientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const stolen = oidc.refreshTokenGrant(config, spent, undefined, { DPoP: oidc.getDPoPHandle(config, await keyPairFromJwk(dpopJwk)) });
    await expect(stolen).rejects.toMatchObject({ error: 'invalid_grant' });
    const reuse = (await sandboxClient(sandbox).get<Json[]>(`/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.token.detect_reuse"')}`)).body;
    expect(reuse.length).toBeGreaterThan(0);

    // The console's access token died with the grant; its refresh is refused: a clear state, not a crash.
    const refused = await callError(core, 'searchUsers', { query: 'isaac' });
    expect(refused).toMatchObject({ code: 'SIGN_IN_REQUIRED', message: expect.stringMatching(/Okta ended your sign-in/), action: 'Sign in with Okta.' });
    expect((await call(core, 'listOrgs', {})).orgs[0]).toMatchObject({ id: 'sandbox', hasToken: false, agent: null });
    expect(await storedSecret(sessionStore, 'sandbox', 'refresh-token')).toBeNull();
    expect((await callError(core, 'listFactors', { userId: '00ub0oNGTSWTBKOLGLNR' })).code).toBe('SIGN_IN_REQUIRED');

    // Signing in again brings everything back.
    await signInThroughCore(core, SEEDED_ADMIN_LOGINS.orgAdmin);
    expect((await call(core, 'searchUsers', { query: 'isaac@example.org' })).users).toHaveLength(1);
  });

  it('keeps the sign-in across a restart of FactorDesk (same session store): the refresh token is all it needs', async () => {
    const { sessionStore } = await signedIn(SEEDED_ADMIN_LOGINS.helpDesk);
    const before = await storedRefreshToken(sessionStore);
    const core = await harness!.restart();
    expect((await call(core, 'listOrgs', {})).orgs[0]).toMatchObject({ hasToken: true, agent: { login: SEEDED_ADMIN_LOGINS.helpDesk } });
    // No access token in memory after the restart: the first call refreshes.
    expect((await call(core, 'searchUsers', { query: 'isaac@example.org' })).users).toHaveLength(1);
    expect(await storedRefreshToken(sessionStore)).not.toBe(before);
  });
});
