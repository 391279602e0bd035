import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// The code-based factors beyond authenticator apps, on the seeded showcase users: YubiKey
// (token:hardware, Yubico OTP), RSA SecurID and Symantec VIP (token), custom HOTP (token:hotp);
// Duo (web), security keys (webauthn, u2f) and every factor status.

const sandbox = sandboxPerFile({ users: 30, seed: 'token-test' });
const api = sandboxClient(sandbox);

type Link = { href: string; hints: { allow: string[] } };

async function factorOf(login: string, factorType: string, provider?: string): Promise<{ uid: string; factor: Json; base: string }> {
  const uid = String((await api.get<Json>(`/api/v1/users/${login}`)).body.id);
  const factors = (await api.get<Json[]>(`/api/v1/users/${uid}/factors`)).body;
  const factor = factors.find((f) => f.factorType === factorType && (provider === undefined || f.provider === provider));
  if (!factor) throw new Error(`${login} has no ${factorType} factor: ${JSON.stringify(factors)}`);
  return { uid, factor, base: `/api/v1/users/${uid}/factors/${factor.id}` };
}

async function passcode(uid: string, factorId: unknown): Promise<Json> {
  const response = await api.get<Json>(`/sandbox/v1/users/${uid}/factors/${factorId}/passcode`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const verify = (base: string, body: unknown) => api.post<Json>(`${base}/verify`, body);

function expectError(response: { status: number; body: Json }, status: number, code: string, cause?: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.errorCode).toBe(code);
  if (cause !== undefined) expect((response.body.errorCauses as Json[])[0]?.errorSummary).toBe(cause);
}

const NO_MATCH = "Your passcode doesn't match our records. Please try again.";

describe('YubiKey (token:hardware)', () => {
  it("is listed as Okta's example shows it, with verify, self and user links", async () => {
    const { factor } = await factorOf('ken.watanabe@example.org', 'token:hardware');
    expect(factor).toMatchObject({ provider: 'YUBICO', vendorName: 'YUBICO', status: 'ACTIVE' });
    expect(String(factor.id)).toMatch(/^ykf[0-9A-Za-z]{17}$/);
    expect(String((factor.profile as Json).credentialId)).toMatch(/^\d{12}$/);
    const links = factor._links as Record<string, Link>;
    expect(Object.keys(links).sort()).toEqual(['self', 'user', 'verify']);
    expect(links.verify?.hints.allow).toEqual(['POST']);
    expect(links.self?.hints.allow).toEqual(['GET', 'DELETE']);
  });

  it('accepts the next Yubico OTP once, then the following one; refuses replays, other keys and garbage', async () => {
    const { uid, factor, base } = await factorOf('ken.watanabe@example.org', 'token:hardware');
    const first = await passcode(uid, factor.id);
    expect(String(first.passCode)).toMatch(/^[cbdefghijklnrtuv]{44}$/);
    expect(first.counter).toBe(1);
    // Reading it uses nothing up.
    expect((await passcode(uid, factor.id)).passCode).toBe(first.passCode);

    const ok = await verify(base, { passCode: first.passCode });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ factorResult: 'SUCCESS' });
    expectError(await verify(base, { passCode: first.passCode }), 403, 'E0000082');

    const second = await passcode(uid, factor.id);
    expect(second.counter).toBe(2);
    expect(second.passCode).not.toBe(first.passCode);
    const otp = String(second.passCode);
    // Same key, one character of the encrypted part changed: the CRC no longer holds.
    const flipped = otp.slice(0, 20) + (otp[20] === 'c' ? 'b' : 'c') + otp.slice(21);
    expectError(await verify(base, { passCode: flipped }), 403, 'E0000068', NO_MATCH);
    // Another key's public id.
    expectError(await verify(base, { passCode: 'vvvvvvvvvvvv' + otp.slice(12) }), 403, 'E0000068', NO_MATCH);
    expectError(await verify(base, { passCode: '123456' }), 403, 'E0000068', NO_MATCH);
    expectError(await verify(base, {}), 400, 'E0000001');
    expect((await verify(base, { passCode: otp })).body).toEqual({ factorResult: 'SUCCESS' });
  });
});

describe('RSA SecurID and Symantec VIP (token)', () => {
  it('RSA: PIN + tokencode verifies; a wrong PIN, a wrong tokencode and a reused one are refused', async () => {
    const { uid, factor, base } = await factorOf('jose.alvarez@example.org', 'token', 'RSA');
    expect(factor).toMatchObject({ provider: 'RSA', vendorName: 'RSA', profile: { credentialId: 'jose.alvarez@example.org' } });
    expect(String(factor.id)).toMatch(/^rsa/);
    const code = await passcode(uid, factor.id);
    expect(String(code.pin)).toMatch(/^\d{4}$/);
    expect(String(code.tokenCode)).toMatch(/^\d{6}$/);
    expect(code.passCode).toBe(`${code.pin}${code.tokenCode}`);
    const wrongPin = `${code.pin === '1111' ? '2222' : '1111'}${code.tokenCode}`;
    expectError(await verify(base, { passCode: wrongPin }), 403, 'E0000068', NO_MATCH);
    expectError(await verify(base, { passCode: String(code.tokenCode) }), 403, 'E0000068', NO_MATCH);
    const wrongCode = `${code.pin}${code.tokenCode === '000000' ? '111111' : '000000'}`;
    expectError(await verify(base, { passCode: wrongCode }), 403, 'E0000068', NO_MATCH);
    expect((await verify(base, { passCode: code.passCode })).body).toEqual({ factorResult: 'SUCCESS' });
    expectError(await verify(base, { passCode: code.passCode }), 403, 'E0000082');
    // The tokencode changes every 60 seconds.
    await api.post('/sandbox/v1/clock/advance', { seconds: 60 });
    const next = await passcode(uid, factor.id);
    expect(next.tokenCode).not.toBe(code.tokenCode);
    expect((await verify(base, { passCode: next.passCode })).body).toEqual({ factorResult: 'SUCCESS' });
  });

  it('Symantec VIP: the current code verifies; nextPassCode is the next window', async () => {
    const { uid, factor, base } = await factorOf('bjorn.oberg@example.org', 'token', 'SYMANTEC');
    expect(factor).toMatchObject({ provider: 'SYMANTEC', vendorName: 'SYMANTEC' });
    expect(String(factor.id)).toMatch(/^ufv/);
    expect(String((factor.profile as Json).credentialId)).toMatch(/^VSMT\d{8}$/);
    const code = await passcode(uid, factor.id);
    expect(String(code.passCode)).toMatch(/^\d{6}$/);
    expect(String(code.nextPassCode)).toMatch(/^\d{6}$/);
    expect((await verify(base, { passCode: code.passCode })).body).toEqual({ factorResult: 'SUCCESS' });
    await api.post('/sandbox/v1/clock/advance', { seconds: 30 });
    expect((await passcode(uid, factor.id)).passCode).toBe(code.nextPassCode);
    expect((await verify(base, { passCode: code.nextPassCode })).body).toEqual({ factorResult: 'SUCCESS' });
  });
});

describe('custom HOTP (token:hotp)', () => {
  it('is listed with its vendor name and factor profile, and no profile', async () => {
    const { factor } = await factorOf('nadia.haddad@example.org', 'token:hotp');
    expect(factor).toMatchObject({ provider: 'CUSTOM', vendorName: 'Entrust Datacard', status: 'ACTIVE' });
    expect(String(factor.id)).toMatch(/^chf/);
    expect(String(factor.factorProfileId)).toMatch(/^fpr[0-9A-Za-z]{17}$/);
    expect(factor.profile).toBeUndefined();
  });

  it('accepts codes within the look-ahead window, refuses used ones and those beyond the window', async () => {
    const { uid, factor, base } = await factorOf('nadia.haddad@example.org', 'token:hotp');
    const first = await passcode(uid, factor.id);
    expect(first.counter).toBe(1);
    expect((await verify(base, { passCode: first.passCode })).body).toEqual({ factorResult: 'SUCCESS' });
    expectError(await verify(base, { passCode: first.passCode }), 403, 'E0000082');
    const second = await passcode(uid, factor.id);
    expect(second.counter).toBe(2);
    // A token pressed a few times without signing in is still accepted within the window of ten...
    const secret = String(second.sharedSecret);
    const at = (counter: number) => generateSync({ secret, strategy: 'hotp', counter });
    expect((await verify(base, { passCode: at(2 + 9) })).body).toEqual({ factorResult: 'SUCCESS' });
    expect((await passcode(uid, factor.id)).counter).toBe(12);
    // ...but a code skipped over is used up, and one beyond the window doesn't match.
    expectError(await verify(base, { passCode: at(5) }), 403, 'E0000082');
    expectError(await verify(base, { passCode: at(12 + 10) }), 403, 'E0000068', NO_MATCH);
    expect((await verify(base, { passCode: at(12 + 9) })).body).toEqual({ factorResult: 'SUCCESS' });
  });
});

describe('factors without an admin verify', () => {
  it('Duo (web): listed without a verify link; verify is refused with 400 E0000001', async () => {
    const { factor, base } = await factorOf('priya.raman@example.org', 'web');
    expect(factor).toMatchObject({ provider: 'DUO', vendorName: 'DUO', profile: { credentialId: 'priya.raman@example.org' } });
    expect(String(factor.id)).toMatch(/^dsf/);
    expect(Object.keys(factor._links as object).sort()).toEqual(['self', 'user']);
    expectError(await verify(base, { passCode: '123456' }), 400, 'E0000001');
  });

  it('webauthn: a challenge with the authenticator name; an assertion is refused (no real key to check it)', async () => {
    const { factor, base } = await factorOf('ken.watanabe@example.org', 'webauthn');
    expect(factor).toMatchObject({ provider: 'FIDO', profile: { authenticatorName: 'YubiKey 5 NFC' } });
    const challenge = await verify(base, {});
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({ factorResult: 'CHALLENGE', profile: { authenticatorName: 'YubiKey 5 NFC', credentialId: (factor.profile as Json).credentialId } });
    expect(String(((challenge.body._embedded as Json).challenge as Json).challenge)).toMatch(/^[\w-]{20}$/);
    expect(((challenge.body._embedded as Json).challenge as Json).extensions).toEqual({});
    const links = challenge.body._links as Record<string, Link>;
    expect(links.verify?.href).toBe(`${sandbox.url}${base}/verify`);
    expect(links.factor?.hints.allow).toEqual(['GET', 'DELETE']);
    expectError(await verify(base, { clientData: 'x', authenticatorData: 'y', signatureData: 'z' }), 400, 'E0000001');
  });

  it('u2f: a challenge with a nonce, version U2F_V2 and 20 seconds', async () => {
    const { factor, base } = await factorOf('ken.watanabe@example.org', 'u2f');
    const challenge = await verify(base, {});
    expect(challenge.body).toMatchObject({
      factorResult: 'CHALLENGE',
      profile: { credentialId: (factor.profile as Json).credentialId, version: 'U2F_V2' },
      _embedded: { challenge: { timeoutSeconds: 20 } },
    });
    expect(String(((challenge.body._embedded as Json).challenge as Json).nonce)).toMatch(/^[\w-]{20}$/);
  });
});

describe('every factor status', () => {
  it('lists PENDING_ACTIVATION, ACTIVE, INACTIVE, EXPIRED, ENROLLED, DISABLED and NOT_SETUP, with the links each allows', async () => {
    const uid = String((await api.get<Json>('/api/v1/users/elodie.marchand@example.org')).body.id);
    const factors = (await api.get<Json[]>(`/api/v1/users/${uid}/factors`)).body;
    expect(factors.map((f) => `${f.factorType}:${f.status}`)).toEqual([
      'push:PENDING_ACTIVATION',
      'sms:ACTIVE',
      'call:INACTIVE',
      'email:EXPIRED',
      'token:software:totp:ENROLLED',
      'webauthn:DISABLED',
      'u2f:NOT_SETUP',
    ]);
    for (const factor of factors.filter((f) => !['ACTIVE', 'PENDING_ACTIVATION'].includes(String(f.status)))) {
      const links = factor._links as Record<string, Link>;
      expect(Object.keys(links).sort(), String(factor.status)).toEqual(['self', 'user']);
      expect(links.self?.hints.allow).toEqual(['GET', 'DELETE']);
      const refused = await verify(`/api/v1/users/${uid}/factors/${factor.id}`, { passCode: '123456' });
      expectError(refused, 403, 'E0000107');
    }
    const pending = factors[0] as Json;
    expect((pending._embedded as Json).activation).toMatchObject({ factorResult: 'WAITING' });
    expect(Object.keys(pending._links as object).sort()).toEqual(['poll', 'self', 'user']);
  });

  it('the passcode of a factor without one is refused, naming the types that have one', async () => {
    const { uid, factor } = await factorOf('priya.raman@example.org', 'call');
    const refused = await api.get<Json>(`/sandbox/v1/users/${uid}/factors/${factor.id}/passcode`);
    expectError(refused, 400, 'E0000001');
    expect(JSON.stringify(refused.body.errorCauses)).toContain('token:hardware');
    expect(factor.profile).toMatchObject({ phoneExtension: '1234' });
  });
});

describe('seeded users', () => {
  it('cover every user status Okta documents, ACTIVATING included, and names beyond ASCII', async () => {
    const statuses = ['ACTIVE', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED', 'SUSPENDED', 'ACTIVATING'];
    for (const status of statuses) {
      const found = await api.get<Json[]>(`/api/v1/users?filter=${encodeURIComponent(`status eq "${status}"`)}`);
      expect(found.body.length, status).toBeGreaterThan(0);
    }
    const activating = await api.get<Json>('/api/v1/users/aleksandr.petrov@example.org');
    expect(activating.body).toMatchObject({ status: 'ACTIVATING', transitioningToStatus: 'ACTIVE', activated: null });
    const ken = await api.get<Json>('/api/v1/users/ken.watanabe@example.org');
    expect(ken.body.profile).toMatchObject({ firstName: '健', lastName: '渡辺' });
    const byName = await api.get<Json[]>(`/api/v1/users?search=${encodeURIComponent('profile.lastName eq "Ångström"')}`);
    expect(byName.body.map((user) => (user.profile as Json).firstName)).toEqual(['Zoë']);
  });

  it('counts the showcase users toward the directory size', async () => {
    const all: Json[] = [];
    let next: string | undefined = '/api/v1/users?limit=200';
    while (next) {
      const page: Awaited<ReturnType<typeof api.get<Json[]>>> = await api.get<Json[]>(next);
      all.push(...page.body);
      next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    }
    const deprovisioned = await api.get<Json[]>(`/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect(all.length + deprovisioned.body.length).toBe(30);
  });
});
