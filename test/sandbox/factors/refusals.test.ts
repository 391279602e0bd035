import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// Every refusal of the Factors API and the simulated phone: Okta's code and status, and the cause
// that tells a client what was wrong.

const sandbox = sandboxPerFile({ users: 20, seed: 'refusals-test' });
const api = sandboxClient(sandbox);
type Link = { href: string };

async function uidOf(login: string): Promise<string> {
  return String((await api.get<Json>(`/api/v1/users/${login}`)).body.id);
}

function expectRefusal(response: { status: number; body: Json }, status: number, code: string, cause?: string | RegExp): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.errorCode).toBe(code);
  const first = (response.body.errorCauses as Json[])[0]?.errorSummary;
  if (cause instanceof RegExp) expect(String(first)).toMatch(cause);
  else if (cause !== undefined) expect(first).toBe(cause);
}

describe('enroll refusals', () => {
  it('phone numbers, emails, duplicates and deprovisioned users', async () => {
    const dade = await uidOf('dade.murphy@example.org');
    const factors = `/api/v1/users/${dade}/factors`;
    expectRefusal(await api.post(factors, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: 'call me' } }), 400, 'E0000098', "phoneNumber: 'call me' is not a valid E.164 phone number (for example +15554151337)");
    expectRefusal(await api.post(factors, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+14155550181', phoneExtension: 'x12' } }), 400, 'E0000001', 'phoneExtension: must be up to 15 digits');
    const bjorn = await uidOf('bjorn.oberg@example.org');
    expectRefusal(await api.post(`/api/v1/users/${bjorn}/factors`, { factorType: 'sms', provider: 'OKTA' }), 400, 'E0000001', 'phoneNumber: The field cannot be left blank');
    const first = await api.post<Json>(factors, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550182' } });
    expect(first.body.status).toBe('PENDING_ACTIVATION');
    expectRefusal(await api.post(factors, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550183' } }), 400, 'E0000001', 'There is an existing verified phone number.');
    // The same number again replaces the pending enrollment (the send throttle aside).
    await api.post('/sandbox/v1/clock/advance', { seconds: 31 });
    const again = await api.post<Json>(factors, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550182' } });
    expect(again.status).toBe(200);
    expect((await api.get<Json[]>(factors)).body.map((f) => f.id)).toEqual([again.body.id]);
    const active = await api.post<Json>(`${factors}?activate=true`, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+14155550184' } });
    expect(active.body.status).toBe('ACTIVE');
    expect((await api.get<Json[]>('/sandbox/v1/outbox?to=%2B14155550184')).body).toEqual([]);
    expectRefusal(await api.post(factors, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+14155550185' } }), 400, 'E0000001', 'A factor of this type is already set up.');
    const emailNow = await api.post<Json>(`${factors}?activate=true`, { factorType: 'email', provider: 'OKTA', profile: { email: 'dade@example.net' } });
    expect(emailNow.body.status).toBe('ACTIVE');
    expectRefusal(await api.post(`${factors}`, { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'abc' } }), 400, 'E0000001', 'answer: The security question answer must be at least 4 characters in length');
    expectRefusal(await api.post(`${factors}`, { factorType: 'question', provider: 'OKTA', profile: { question: 'nope', answer: 'abcd' } }), 400, 'E0000001', /^question: 'nope' is not one of the security questions/);
    expectRefusal(await api.post(`${factors}?tokenLifetimeSeconds=0`, { factorType: 'email', provider: 'OKTA' }), 400, 'E0000001', 'tokenLifetimeSeconds: must be an integer between 1 and 86400');
    expect((await api.post(`${factors}?tokenLifetimeSeconds=1`, { factorType: 'token:software:totp', provider: 'OKTA' })).status).toBe(200);
    const olaf = await uidOf('olaf.odegard@example.org');
    expectRefusal(await api.post(`/api/v1/users/${olaf}/factors`, { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'olives' } }), 403, 'E0000107');
  });
});

describe('activate, resend and verify refusals', () => {
  it('say which state or field is wrong', async () => {
    const zoe = await uidOf('zoe.angstrom@example.org');
    const zoeFactors = (await api.get<Json[]>(`/api/v1/users/${zoe}/factors`)).body;
    const push = zoeFactors.find((f) => f.factorType === 'push')!;
    const fastPass = zoeFactors.find((f) => f.factorType === 'signed_nonce')!;
    const webauthn = zoeFactors.find((f) => f.factorType === 'webauthn')!;
    const path = (f: Json) => `/api/v1/users/${zoe}/factors/${f.id}`;
    expectRefusal(await api.post(`${path(fastPass)}/verify`, {}), 400, 'E0000001', "A signed_nonce factor can't be verified through the Factors API");
    expectRefusal(await api.post(`${path(webauthn)}/verify`, { signatureData: 'x' }), 400, 'E0000001', 'The sandbox org has no security key to check a WebAuthn or U2F assertion against');
    expectRefusal(await api.post(`/sandbox/v1/users/${zoe}/factors/${webauthn.id}/scan`, {}), 400, 'E0000001', `Factor ${webauthn.id} is a webauthn factor, not push`);
    expectRefusal(await api.post(`/sandbox/v1/users/${zoe}/factors/${push.id}/scan`, {}), 403, 'E0000107', 'The push factor is already active.');
    expectRefusal(await api.post(`${path(push)}/lifecycle/activate/email`, {}), 403, 'E0000107');
    const totp = zoeFactors.find((f) => f.factorType === 'token:software:totp')!;
    expectRefusal(await api.post(`${path(totp)}/verify`, {}), 400, 'E0000001', 'passCode: The field cannot be left blank');
    expectRefusal(await api.post(`${path(totp)}/resend`, {}), 403, 'E0000107');
    const verify = await api.post<Json>(`${path(push)}/verify`, { useNumberMatchingChallenge: true });
    const transaction = String((verify.body._links as Record<string, Link>).poll!.href).split('/').at(-1);
    expectRefusal(await api.post(`/sandbox/v1/pushes/${transaction}/approve`, {}), 400, 'E0000001', 'answer: this push uses number matching; send the number shown in the sign-in screen');
    await api.post(`/sandbox/v1/pushes/${transaction}/deny`, {});
    expectRefusal(await api.post(`/sandbox/v1/pushes/${transaction}/deny`, {}), 403, 'E0000110', 'The push is no longer waiting (it is REJECTED).');
    const otherPush = zoeFactors.filter((f) => f.factorType === 'push')[1]!;
    expectRefusal(await api.get(`${path(otherPush)}/transactions/${transaction}`), 404, 'E0000007');
    expectRefusal(await api.post('/sandbox/v1/pushes/v2mst.nosuchtransaction/approve', {}), 404, 'E0000007');

    const elodie = await uidOf('elodie.marchand@example.org');
    const elodieFactors = (await api.get<Json[]>(`/api/v1/users/${elodie}/factors`)).body;
    const inactive = elodieFactors.find((f) => f.status === 'INACTIVE')!;
    expectRefusal(await api.post(`/api/v1/users/${elodie}/factors/${inactive.id}/verify`, {}), 403, 'E0000107', 'The factor must be ACTIVE to be verified.');
    const pendingPush = elodieFactors.find((f) => f.status === 'PENDING_ACTIVATION')!;
    expectRefusal(await api.post(`/api/v1/users/${elodie}/factors/${pendingPush.id}/lifecycle/activate/sms`, { profile: {} }), 400, 'E0000001', 'phoneNumber: The field cannot be left blank');
    expectRefusal(await api.post(`/api/v1/users/${elodie}/factors/${pendingPush.id}/resend`, {}), 403, 'E0000107');
    await api.post('/sandbox/v1/clock/advance', { seconds: 601 });
    expectRefusal(await api.post(`/api/v1/users/${elodie}/factors/${pendingPush.id}/lifecycle/activate/email`, {}), 403, 'E0000110');
    expectRefusal(await api.post(`/sandbox/v1/users/${elodie}/factors/${pendingPush.id}/scan`, {}), 403, 'E0000110');
    const restarted = await api.post<Json>(`/api/v1/users/${elodie}/factors/${pendingPush.id}/lifecycle/activate/poll`);
    expect(restarted.body.factorResult).toBe('TIMEOUT');
    expect((await api.post<Json>(`/api/v1/users/${elodie}/factors/${pendingPush.id}/lifecycle/activate/poll`)).body.factorResult).toBe('TIMEOUT');
    expect((await api.post<Json>(`/api/v1/users/${elodie}/factors/${pendingPush.id}/lifecycle/activate`)).body.factorResult).toBe('WAITING');
    const listedAgain = await api.get<Json>(`/api/v1/users/${elodie}/factors/${pendingPush.id}`);
    expect(((listedAgain.body._embedded as Json).activation as Json).factorResult).toBe('WAITING');

    const nadia = await uidOf('nadia.haddad@example.org');
    const question = (await api.get<Json[]>(`/api/v1/users/${nadia}/factors`)).body.find((f) => f.factorType === 'question')!;
    expectRefusal(await api.post(`/api/v1/users/${nadia}/factors/${question.id}/verify`, { answer: 'wrong' }), 403, 'E0000068', "Your answer doesn't match our records. Please try again.");
    expectRefusal(await api.post(`/api/v1/users/${nadia}/factors/${question.id}/verify`, { answer: '' }), 400, 'E0000001', 'answer: The field cannot be left blank');
    expect((await api.post<Json>(`/api/v1/users/${nadia}/factors/${question.id}/verify`, { answer: '  Sandbox ANSWER ' })).body).toEqual({ factorResult: 'SUCCESS' });
  });

  it('five activation attempts in five minutes, then 429 for activation and resend alike', async () => {
    const dade = await uidOf('priya.raman@example.org');
    const enrolled = await api.post<Json>(`/api/v1/users/${dade}/factors`, { factorType: 'email', provider: 'OKTA', profile: { email: 'priya.five@example.org' } });
    const activate = String((enrolled.body._links as Record<string, Link>).activate!.href);
    for (let attempt = 0; attempt < 5; attempt++) expect((await api.post<Json>(activate, { passCode: '000000' })).status).toBe(403);
    expectRefusal(await api.post(activate, { passCode: '000000' }), 429, 'E0000047');
    await api.post('/sandbox/v1/clock/advance', { seconds: 6 });
    expectRefusal(await api.post(`/api/v1/users/${dade}/factors/${enrolled.body.id}/resend`, {}), 429, 'E0000047');
    await api.post('/sandbox/v1/clock/advance', { seconds: 300 });
    expect((await api.post<Json>(`/api/v1/users/${dade}/factors/${enrolled.body.id}/resend`, {})).status).toBe(200);
  });
});
