import { randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient } from '../support/client';
import { SEEDED_ADMIN_LOGINS } from '../support/admin-tokens';
import { sandboxPerFile } from '../support/sandbox-per-file';
import { callApi, discover, newKeyPair, parseChallenge, resourceProof, signInAgent, type KeyPair } from './support/oauth-client';

// DPoP as Okta applies it: the use_dpop_nonce round trip at the token endpoint, and at the API a
// proof per request (htm, htu without query, iat, jti used once, ath, the bound key), refusals
// with Okta's WWW-Authenticate challenges; a nonce on API requests only when switched on.

const USERS = '/api/v1/users?limit=2';

describe('DPoP at the token endpoint', () => {
  const sandbox = sandboxPerFile({ users: 20, seed: 'oauth-dpop-token' });

  async function tokenProof(keys: KeyPair, nonce?: string): Promise<string> {
    return new SignJWT({ htm: 'POST', htu: `${sandbox.url}/oauth2/v1/token`, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(keys.publicKey) })
      .sign(keys.privateKey);
  }

  it('answers a first DPoP token request with use_dpop_nonce and a DPoP-Nonce header, and takes the nonce on the retry', async () => {
    const keys = await newKeyPair();
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token', client_id: sandbox.oauth.nativeClientId });
    const first = await fetch(`${sandbox.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await tokenProof(keys) }, body: form });
    expect(first.status).toBe(400);
    expect(await first.json()).toEqual({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' });
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toEqual(expect.any(String));

    const retry = await fetch(`${sandbox.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await tokenProof(keys, nonce ?? '') }, body: form });
    // Past the nonce: the (made-up) refresh token itself is what is refused now.
    expect(await retry.json()).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
  });

  it('refuses a token request of a DPoP app without a proof, in Okta\'s words', async () => {
    const config = await discover(sandbox, sandbox.oauth.nativeClientId);
    const { tokens } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin);
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', client_id: sandbox.oauth.nativeClientId });
    const answer = await fetch(`${sandbox.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' });
  });
});

describe('DPoP at the Okta API', () => {
  const sandbox = sandboxPerFile({ users: 20, seed: 'oauth-dpop-api' });
  let keys: KeyPair;
  let accessToken: string;
  let config: oidc.Configuration;

  beforeAll(async () => {
    config = await discover(sandbox, sandbox.oauth.nativeClientId);
    const signedIn = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin);
    keys = signedIn.dpopKeys;
    accessToken = signedIn.tokens.access_token;
  });

  const withProof = async (options: Parameters<typeof resourceProof>[3] = {}, path = USERS, method = 'GET') =>
    callApi(sandbox, path, { authorization: `DPoP ${accessToken}`, dpop: await resourceProof(keys, `${sandbox.url}${path}`, accessToken, { method, ...options }) }, method);

  function expectProofRefused(answer: Awaited<ReturnType<typeof callApi>>, description: string): void {
    expect(answer.status).toBe(400);
    expect(answer.text).toBe('');
    const challenge = parseChallenge(answer.headers.get('www-authenticate'));
    expect(challenge?.scheme).toBe('DPoP');
    expect(challenge?.params).toEqual({
      algs: 'RS256 RS384 RS512 ES256 ES384 ES512',
      authorization_uri: `http://${new URL(sandbox.url).host}/oauth2/v1/authorize`,
      realm: `http://${new URL(sandbox.url).host}`,
      scope: 'okta.users.read',
      error: 'invalid_dpop_proof',
      error_description: description,
      resource: '/api/v1/users',
    });
  }

  it('takes a fresh proof per request (htu without the query string)', async () => {
    expect((await withProof()).status).toBe(200);
    expect((await withProof()).status).toBe(200);
  });

  it('refuses a replayed proof, and a broken proof does not burn its jti', async () => {
    const jti = randomUUID();
    expectProofRefused(await withProof({ jti, ath: 'wrong' }), "'ath' claim in the DPoP proof JWT is invalid.");
    expect((await withProof({ jti })).status).toBe(200);
    expectProofRefused(await withProof({ jti }), 'The DPoP proof JWT has already been used.');
  });

  it('refuses a wrong or missing ath, htu, htm, an old iat and a proof that is no dpop+jwt', async () => {
    expectProofRefused(await withProof({ ath: 'AAAA' }), "'ath' claim in the DPoP proof JWT is invalid.");
    expectProofRefused(await withProof({ ath: null }), "'ath' claim in the DPoP proof JWT is invalid.");
    expectProofRefused(await withProof({ htu: `${sandbox.url}/api/v1/groups` }), "'htu' claim in the DPoP proof JWT is invalid.");
    expectProofRefused(await withProof({ htu: `http://evil.example/api/v1/users` }), "'htu' claim in the DPoP proof JWT is invalid.");
    expectProofRefused(await withProof({ method: 'POST' }), "'htm' claim in the DPoP proof JWT is invalid.");
    expectProofRefused(await withProof({ iat: Math.floor(Date.now() / 1000) - 600 }), "'iat' claim in the DPoP proof JWT is invalid.");
    expectProofRefused(await withProof({ typ: 'JWT' }), 'The DPoP proof JWT is invalid.');
    expectProofRefused(await callApi(sandbox, USERS, { authorization: `DPoP ${accessToken}` }), 'The DPoP proof JWT header is missing.');
  });

  it('refuses the DPoP-bound token sent as Bearer, as Okta does (400 invalid_request)', async () => {
    const answer = await callApi(sandbox, USERS, { authorization: `Bearer ${accessToken}` });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri="http://${new URL(sandbox.url).host}/oauth2/v1/authorize", realm="http://${new URL(sandbox.url).host}", scope="okta.users.read", error="invalid_request", error_description="The resource request requires a DPoP proof.", resource="/api/v1/users"`,
    );
  });

  it('refuses the token with a proof made by another key: a stolen token alone is useless', async () => {
    const answer = await withProof({ keys: await newKeyPair() });
    expect(answer.status).toBe(401);
    expect(parseChallenge(answer.headers.get('www-authenticate'))?.params).toMatchObject({ error: 'invalid_token' });
    expect(answer.json).toMatchObject({ errorCode: 'E0000011' });
  });

  it('with the nonce switch on, answers use_dpop_nonce with a DPoP-Nonce, and openid-client\'s one retry then succeeds', async () => {
    const admin = sandboxClient(sandbox);
    expect((await admin.post('/sandbox/v1/resource-server', { requireNonce: true })).body).toEqual({ requireNonce: true });
    try {
      const first = await withProof();
      expect(first.status).toBe(401);
      expect(parseChallenge(first.headers.get('www-authenticate'))).toMatchObject({ scheme: 'DPoP', params: { error: 'use_dpop_nonce', error_description: 'Resource server requires nonce in DPoP proof.' } });
      const nonce = first.headers.get('dpop-nonce') ?? '';
      expect(nonce).not.toBe('');
      expect((await withProof({ nonce })).status).toBe(200);

      // openid-client's handle remembers the nonce and retries once, as the console's client will.
      const dpop = oidc.getDPoPHandle(config, keys);
      const response = await oidc.fetchProtectedResource(config, accessToken, new URL(`${sandbox.url}${USERS}`), 'GET', undefined, undefined, { DPoP: dpop });
      expect(response.status).toBe(200);
    } finally {
      await admin.post('/sandbox/v1/resource-server', { requireNonce: false });
    }
    expect((await withProof()).status).toBe(200);
  });

  it('refuses a DPoP scheme with a made-up token, and a Bearer token that is not the org\'s', async () => {
    const dpopGarbage = await callApi(sandbox, USERS, { authorization: 'DPoP abc.def.ghi', dpop: await resourceProof(keys, `${sandbox.url}${USERS}`, 'abc.def.ghi') });
    expect(dpopGarbage.status).toBe(401);
    expect(dpopGarbage.headers.get('www-authenticate')).toMatch(/^DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", .*error="invalid_token"/);
    const bearerGarbage = await callApi(sandbox, USERS, { authorization: 'Bearer not-a-token' });
    expect(bearerGarbage.status).toBe(401);
    expect(bearerGarbage.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=.*error="invalid_token", error_description="The access token is invalid.", resource="\/api\/v1\/users"$/);
  });
});
