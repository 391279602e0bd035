import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { Client, type LogEvent } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';

// Okta's own Node SDK (v8) in `authorizationMode: 'PrivateKey'` drives the sandbox's service-app
// path as a second, independent client: client credentials with its njwt client assertion
// (aud = the token endpoint, no client_id in the form), a DPoP header on every token request
// signed with the same RSA key (alg RS256, hard-coded), the use_dpop_nonce retry, then
// `Authorization: DPoP` with a proof per API call; for an app without DPoP it uses Bearer.
// SDK quirk (src/oauth.js): a refused token request is cached as if it were the token, so the
// SDK then calls the API with `Bearer undefined` and reports the API's 401 E0000011.

interface Registered {
  clientId: string;
  privateJwk: JsonWebKey & { kid: string; alg: 'RS256' };
}

/** An RSA key pair (the SDK signs DPoP proofs with RS256 only) and a service app registered with its public half. */
async function registerServiceApp(sandbox: RunningSandbox, registration: Record<string, unknown>): Promise<Registered> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `sdk-${randomUUID().slice(0, 8)}`;
  const response = await fetch(`${sandbox.url}/sandbox/v1/apps`, {
    method: 'POST',
    headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'service', jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }, ...registration }),
  });
  const body = (await response.json()) as { clientId: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return { clientId: body.clientId, privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' } };
}

function sdkFor(sandbox: RunningSandbox, app: Registered, scopes: string[]): Client {
  return new Client({
    orgUrl: sandbox.url,
    authorizationMode: 'PrivateKey',
    clientId: app.clientId,
    scopes,
    privateKey: app.privateJwk as unknown as Record<string, unknown>,
    keyId: app.privateJwk.kid,
    cacheMiddleware: null,
  });
}

async function collect<T>(collection: AsyncIterable<T | null>, max = 50): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) {
    if (item !== null) items.push(item);
    if (items.length >= max) break;
  }
  return items;
}

describe("Okta's Node SDK in PrivateKey mode against the sandbox's service apps", () => {
  let sandbox: RunningSandbox;
  const scopes = ['okta.users.read', 'okta.logs.read'];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, users: 40, seed: 'sdk-service-app' });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  for (const dpop of [true, false]) {
    test(`${dpop ? 'a DPoP app' : 'an app registered with dpop: false'}: lists users, lists a user's factors and reads the System Log`, async () => {
      const app = await registerServiceApp(sandbox, { scopes, roles: ['READ_ONLY_ADMIN'], dpop, name: dpop ? 'SDK DPoP app' : 'SDK Bearer app' });
      const sdk = sdkFor(sandbox, app, scopes);

      const users = await collect(await sdk.userApi.listUsers({ search: 'profile.login eq "isaac@example.org"' }));
      expect(users.map((user) => user.profile?.login)).toEqual(['isaac@example.org']);
      // The SDK switched to DPoP only after the token endpoint asked for a nonce (its `isDPoP` is untyped).
      expect((sdk.oauth as unknown as { isDPoP: boolean }).isDPoP).toBe(dpop);

      const factors = await collect(await sdk.userFactorApi.listFactors({ userId: users[0]?.id ?? '' }));
      expect(factors.map((factor) => factor.factorType).sort()).toEqual(['push', 'sms']);

      // The System Log always links a next page (polling), so read until the app's own grant shows up.
      let granted: LogEvent | undefined;
      for await (const event of await sdk.systemLogApi.listLogEvents({ filter: `eventType eq "app.oauth2.token.grant.access_token" and actor.id eq "${app.clientId}"`, since: new Date(Date.now() - 60 * 60_000).toISOString() })) {
        granted = event ?? undefined;
        break;
      }
      expect(granted?.actor).toMatchObject({ id: app.clientId, type: 'PublicClientApp' });
      expect(granted?.debugContext?.debugData?.dpop).toBe(String(dpop));
    });
  }

  test('a scope the app was not granted: the SDK reports the API\'s 401 E0000011 (it caches the refused token answer)', async () => {
    const app = await registerServiceApp(sandbox, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    const sdk = sdkFor(sandbox, app, ['okta.users.read', 'okta.logs.read']);
    await expect(collect(await sdk.userApi.listUsers({ limit: 1 }))).rejects.toMatchObject({ status: 401, errorCode: 'E0000011' });
  });

  test('the app\'s roles bound it: a read-only app cannot reset factors (403 E0000006)', async () => {
    const app = await registerServiceApp(sandbox, { scopes: ['okta.users.read', 'okta.users.manage'], roles: ['READ_ONLY_ADMIN'] });
    const sdk = sdkFor(sandbox, app, ['okta.users.read', 'okta.users.manage']);
    const [isaac] = await collect(await sdk.userApi.listUsers({ search: 'profile.login eq "isaac@example.org"' }));
    await expect(sdk.userApi.resetFactors({ userId: isaac?.id ?? '' })).rejects.toMatchObject({ status: 403, errorCode: 'E0000006' });
  });
});
