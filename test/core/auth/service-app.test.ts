import * as oidc from 'openid-client';
import { Pool } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newKeyPair, publicJwkOf } from '../../../main/core/auth/dpop-keys';
import { discoverOrgAuthorizationServer } from '../../../main/core/auth/org-oauth-config';
import { ServiceAppSession } from '../../../main/core/auth/service-app-session';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { sandboxClient, type Json } from '../../sandbox/support/client';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { registerSandboxApp, storedSecret } from './support/core-sign-in';

// A service app for automation and bulk work: FactorDesk makes the key pair and shows the public
// JWK, the Okta admin creates the app with it (here: POST /sandbox/v1/apps), and FactorDesk gets
// one-hour DPoP-bound tokens with client credentials + private_key_jwt, acting with the app's roles.

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

const SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read'] as const;

async function connectServiceApp(options: { dpop?: boolean } = {}) {
  const sessionStore = createSessionSecretStore();
  harness = await makeCore({ sandbox, sessionStore });
  const { core } = harness;
  await call(core, 'connectSandbox', {});
  const key = await call(core, 'createServiceAppKey', {});
  const clientId = await registerSandboxApp(sandbox, { type: 'service', name: 'Desk automation', jwks: { keys: [key.publicJwk] }, scopes: SCOPES, roles: ['HELP_DESK_ADMIN'], ...options });
  const org = await call(core, 'saveOrg', { id: 'sandbox', name: 'Sandbox org', url: sandbox.url, method: 'service', clientId, scopes: [...SCOPES], serviceKeyId: key.keyId, tokenStorage: 'session' });
  return { core, key, clientId, org, sessionStore };
}

describe('a service app', () => {
  it('makes a key pair whose public half is shown and private half kept, then acts as the app in Okta', async () => {
    const { core, key, clientId, org, sessionStore } = await connectServiceApp();
    expect(key.publicJwk).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: key.keyId, alg: 'ES256', use: 'sig' });
    expect(org).toMatchObject({ hasToken: true, agent: null, connection: { method: 'service', clientId, scopes: [...SCOPES] } });
    expect(await call(core, 'getServiceAppKey', { id: 'sandbox' })).toEqual(key);

    const from = recorder.requests.length;
    const isaac = (await call(core, 'searchUsers', { query: 'isaac@example.org' })).users[0];
    const factor = (await call(core, 'listFactors', { userId: isaac?.id ?? '' })).factors.find((each) => each.factorType === 'sms');
    await call(core, 'resetFactor', { userId: isaac?.id ?? '', factorId: factor?.id ?? '', callerVerification: { method: 'id_check', ticket: 'INC-11' } });
    const tokenCalls = recorder.requests.slice(from).filter((request) => request.url === '/oauth2/v1/token');
    expect(tokenCalls.filter((request) => request.status === 200)).toHaveLength(1);
    expect(recorder.requests.slice(from).filter((request) => request.url.startsWith('/api/v1/')).every((request) => request.authScheme === 'DPoP')).toBe(true);

    const events = (await sandboxClient(sandbox).get<Json[]>(`/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.mfa.factor.deactivate" and target.id eq "${factor?.id}"`)}`)).body;
    expect(events[0]).toMatchObject({ actor: { id: clientId, type: 'PublicClientApp', displayName: 'Desk automation' } });

    const { power, identity } = await call(core, 'testConnection', { id: 'sandbox' });
    expect(identity).toBe(`Service app ${clientId}`);
    expect(power).toMatchObject({ actor: { kind: 'service_app' }, roles: [{ type: 'HELP_DESK_ADMIN', reach: 'all_users' }], resetFactors: { level: 'partly' }, readSystemLog: { level: 'no' } });
    expect([...(power.scopes ?? [])].sort()).toEqual([...SCOPES].sort());

    // Its client key and a separate DPoP key are kept (for this session: the sandbox's), bound to the org's address.
    const clientKey = await storedSecret(sessionStore, 'sandbox', 'client-key');
    const dpopKey = await storedSecret(sessionStore, 'sandbox', 'dpop-key');
    expect(clientKey?.origin).toBe(sandbox.url);
    expect(dpopKey?.origin).toBe(sandbox.url);
    expect(JSON.parse(clientKey?.secret ?? '{}')).toMatchObject({ kty: 'EC', crv: 'P-256', x: key.publicJwk.x });
    expect(JSON.parse(dpopKey?.secret ?? '{}').x).not.toBe(key.publicJwk.x);
  });

  it('gets a new token when Okta refuses the old one, and uses Bearer tokens for an app that does not require DPoP', async () => {
    const { core } = await connectServiceApp({ dpop: false });
    await call(core, 'searchUsers', { query: 'isaac' });
    expect((await sandboxClient(sandbox).post('/sandbox/v1/clock/advance', { seconds: 3601 })).status).toBe(200);
    const from = recorder.requests.length;
    expect((await call(core, 'searchUsers', { query: 'isaac@example.org' })).users).toHaveLength(1);
    const calls = recorder.requests.slice(from);
    expect(calls.filter((request) => request.url.startsWith('/api/v1/users')).map((request) => [request.authScheme, request.status])).toEqual([
      ['Bearer', 401],
      ['Bearer', 200],
    ]);
    expect(calls.filter((request) => request.url === '/oauth2/v1/token' && request.status === 200)).toHaveLength(1);
  });

  it('says what is wrong when Okta refuses the app, and refuses a key that was never made here', async () => {
    harness = await makeCore({ sandbox });
    const { core } = harness;
    await call(core, 'connectSandbox', {});
    const key = await call(core, 'createServiceAppKey', {});
    // The admin pasted another key into Okta.
    const other = await call(core, 'createServiceAppKey', {});
    const clientId = await registerSandboxApp(sandbox, { type: 'service', jwks: { keys: [other.publicJwk] }, scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    await call(core, 'saveOrg', { id: 'sandbox', name: 'Sandbox org', url: sandbox.url, method: 'service', clientId, scopes: ['okta.users.read'], serviceKeyId: key.keyId, tokenStorage: 'session' });
    const refused = await callError(core, 'searchUsers', { query: 'isaac' });
    expect(refused).toMatchObject({ code: 'INVALID_TOKEN', message: expect.stringMatching(/^Okta did not give the service app an access token \(invalid_client/), action: expect.stringMatching(/public key FactorDesk showed/) });

    const unknown = await callError(core, 'saveOrg', { id: 'sandbox', name: 'Sandbox org', url: sandbox.url, method: 'service', clientId, scopes: ['okta.users.read'], serviceKeyId: '2e2e2e2e-dead-4bad-8bad-0123456789ab', tokenStorage: 'session' });
    expect(unknown).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/no longer waiting to be saved/) });
  });
});

describe('service app tokens', () => {
  it('are renewed ahead of their end (at 80 % of the hour), before Okta would refuse them', async () => {
    const { undiciDispatcher, config, dpopKeys } = await serviceAppParts();
    let now = Date.now();
    const session = new ServiceAppSession({ org: { name: 'Sandbox org' }, config: async () => config, dpopKeys, scopes: ['okta.users.read'], now: () => now });
    const first = await session.accessToken();
    expect(first.tokenType).toBe('dpop');
    expect(first.expiresAt - Date.now()).toBeGreaterThan(3500_000);
    now += 47 * 60_000;
    expect((await session.accessToken()).value).toBe(first.value);
    now += 2 * 60_000; // 49 minutes in: past 48
    const [a, b] = await Promise.all([session.accessToken(), session.accessToken()]);
    expect(a.value).not.toBe(first.value);
    expect(b.value).toBe(a.value);
    await undiciDispatcher.close();
  });
});

async function serviceAppParts() {
  const client = await newKeyPair();
  const keyId = 'test-key-1';
  const jwk = { ...(await publicJwkOf(client.keys)), kid: keyId, alg: 'ES256', use: 'sig' };
  const clientId = await registerSandboxApp(sandbox, { type: 'service', jwks: { keys: [jwk] }, scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
  const undiciDispatcher = new Pool(sandbox.url);
  const config = await discoverOrgAuthorizationServer(
    sandbox.url,
    clientId,
    oidc.PrivateKeyJwt({ key: client.keys.privateKey, kid: keyId }, { [oidc.modifyAssertion]: (_header, payload) => void (payload.aud = `${sandbox.url}/oauth2/v1/token`) }),
    undiciDispatcher,
  );
  return { undiciDispatcher, config, dpopKeys: (await newKeyPair()).keys };
}
