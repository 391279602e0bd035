import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 40, seed: 'otp-test' });
const api = sandboxClient(sandbox);

type Link = { href: string; hints?: { allow: string[] } };
const factorsOf = (uid: string) => `/api/v1/users/${uid}/factors`;

async function orgNow(): Promise<number> {
  return Date.parse(String((await api.get<Json>('/sandbox/v1/clock')).body.now));
}

async function lastCode(to: string): Promise<string> {
  const messages = await api.get<Json[]>('/sandbox/v1/outbox?to=' + encodeURIComponent(to));
  return String(messages.body.at(-1)?.code);
}

describe('catalog and questions', () => {
  it('lists enrollable factors with enroll links and the security questions', async () => {
    const catalog = await api.get<Json[]>(`${factorsOf('dade.murphy@example.org')}/catalog`);
    const kinds = catalog.body.map((f) => `${f.factorType}/${f.provider}`);
    expect(kinds).toEqual(expect.arrayContaining(['push/OKTA', 'sms/OKTA', 'call/OKTA', 'email/OKTA', 'question/OKTA', 'token:software:totp/OKTA', 'token:software:totp/GOOGLE']));
    expect((catalog.body[0]?._links as Record<string, Link>).enroll?.hints?.allow).toEqual(['POST']);
    const questions = await api.get<Json[]>(`${factorsOf('dade.murphy@example.org')}/questions`);
    expect(questions.body[0]).toEqual({ question: 'disliked_food', questionText: 'What is the food you least liked as a child?' });
  });
});

describe('sms', () => {
  it('enrolls with a code in the outbox, rejects a wrong code, activates with the right one', async () => {
    const uid = 'dade.murphy@example.org';
    const enrolled = await api.post<Json>(factorsOf(uid), { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+1-555-415-2600' } });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({ factorType: 'sms', status: 'PENDING_ACTIVATION', profile: { phoneNumber: '+15554152600' } });
    const links = enrolled.body._links as unknown as Record<string, Link & Array<{ name: string }>>;
    expect(links.resend?.[0]?.name).toBe('sms');
    const code = await lastCode('+15554152600');
    expect(code).toMatch(/^\d{6}$/);

    const wrong = await api.post<Json>(links.activate!.href, { passCode: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.errorCode).toBe('E0000068');
    const activated = await api.post<Json>(links.activate!.href, { passCode: code });
    expect(activated.body.status).toBe('ACTIVE');
  });

  it('throttles a second SMS to the same number within 30 s (E0000109), then allows it', async () => {
    const factor = (await api.get<Json[]>(factorsOf('dade.murphy@example.org'))).body.find((f) => f.factorType === 'sms');
    const verify = `${factorsOf('dade.murphy@example.org')}/${factor?.id}/verify`;
    const throttled = await api.post<Json>(verify);
    expect(throttled.status).toBe(429);
    expect(throttled.body.errorCode).toBe('E0000109');
    await api.post('/sandbox/v1/clock/advance', { seconds: 31 });
    const challenge = await api.post<Json>(verify);
    expect(challenge.body).toMatchObject({ factorResult: 'CHALLENGE', profile: { phoneNumber: '+15554152600' } });
    const ok = await api.post<Json>(verify, { passCode: await lastCode('+15554152600') });
    expect(ok.body).toEqual({ factorResult: 'SUCCESS' });
  });

  it('refuses a bad phone number and an unknown factor type or provider with causes', async () => {
    const badPhone = await api.post<Json>(factorsOf('sandbox.auditor@example.org'), { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: 'call me' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errorCode).toBe('E0000098');
    expect((badPhone.body.errorCauses as Json[]).length).toBe(1);
    const unknownType = await api.post<Json>(factorsOf('sandbox.auditor@example.org'), { factorType: 'carrier-pigeon', provider: 'OKTA' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errorCode).toBe('E0000001');
    expect(JSON.stringify(unknownType.body.errorCauses)).toContain('carrier-pigeon');
    const unknownProvider = await api.post<Json>(factorsOf('sandbox.auditor@example.org'), { factorType: 'sms', provider: 'GOOGLE' });
    expect(unknownProvider.body.errorCode).toBe('E0000001');
    expect((await api.get<Json[]>(factorsOf('sandbox.auditor@example.org'))).body).toEqual([]);
  });

  it('limits activation attempts to five per five minutes', async () => {
    const uid = 'sandbox.auditor@example.org';
    const enrolled = await api.post<Json>(factorsOf(uid), { factorType: 'email', provider: 'OKTA' });
    const activate = (enrolled.body._links as Record<string, Link>).activate!.href;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.post(activate, { passCode: 'nope00' })).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    await api.post('/sandbox/v1/clock/advance', { seconds: 301 });
    await api.post((enrolled.body._links as unknown as Record<string, Array<Link>>).resend![0]!.href);
    const activated = await api.post<Json>(activate, { passCode: await lastCode('sandbox.auditor@example.org') });
    expect(activated.body.status).toBe('ACTIVE');
  });
});

describe('totp and question', () => {
  it('enrolls TOTP with a shared secret and activates with an otplib code; replays are refused', async () => {
    const uid = 'dade.murphy@example.org';
    const enrolled = await api.post<Json>(factorsOf(uid), { factorType: 'token:software:totp', provider: 'GOOGLE' });
    const activation = (enrolled.body._embedded as Record<string, Json>).activation as Json;
    // Google's keyLength is 16 (Okta's EnrollFactorGoogleResponse), not the code's 6 digits.
    expect(activation).toMatchObject({ timeStep: 30, encoding: 'base32', keyLength: 16 });
    const secret = String(activation.sharedSecret);
    const qr = await fetch(((activation._links as Record<string, Link>).qrcode as Link).href);
    expect(qr.headers.get('content-type')).toBe('image/png');

    const code = generateSync({ secret, epoch: Math.floor((await orgNow()) / 1000) });
    const activated = await api.post<Json>((enrolled.body._links as Record<string, Link>).activate!.href, { passCode: code });
    expect(activated.body).toMatchObject({ status: 'ACTIVE', provider: 'GOOGLE' });

    const verify = `${factorsOf(uid)}/${enrolled.body.id}/verify`;
    await api.post('/sandbox/v1/clock/advance', { seconds: 30 });
    const later = generateSync({ secret, epoch: Math.floor((await orgNow()) / 1000) });
    expect((await api.post<Json>(verify, { passCode: later })).body).toEqual({ factorResult: 'SUCCESS' });
    const replay = await api.post<Json>(verify, { passCode: later });
    expect(replay.status).toBe(403);
    expect(replay.body.errorCode).toBe('E0000082');
  });

  it('enrolls a security question ACTIVE and verifies the answer', async () => {
    const uid = 'dade.murphy@example.org';
    const short = await api.post<Json>(factorsOf(uid), { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'no' } });
    expect(short.status).toBe(400);
    const enrolled = await api.post<Json>(factorsOf(uid), { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } });
    expect(enrolled.body).toMatchObject({ status: 'ACTIVE', profile: { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' } });
    const verify = `${factorsOf(uid)}/${enrolled.body.id}/verify`;
    expect((await api.post<Json>(verify, { answer: 'Mayonnaise' })).body).toEqual({ factorResult: 'SUCCESS' });
    expect((await api.post<Json>(verify, { answer: 'ketchup' })).body.errorCode).toBe('E0000068');
    const again = await api.post<Json>(factorsOf(uid), { factorType: 'question', provider: 'OKTA', profile: { question: 'first_award', answer: 'chess' } });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body.errorCauses)).toContain('already set up');
  });

  it('exposes the current code of a seeded TOTP factor through the control API', async () => {
    const users = await api.get<Json[]>('/api/v1/users?limit=200');
    // Dade's TOTP was used at this time step above; look for a seeded one.
    for (const user of users.body.filter((u) => (u.profile as Json).login !== 'dade.murphy@example.org')) {
      const totp = (await api.get<Json[]>(factorsOf(String(user.id)))).body.find((f) => f.factorType === 'token:software:totp' && f.status === 'ACTIVE');
      if (!totp) continue;
      const passcode = await api.get<Json>(`/sandbox/v1/users/${user.id}/factors/${totp.id}/passcode`);
      const verified = await api.post<Json>(`${factorsOf(String(user.id))}/${totp.id}/verify`, { passCode: passcode.body.passCode });
      expect(verified.body).toEqual({ factorResult: 'SUCCESS' });
      return;
    }
    throw new Error('the seeded directory has no ACTIVE TOTP factor to try');
  });
});
