import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// What each factor action writes to the System Log (event type, message, outcome, reason, the
// credential type) and sends to the user's phone or mailbox: the console's history reads them.

const sandbox = sandboxPerFile({ users: 12, seed: 'factor-events-test' });
const api = sandboxClient(sandbox);

type Link = { href: string };
const advance = (seconds: number) => api.post('/sandbox/v1/clock/advance', { seconds });

async function dade(): Promise<string> {
  return String((await api.get<Json>('/api/v1/users/dade.murphy@example.org')).body.id);
}

/** The events about a user since `after` (a sequence-free marker: the uuids seen before). */
async function newEvents(uid: string, seen: Set<string>): Promise<Json[]> {
  const events = (await api.get<Json[]>(`/api/v1/logs?limit=1000&filter=${encodeURIComponent(`target.id eq "${uid}"`)}`)).body;
  const fresh = events.filter((event) => !seen.has(String(event.uuid)));
  for (const event of events) seen.add(String(event.uuid));
  return fresh;
}

const summary = (events: Json[]) =>
  events.map((event) => [event.eventType, event.displayMessage, (event.outcome as Json).result, (event.outcome as Json).reason, (event.authenticationContext as Json).credentialType]);

async function lastMessage(to: string): Promise<Json> {
  const messages = (await api.get<Json[]>(`/sandbox/v1/outbox?to=${encodeURIComponent(to)}`)).body;
  return messages.at(-1) as Json;
}

describe('System Log and outbox of factor actions', () => {
  it('sms: enroll, activate, challenge, a wrong and a right code', async () => {
    const uid = await dade();
    const seen = new Set<string>();
    await newEvents(uid, seen);
    const enrolled = await api.post<Json>(`/api/v1/users/${uid}/factors?tokenLifetimeSeconds=120`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+1 415 555 0161' } });
    const text = await lastMessage('+14155550161');
    expect(text).toMatchObject({ channel: 'sms', to: '+14155550161', text: `Your sandbox org code is ${text.code}`, link: null });
    expect(summary(await newEvents(uid, seen))).toEqual([
      ['user.mfa.factor.update', 'Enroll factor for user (pending activation)', 'SUCCESS', null, 'SMS'],
      ['system.sms.send_phone_verification_message', 'Send SMS verification code', 'SUCCESS', null, 'SMS'],
    ]);
    await advance(121);
    const expired = await api.post<Json>((enrolled.body._links as Record<string, Link>).activate!.href, { passCode: text.code });
    expect(expired.status).toBe(403);
    expect((expired.body.errorCauses as Json[])[0]?.errorSummary).toBe('Your passcode has expired. Request a new code and try again.');
    await api.post<Json>((enrolled.body._links as unknown as Record<string, Array<Link>>).resend![0]!.href, {});
    const activated = await api.post<Json>((enrolled.body._links as Record<string, Link>).activate!.href, { passCode: (await lastMessage('+14155550161')).code });
    expect(activated.body.status).toBe('ACTIVE');
    expect(summary(await newEvents(uid, seen))).toEqual([
      ['user.mfa.factor.activate', 'Activate factor for user', 'FAILURE', 'INVALID_CREDENTIALS', 'SMS'],
      ['system.sms.send_phone_verification_message', 'Send SMS verification code', 'SUCCESS', null, 'SMS'],
      ['user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS', null, 'SMS'],
    ]);
    await advance(31);
    const verify = `/api/v1/users/${uid}/factors/${enrolled.body.id}/verify`;
    await api.post(verify);
    const code = String((await lastMessage('+14155550161')).code);
    expect((await api.post<Json>(verify, { passCode: code === '000000' ? '111111' : '000000' })).status).toBe(403);
    expect((await api.post<Json>(verify, { passCode: code })).body).toEqual({ factorResult: 'SUCCESS' });
    expect(summary(await newEvents(uid, seen))).toEqual([
      ['system.sms.send_factor_verify_message', 'Send SMS verification code', 'SUCCESS', null, 'SMS'],
      ['user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'FAILURE', 'INVALID_CREDENTIALS', 'SMS'],
      ['user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'SUCCESS', null, 'SMS'],
    ]);
  });

  it('call and email: what they say and log', async () => {
    const uid = await dade();
    const seen = new Set<string>();
    await newEvents(uid, seen);
    const call = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+14155550162', phoneExtension: '77' } });
    expect(call.body.profile).toEqual({ phoneNumber: '+14155550162', phoneExtension: '77' });
    const spoken = await lastMessage('+14155550162');
    expect(spoken.channel).toBe('voice');
    expect(spoken.text).toBe(`Hello from your sandbox org. Your code is ${String(spoken.code).split('').join(', ')}.`);
    await api.post((call.body._links as Record<string, Link>).activate!.href, { passCode: spoken.code });
    await advance(31);
    const challenge = await api.post<Json>(`/api/v1/users/${uid}/factors/${call.body.id}/verify`);
    expect(challenge.body.profile).toEqual({ phoneNumber: '+14155550162', phoneExtension: '77' });

    const email = await api.post<Json>(`/api/v1/users/${uid}/factors?tokenLifetimeSeconds=600`, { factorType: 'email', provider: 'OKTA', profile: { email: 'dade.murphy@example.org' } });
    const mail = await lastMessage('dade.murphy@example.org');
    expect(mail).toMatchObject({ channel: 'email', text: `Your sandbox org verification code is ${mail.code}. It expires in 10 minutes.` });
    expect(email.body.profile).toEqual({ email: 'dade.murphy@example.org' });
    const events = summary(await newEvents(uid, seen));
    expect(events).toEqual([
      ['user.mfa.factor.update', 'Enroll factor for user (pending activation)', 'SUCCESS', null, 'OTP'],
      ['system.voice.send_phone_verification_call', 'Send voice call verification code', 'SUCCESS', null, 'OTP'],
      ['user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS', null, 'OTP'],
      ['system.voice.send_mfa_challenge_call', 'Send voice call verification code', 'SUCCESS', null, 'OTP'],
      ['user.mfa.factor.update', 'Enroll factor for user (pending activation)', 'SUCCESS', null, 'EMAIL'],
      ['system.email.send_factor_verify_message', 'Send email verification code', 'SUCCESS', null, 'EMAIL'],
    ]);
    const bad = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'email', provider: 'OKTA', profile: { email: 'not-an-address' } });
    expect(bad.status).toBe(400);
    expect((bad.body.errorCauses as Json[])[0]?.errorSummary).toBe("email: 'not-an-address' is not a valid email address");
  });

  it('push: activation links by email and SMS, verify, deny, a wrong number and approve', async () => {
    const uid = await dade();
    for (const factor of (await api.get<Json[]>(`/api/v1/users/${uid}/factors`)).body) await api.del(`/api/v1/users/${uid}/factors/${factor.id}`);
    await advance(60);
    const seen = new Set<string>();
    await newEvents(uid, seen);
    const enrolled = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'push', provider: 'OKTA' });
    const activation = (enrolled.body._embedded as Json).activation as Json;
    const send = (activation._links as unknown as { send: Array<Link & { name: string }> }).send;
    await api.post(send.find((link) => link.name === 'email')!.href, {});
    const noPhone = await api.post<Json>(send.find((link) => link.name === 'sms')!.href, { profile: {} });
    expect(noPhone.status).toBe(400);
    await api.post(send.find((link) => link.name === 'sms')!.href, { profile: { phoneNumber: '+14155550163' } });
    const mailed = await lastMessage('dade.murphy@example.org');
    expect(mailed.text).toBe(`Set up Okta Verify for your sandbox org account: ${mailed.link}`);
    expect(String(mailed.link)).toMatch(new RegExp(`^oktaverify://activate\\?t=[\\w-]{42}&f=${enrolled.body.id}&u=${uid}&s=`));
    expect((await lastMessage('+14155550163')).link).toBe(mailed.link);
    expect((await api.post<Json>(`${send[0]!.href.replace(/\/email$/, '/fax')}`, {})).status).toBe(404);
    await api.post(`/sandbox/v1/users/${uid}/factors/${enrolled.body.id}/scan`, { platform: 'android' });
    const active = await api.get<Json>(`/api/v1/users/${uid}/factors/${enrolled.body.id}`);
    expect(active.body.profile).toMatchObject({ name: "Dade's iPhone", platform: 'ANDROID', deviceType: 'SmartPhone_Android', version: '17.4', credentialId: 'dade.murphy@example.org' });

    const push = `/api/v1/users/${uid}/factors/${enrolled.body.id}/verify`;
    const denied = await api.post<Json>(push);
    await api.post(`/sandbox/v1/pushes/${String((denied.body._links as Record<string, Link>).poll!.href).split('/').at(-1)}/deny`, {});
    const matched = await api.post<Json>(push, { useNumberMatchingChallenge: true });
    const matchedId = String((matched.body._links as Record<string, Link>).poll!.href).split('/').at(-1);
    const missing = await api.post<Json>(`/sandbox/v1/pushes/${matchedId}/approve`, {});
    expect(missing.status).toBe(400);
    const correct = Number(((matched.body._embedded as Json).challenge as Json).correctAnswer);
    expect(correct).toBeGreaterThanOrEqual(10);
    expect(correct).toBeLessThan(100);
    expect((await api.post<Json>(`/sandbox/v1/pushes/${matchedId}/approve`, { answer: correct + 1 })).body.factorResult).toBe('REJECTED');
    const approved = await api.post<Json>(push);
    await api.post(`/sandbox/v1/pushes/${String((approved.body._links as Record<string, Link>).poll!.href).split('/').at(-1)}/approve`, {});

    const events = summary(await newEvents(uid, seen));
    expect(events).toEqual([
      ['user.mfa.factor.update', 'Enroll factor for user (pending activation)', 'SUCCESS', null, 'OTP'],
      ['system.email.send_factor_verify_message', 'Send Okta Verify activation email', 'SUCCESS', null, 'OTP'],
      ['system.sms.send_okta_push_verify_message', 'Send Okta Verify activation SMS', 'SUCCESS', null, 'OTP'],
      ['user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS', null, 'OTP'],
      ['user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS', null, 'OTP'],
      ['user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS', null, 'ASSERTION'],
      ['system.push.send_factor_verify_push', 'Push notification sent for verification', 'SUCCESS', null, 'OTP'],
      ['user.mfa.okta_verify.deny_push', 'User rejected Okta push verify', 'DENY', 'USER_REJECTED', 'OTP'],
      ['user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'FAILURE', 'USER_REJECTED', 'OTP'],
      ['system.push.send_factor_verify_push', 'Push notification sent for verification', 'SUCCESS', null, 'OTP'],
      ['user.mfa.okta_verify.deny_push', 'User rejected Okta push verify', 'DENY', 'WRONG_NUMBER_CHALLENGE_ANSWER', 'OTP'],
      ['user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'FAILURE', 'INVALID_CREDENTIALS', 'OTP'],
      ['system.push.send_factor_verify_push', 'Push notification sent for verification', 'SUCCESS', null, 'OTP'],
      ['user.mfa.okta_verify', 'Verify user with Okta Verify', 'SUCCESS', null, 'OTP'],
      ['user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'SUCCESS', null, 'OTP'],
    ]);
    const sent = (await api.get<Json[]>(`/api/v1/logs?filter=${encodeURIComponent(`eventType eq "system.push.send_factor_verify_push" and target.id eq "${uid}"`)}`)).body;
    expect(sent.map((event) => (event.debugContext as Json).debugData)).toMatchObject([
      { factor: 'push', factorIntent: 'ENROLLMENT', numberMatching: 'false' },
      { numberMatching: 'true' },
      { numberMatching: 'false' },
    ]);
    expect(((sent[0]?.target as Json[])[1] as Json)).toMatchObject({ type: 'AuthenticatorEnrollment', alternateId: 'unknown', displayName: 'Okta Verify', detailEntry: { methodTypeUsed: 'push', methodUsedVerifiedProperties: '[push]' } });
  });

  it('question and TOTP: a wrong answer, a missing code, and the TOTP QR code', async () => {
    const uid = await dade();
    const seen = new Set<string>();
    const question = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'question', provider: 'OKTA', profile: { question: 'favorite_toy', answer: ' Teddy ' } });
    expect(question.body.profile).toEqual({ question: 'favorite_toy', questionText: 'What is the toy/stuffed animal you liked the most as a kid?' });
    expect(Object.keys(question.body._links as object).sort()).toEqual(['questions', 'self', 'user']);
    await newEvents(uid, seen);
    const verify = `/api/v1/users/${uid}/factors/${question.body.id}/verify`;
    expect((await api.post<Json>(verify, {})).status).toBe(400);
    expect((await api.post<Json>(verify, { answer: 'TEDDY' })).body).toEqual({ factorResult: 'SUCCESS' });
    expect(summary(await newEvents(uid, seen))).toEqual([['user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'SUCCESS', null, null]]);

    const totp = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'token:software:totp', provider: 'GOOGLE' });
    const qr = String((((totp.body._embedded as Json).activation as Json)._links as Record<string, Link>).qrcode!.href);
    const image = await fetch(qr);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(qr.replace(/\/qr\/[^/]+$/, '/qr/not-the-token'))).status).toBe(404);
    const noCode = await api.post<Json>((totp.body._links as Record<string, Link>).activate!.href, {});
    expect(noCode.status).toBe(400);
    expect((noCode.body.errorCauses as Json[])[0]?.errorSummary).toBe('passCode: The field cannot be left blank');
    const activeQuestion = await api.post<Json>(`/api/v1/users/${uid}/factors/${question.body.id}/lifecycle/activate`, { passCode: '123456' });
    expect(activeQuestion.status).toBe(403);
    expect((activeQuestion.body.errorCauses as Json[])[0]?.errorSummary).toBe('The factor is already active.');
  });
});
