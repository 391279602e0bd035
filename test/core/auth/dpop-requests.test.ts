import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_ADMIN_LOGINS } from '../../sandbox/support/admin-tokens';
import { sandboxClient } from '../../sandbox/support/client';
import { newKeyPair, resourceProof } from '../../sandbox/oauth/support/oauth-client';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';
import { call, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { signInThroughCore } from './support/core-sign-in';

// Every Okta call the console makes carries `Authorization: DPoP` and a proof of its own: `htm`,
// `htu` without the query, `iat`, a unique `jti`, `ath`. When the org asks for a nonce
// (`use_dpop_nonce`), the call is sent once more with it; a proof is never sent twice.

let sandbox: SharedSandbox;
let recorder: RequestRecorder;
let harness: CoreHarness | undefined;

beforeAll(async () => {
  sandbox = await shareSandbox(40, { signIn: true });
  recorder = recordRequestsTo(Number(new URL(sandbox.url).port), { keepAuthorization: true });
});
afterAll(async () => {
  recorder.stop();
  await sandbox.close();
});
afterEach(async () => {
  await sandboxClient(sandbox).post('/sandbox/v1/resource-server', { requireNonce: false });
  await harness?.close();
  harness = undefined;
});

const apiCalls = (from: number) => recorder.requests.slice(from).filter((request) => request.url.startsWith('/api/v1/'));

describe('DPoP proofs on Okta API calls', () => {
  it('signs each call with a fresh proof for exactly that request', async () => {
    harness = await makeCore({ sandbox });
    await call(harness.core, 'connectSandbox', {});
    await signInThroughCore(harness.core, SEEDED_ADMIN_LOGINS.superAdmin);
    const from = recorder.requests.length;
    const isaac = (await call(harness.core, 'searchUsers', { query: 'isaac@example.org' })).users[0];
    await call(harness.core, 'listFactors', { userId: isaac?.id ?? '' });
    const calls = apiCalls(from);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    const jtis = new Set<string>();
    for (const request of calls) {
      expect(request.authScheme).toBe('DPoP');
      const proof = request.dpop ?? '';
      expect(decodeProtectedHeader(proof)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256' } });
      expect(decodeProtectedHeader(proof).jwk).not.toHaveProperty('d');
      const claims = decodeJwt(proof);
      expect(claims).toMatchObject({ htm: request.method, htu: `${sandbox.url}${request.url.split('?')[0]}`, ath: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(60);
      jtis.add(String(claims.jti));
    }
    expect(jtis.size).toBe(calls.length);
  });

  it("follows the org's use_dpop_nonce: one retry with the nonce, then the nonce goes with every call", async () => {
    harness = await makeCore({ sandbox });
    await call(harness.core, 'connectSandbox', {});
    await signInThroughCore(harness.core, SEEDED_ADMIN_LOGINS.superAdmin);
    expect((await sandboxClient(sandbox).post('/sandbox/v1/resource-server', { requireNonce: true })).status).toBe(200);

    const from = recorder.requests.length;
    const found = await call(harness.core, 'searchUsers', { query: 'isaac@example.org' });
    expect(found.users).toHaveLength(1);
    const [challenged, retried, ...rest] = apiCalls(from);
    expect(challenged).toMatchObject({ status: 401 });
    expect(decodeJwt(challenged?.dpop ?? '')).not.toHaveProperty('nonce');
    expect(retried).toMatchObject({ status: 200, url: challenged?.url });
    expect(decodeJwt(retried?.dpop ?? '')).toMatchObject({ nonce: expect.any(String) });
    expect(decodeJwt(retried?.dpop ?? '').jti).not.toBe(decodeJwt(challenged?.dpop ?? '').jti);
    expect(rest).toEqual([]);

    // A POST too: the org refused before acting, so it is sent again with the nonce.
    const next = recorder.requests.length;
    await call(harness.core, 'listFactors', { userId: found.users[0]?.id ?? '' });
    expect(apiCalls(next).every((request) => request.status === 200 && decodeJwt(request.dpop ?? '').nonce)).toBe(true);
  });

  it('makes a captured request useless: its proof is refused when replayed, and its access token without the key', async () => {
    harness = await makeCore({ sandbox });
    await call(harness.core, 'connectSandbox', {});
    await signInThroughCore(harness.core, SEEDED_ADMIN_LOGINS.superAdmin);
    const from = recorder.requests.length;
    await call(harness.core, 'searchUsers', { query: 'isaac@example.org' });
    // What a thief on the wire would have: the whole request, access token and proof.
    const captured = apiCalls(from)[0];
    const authorization = captured?.authorization ?? '';
    expect(authorization).toMatch(/^DPoP /);
    const replay = await fetch(`${sandbox.url}${captured?.url ?? ''}`, { headers: { authorization, dpop: captured?.dpop ?? '' } });
    expect(replay.status).toBe(400);
    expect(replay.headers.get('www-authenticate')).toMatch(/error="invalid_dpop_proof", error_description="The DPoP proof JWT has already been used\."/);

    // The token with the thief's own fresh proof (another key) is not bound to it; as a Bearer token it needs a proof.
    const thief = await newKeyPair();
    const accessToken = authorization.slice('DPoP '.length);
    const forged = await resourceProof(thief, `${sandbox.url}${captured?.url ?? ''}`, accessToken);
    const withOwnKey = await fetch(`${sandbox.url}${captured?.url ?? ''}`, { headers: { authorization, dpop: forged } });
    expect(withOwnKey.status).toBe(401);
    const asBearer = await fetch(`${sandbox.url}${captured?.url ?? ''}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(asBearer.status).toBe(400);
    expect(asBearer.headers.get('www-authenticate')).toMatch(/The resource request requires a DPoP proof/);
  });
});
