import { describe, expect, it } from 'vitest';
import { PHONE_PAGE_CSP } from '../../../sandbox/phone-page/page-assets';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// The phone page (`/sandbox/phone/{userId}`) and its key over real HTTP: what the key opens (one
// user's phone: read it, answer their pushes, scan their enrollments) and everything it does not.

const sandbox = sandboxPerFile({ users: 30, seed: 'phone-page' });
const admin = sandboxClient(sandbox);
const ISAAC = '00ub0oNGTSWTBKOLGLNR';

/** A call with a phone key (or none) and no API token. */
async function withKey<T = Json>(method: 'GET' | 'POST', path: string, key: string | null, body?: unknown): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(sandbox.url + path, {
    method,
    headers: { accept: 'application/json', ...(key === null ? {} : { authorization: `PhoneKey ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

const keyOf = (url: string): string => decodeURIComponent(new URL(url).hash.replace(/^#key=/, ''));

async function sendPush(userId: string, numberMatching = true): Promise<string> {
  const factors = (await admin.get<Json[]>(`/api/v1/users/${userId}/factors`)).body;
  const push = factors.find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE');
  const sent = await admin.post<Json>(`/api/v1/users/${userId}/factors/${String(push?.id)}/verify`, { useNumberMatchingChallenge: numberMatching });
  expect(sent.status).toBe(201);
  return String(sent.headers.get('location')?.split('/').pop());
}

describe('the phone page', () => {
  it('serves a page of its own with a strict CSP and nothing from elsewhere, the same for any id (it holds no data)', async () => {
    const page = await fetch(`${sandbox.url}/sandbox/phone/${ISAAC}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(PHONE_PAGE_CSP);
    expect(PHONE_PAGE_CSP).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain(ISAAC);
    for (const asset of ['phone-page.js', 'phone-page.css']) {
      const file = await fetch(`${sandbox.url}/sandbox/phone-page/${asset}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-security-policy')).toBe(PHONE_PAGE_CSP);
      expect(await file.text()).not.toMatch(/https?:\/\/(?!127)/);
    }
    expect((await fetch(`${sandbox.url}/sandbox/phone-page/..%2Findex.ts`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/sandbox/phone-page/routes.ts`)).status).toBe(404);
  });

  it("the key reads its user's phone: pushes with three numbers (never which is right), messages, codes, the clock", async () => {
    const link = sandbox.phoneLink('isaac@example.org');
    expect(link).toMatchObject({ userId: ISAAC, login: 'isaac@example.org', displayName: 'Isaac Brock' });
    expect(link.url).toBe(`${sandbox.url}/sandbox/phone/${ISAAC}#key=${encodeURIComponent(keyOf(link.url))}`);
    const transactionId = await sendPush(ISAAC);
    const phone = await withKey('GET', `/sandbox/phone/${ISAAC}/v1/phone`, keyOf(link.url));
    expect(phone.status).toBe(200);
    expect(phone.headers.get('cache-control')).toBe('no-store');
    const [push] = phone.body.pushes as Json[];
    expect(push).toMatchObject({ transactionId, deviceName: 'Isaac iPhone' });
    expect(JSON.stringify(phone.body)).not.toContain('correctAnswer');
    const [waiting] = (await admin.get<Json[]>(`/sandbox/v1/users/${ISAAC}/pushes`)).body;
    expect(push?.numberChoices).toEqual(waiting?.numberChoices);
    expect(push?.numberChoices).toContain(waiting?.correctAnswer);
    expect(phone.body.user).toEqual({ id: ISAAC, login: 'isaac@example.org', firstName: 'Isaac', displayName: 'Isaac Brock' });
    expect(typeof phone.body.now).toBe('string');
  });

  it('the key approves its user\'s push with the right number, and a wrong number rejects one', async () => {
    const key = keyOf(sandbox.phoneLink(ISAAC).url);
    const rightOne = await sendPush(ISAAC);
    const [pending] = (await admin.get<Json[]>(`/sandbox/v1/users/${ISAAC}/pushes`)).body.filter((p) => p.transactionId === rightOne);
    const approved = await withKey('POST', `/sandbox/phone/${ISAAC}/v1/pushes/${rightOne}/approve`, key, { answer: pending?.correctAnswer });
    expect(approved.body).toMatchObject({ transactionId: rightOne, factorResult: 'SUCCESS' });
    expect(((approved.body.phone as Json).pushes as Json[]).map((p) => p.transactionId)).not.toContain(rightOne);

    const wrongOne = await sendPush(ISAAC);
    const [again] = (await admin.get<Json[]>(`/sandbox/v1/users/${ISAAC}/pushes`)).body.filter((p) => p.transactionId === wrongOne);
    const wrong = (again?.numberChoices as number[]).find((n) => n !== again?.correctAnswer);
    const rejected = await withKey('POST', `/sandbox/phone/${ISAAC}/v1/pushes/${wrongOne}/approve`, key, { answer: wrong });
    expect(rejected.body).toMatchObject({ factorResult: 'REJECTED' });
    const denied = await sendPush(ISAAC, false);
    expect((await withKey('POST', `/sandbox/phone/${ISAAC}/v1/pushes/${denied}/deny`, key, {})).body).toMatchObject({ factorResult: 'REJECTED' });
  });

  it('refuses a missing or wrong key (401), a key to another phone (403), another user\'s push by id (404)', async () => {
    const isaacKey = keyOf(sandbox.phoneLink(ISAAC).url);
    const dade = sandbox.phoneLink('dade.murphy@example.org');
    const path = `/sandbox/phone/${ISAAC}/v1/phone`;
    expect((await withKey('GET', path, null)).status).toBe(401);
    expect((await withKey('GET', path, 'sbxphone_' + 'x'.repeat(43))).body).toMatchObject({ errorCode: 'E0000011' });
    expect((await withKey('GET', path, keyOf(dade.url))).body).toMatchObject({ errorCode: 'E0000006' });
    expect((await withKey('GET', `/sandbox/phone/${dade.userId}/v1/phone`, isaacKey)).status).toBe(403);
    // Not by login either: the key names one user id.
    expect((await withKey('GET', '/sandbox/phone/isaac@example.org/v1/phone', isaacKey)).status).toBe(403);
    // Dade's key, on Dade's own phone, cannot answer Isaac's push by its id.
    const isaacPush = await sendPush(ISAAC);
    const foreign = await withKey('POST', `/sandbox/phone/${dade.userId}/v1/pushes/${isaacPush}/deny`, keyOf(dade.url));
    expect(foreign.status).toBe(404);
    expect((await admin.get<Json[]>(`/sandbox/v1/users/${ISAAC}/pushes`)).body.map((p) => p.transactionId)).toContain(isaacPush);
    // A new key replaces the old one.
    const replaced = keyOf(sandbox.phoneLink(ISAAC).url);
    expect((await withKey('GET', path, isaacKey)).status).toBe(401);
    expect((await withKey('GET', path, replaced)).status).toBe(200);
  });

  it('is no credential anywhere else: not for the Okta API, the control API, or the clock', async () => {
    const key = keyOf(sandbox.phoneLink(ISAAC).url);
    for (const [method, path] of [
      ['GET', `/api/v1/users/${ISAAC}`],
      ['GET', `/api/v1/users/${ISAAC}/factors`],
      ['GET', `/sandbox/v1/users/${ISAAC}/phone`],
      ['GET', '/sandbox/v1/outbox'],
      ['POST', '/sandbox/v1/clock/advance'],
      ['POST', `/sandbox/v1/users/${ISAAC}/phone-key`],
    ] as const) {
      expect((await withKey(method, path, key, method === 'POST' ? { seconds: 60 } : undefined)).status, `${method} ${path}`).toBe(401);
    }
    // Nor as an SSWS token.
    expect((await sandboxClient(sandbox, key).get(`/api/v1/users/${ISAAC}`)).status).toBe(401);
    // The phone has no clock control of its own.
    expect((await withKey('POST', `/sandbox/phone/${ISAAC}/v1/clock/advance`, key, { seconds: 60 })).status).toBe(404);
  });

  it('scans its user\'s pending Okta Verify enrollment, and the texted activation link names the factor to scan', async () => {
    const dade = (await admin.get<Json>('/api/v1/users/dade.murphy@example.org')).body;
    const key = keyOf(sandbox.phoneLink(String(dade.id)).url);
    const enrolled = await admin.post<Json>(`/api/v1/users/${String(dade.id)}/factors`, { factorType: 'push', provider: 'OKTA' });
    const factorId = String(enrolled.body.id);
    expect((await admin.post(`/api/v1/users/${String(dade.id)}/factors/${factorId}/lifecycle/activate/sms`, { profile: { phoneNumber: '+15554150100' } })).status).toBe(200);
    const phone = (await withKey('GET', `/sandbox/phone/${String(dade.id)}/v1/phone`, key)).body;
    expect(phone.activations).toEqual([{ factorId, expiresAt: expect.any(String) }]);
    const [text] = phone.messages as Json[];
    expect(text).toMatchObject({ channel: 'sms', to: '+15554150100', activationFactorId: factorId });
    expect(String(text?.link)).toMatch(/^oktaverify:\/\/activate\?/);

    const scanned = await withKey('POST', `/sandbox/phone/${String(dade.id)}/v1/factors/${factorId}/scan`, key, { name: 'Dade Pixel', platform: 'ANDROID', version: '14' });
    expect(scanned.status).toBe(200);
    expect(scanned.body.activations).toEqual([]);
    // Identity Engine: the device's Okta Verify TOTP came with it, and its code is on the phone.
    expect(scanned.body.codes).toEqual([expect.objectContaining({ factorType: 'token:software:totp', provider: 'OKTA', name: 'Okta Verify TOTP', deviceName: 'Dade Pixel', passCode: expect.stringMatching(/^\d{6}$/), periodSeconds: 30 })]);
    const factor = (await admin.get<Json>(`/api/v1/users/${String(dade.id)}/factors/${factorId}`)).body;
    expect(factor).toMatchObject({ status: 'ACTIVE', profile: { name: 'Dade Pixel', platform: 'ANDROID' } });
  });
});

describe('the control API for phones', () => {
  it('answers the whole phone in one call and hands out phone keys to super admins only', async () => {
    const readOnly = sandboxClient(sandbox, sandbox.readOnlyToken);
    const phone = await readOnly.get<Json>('/sandbox/v1/users/isaac@example.org/phone');
    expect(phone.status).toBe(200);
    expect(phone.body).toMatchObject({ user: { id: ISAAC }, pushes: expect.any(Array), messages: expect.any(Array), codes: [] });
    expect((await readOnly.post(`/sandbox/v1/users/${ISAAC}/phone-key`)).status).toBe(403);
    const issued = await admin.post<Json>('/sandbox/v1/users/isaac@example.org/phone-key');
    expect(issued.body).toMatchObject({ userId: ISAAC, login: 'isaac@example.org', key: expect.stringMatching(/^sbxphone_/), url: expect.stringContaining(`/sandbox/phone/${ISAAC}#key=`) });
    expect((await withKey('GET', `/sandbox/phone/${ISAAC}/v1/phone`, String(issued.body.key))).status).toBe(200);
    expect((await admin.del(`/sandbox/v1/users/${ISAAC}/phone-key`)).status).toBe(204);
    expect((await withKey('GET', `/sandbox/phone/${ISAAC}/v1/phone`, String(issued.body.key))).status).toBe(401);
    expect((await admin.del(`/sandbox/v1/users/${ISAAC}/phone-key`)).status).toBe(404);
  });

  it("shows the codes of a showcase user's tokens with their periods, and the org clock moving them", async () => {
    const jose = (await admin.get<Json>('/sandbox/v1/users/jose.alvarez@example.org/phone')).body;
    const [rsa] = jose.codes as Json[];
    expect(rsa).toMatchObject({ factorType: 'token', provider: 'RSA', name: 'RSA SecurID', periodSeconds: 60, pin: expect.any(String), tokenCode: expect.stringMatching(/^\d{6}$/) });
    expect(Number(rsa?.secondsLeft)).toBeGreaterThan(0);
    expect(Number(rsa?.secondsLeft)).toBeLessThanOrEqual(60);
    const ken = (await admin.get<Json>('/sandbox/v1/users/ken.watanabe@example.org/phone')).body;
    expect(ken.codes).toEqual([expect.objectContaining({ factorType: 'token:hardware', name: 'YubiKey OTP', periodSeconds: null, secondsLeft: null, counter: expect.any(Number) })]);
    await admin.post('/sandbox/v1/clock/advance', { seconds: 600 });
    const later = (await admin.get<Json>('/sandbox/v1/users/jose.alvarez@example.org/phone')).body;
    expect(Number(later.clockAheadSeconds)).toBeGreaterThanOrEqual(599);
    expect((later.codes as Json[])[0]?.tokenCode).not.toBe(rsa?.tokenCode);
  });

  it('gives every number-matching push three different two-digit numbers, the right one among them, the same each time', async () => {
    for (let i = 0; i < 5; i++) await sendPush(ISAAC);
    const first = (await admin.get<Json[]>(`/sandbox/v1/users/${ISAAC}/pushes`)).body;
    const second = (await admin.get<Json[]>(`/sandbox/v1/users/${ISAAC}/pushes`)).body;
    expect(second).toEqual(first);
    for (const push of first) {
      const choices = push.numberChoices as number[];
      expect(new Set(choices).size).toBe(3);
      expect(choices).toContain(push.correctAnswer);
      for (const n of choices) {
        expect(n).toBeGreaterThanOrEqual(10);
        expect(n).toBeLessThanOrEqual(99);
      }
    }
  });
});
