import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 20, seed: 'authn-test' });
const api = sandboxClient(sandbox);
const anonymous = sandboxClient(sandbox, null);

type Link = { href: string; name?: string; hints?: { allow: string[] } };
const links = (body: Json) => body._links as unknown as Record<string, Link & Link[]>;
const embedded = (body: Json) => body._embedded as unknown as Record<string, Json> & { factors: Json[] };
const relayState = '/myapp/some/deep/link/i/want/to/return/to';

function primaryAuth(username: string, password = 'GoAw@y123') {
  return anonymous.post<Json>('/api/v1/authn', { username, password, relayState, context: { deviceToken: '26q43Ak9Eh04p7H6Nnx0m69JqYOrfVBY' } });
}

describe('enrolling Okta Verify through the Authentication API (seed 000)', () => {
  it('goes MFA_ENROLL → MFA_ENROLL_ACTIVATE (WAITING, 202) → TIMEOUT → activate again → SUCCESS after the scan', async () => {
    const start = await primaryAuth('dade.murphy@example.org');
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ status: 'MFA_ENROLL', relayState, _embedded: { user: { profile: { login: 'dade.murphy@example.org', locale: 'en_US' } } } });
    const push = embedded(start.body).factors.find((f) => f.factorType === 'push' && f.provider === 'OKTA') as Json;
    expect(links(push).enroll?.hints?.allow).toEqual(['POST']);

    const enrolled = await anonymous.post<Json>(links(push).enroll!.href, { stateToken: start.body.stateToken, factorType: 'push', provider: 'OKTA' });
    expect(enrolled.body).toMatchObject({ status: 'MFA_ENROLL_ACTIVATE', factorResult: 'WAITING' });
    const factor = embedded(enrolled.body).factor as Json;
    const activation = (factor._embedded as Record<string, Json>).activation as Json;
    expect((activation._links as unknown as { send: Link[] }).send.map((l) => l.name)).toEqual(['email', 'sms']);
    expect(links(enrolled.body).next).toMatchObject({ name: 'poll' });
    expect(links(enrolled.body).prev).toBeDefined();
    expect(links(enrolled.body).cancel).toBeDefined();

    const sms = await anonymous.post<Json>((activation._links as unknown as { send: Link[] }).send[1]!.href, { stateToken: enrolled.body.stateToken, profile: { phoneNumber: '+1-555-415-1337' } });
    expect(sms.body.status).toBe('MFA_ENROLL_ACTIVATE');
    expect((await api.get<Json[]>('/sandbox/v1/outbox?to=%2B15554151337')).body.length).toBe(1);

    const waiting = await anonymous.post<Json>(links(enrolled.body).next!.href, { stateToken: enrolled.body.stateToken });
    expect(waiting.status).toBe(202);
    expect(waiting.body.factorResult).toBe('WAITING');

    await api.post('/sandbox/v1/clock/advance', { seconds: 601 });
    const timeout = await anonymous.post<Json>(links(waiting.body).next!.href, { stateToken: enrolled.body.stateToken });
    expect(timeout.status).toBe(200);
    expect(timeout.body.factorResult).toBe('TIMEOUT');
    expect(links(timeout.body).next).toMatchObject({ name: 'activate' });
    expect((embedded(timeout.body).factor as Json)._embedded).toBeUndefined();

    const again = await anonymous.post<Json>(links(timeout.body).next!.href, { stateToken: enrolled.body.stateToken });
    expect(again.status).toBe(202);
    expect(again.body.factorResult).toBe('WAITING');
    await api.post(`/sandbox/v1/users/${(embedded(start.body).user as Json).id}/factors/${factor.id}/scan`, { name: 'Dade iPhone', platform: 'IOS', version: '17.4' });
    const done = await anonymous.post<Json>(links(again.body).next!.href, { stateToken: enrolled.body.stateToken });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'SUCCESS', relayState, sessionToken: expect.any(String) });
    expect(done.body.stateToken).toBeUndefined();

    const reused = await anonymous.post<Json>('/api/v1/authn', { stateToken: enrolled.body.stateToken });
    expect(reused.status).toBe(401);
    expect(reused.body.errorCode).toBe('E0000011');
  });
});

describe('verifying with push through the Authentication API', () => {
  async function challengeIsaac(): Promise<{ stateToken: string; verify: Json; factorId: string }> {
    const start = await primaryAuth('isaac@example.org');
    expect(start.body.status).toBe('MFA_REQUIRED');
    const push = embedded(start.body).factors.find((f) => f.factorType === 'push') as Json;
    expect(push.profile).toMatchObject({ name: 'Isaac iPhone', platform: 'IOS' });
    const verify = await anonymous.post<Json>(links(push).verify!.href, { stateToken: start.body.stateToken });
    expect(verify.status).toBe(202);
    expect(verify.body).toMatchObject({ status: 'MFA_CHALLENGE', factorResult: 'WAITING' });
    expect(links(verify.body).resend?.[0]?.name).toBe('push');
    return { stateToken: String(start.body.stateToken), verify: verify.body, factorId: String(push.id) };
  }

  async function pendingPush(): Promise<string> {
    const pushes = await api.get<Json[]>('/sandbox/v1/users/00ub0oNGTSWTBKOLGLNR/pushes');
    return String(pushes.body.at(-1)?.transactionId);
  }

  it('polls WAITING, then SUCCESS once approved', async () => {
    const { stateToken, verify } = await challengeIsaac();
    const poll = links(verify).next!.href;
    expect((await anonymous.post<Json>(poll, { stateToken })).body.factorResult).toBe('WAITING');
    await api.post(`/sandbox/v1/pushes/${await pendingPush()}/approve`, {});
    const done = await anonymous.post<Json>(poll, { stateToken });
    expect(done.body).toMatchObject({ status: 'SUCCESS', sessionToken: expect.any(String) });
    const logs = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "user.session.start" and outcome.result eq "SUCCESS" and actor.id eq "00ub0oNGTSWTBKOLGLNR"'));
    expect(logs.body.length).toBe(1);
  });

  it('reports REJECTED, then a new verify sends a new push; resend and previous work', async () => {
    const { stateToken, verify } = await challengeIsaac();
    await api.post(`/sandbox/v1/pushes/${await pendingPush()}/deny`);
    const rejected = await anonymous.post<Json>(links(verify).next!.href, { stateToken });
    expect(rejected.body).toMatchObject({ status: 'MFA_CHALLENGE', factorResult: 'REJECTED' });
    expect(links(rejected.body).next).toMatchObject({ name: 'verify' });
    const retried = await anonymous.post<Json>(links(rejected.body).next!.href, { stateToken });
    expect(retried.status).toBe(202);
    const resent = await anonymous.post<Json>(links(retried.body).resend![0]!.href, { stateToken });
    expect(resent.body.factorResult).toBe('WAITING');
    expect((await api.get<Json[]>('/sandbox/v1/users/00ub0oNGTSWTBKOLGLNR/pushes')).body.length).toBe(1);
    const previous = await anonymous.post<Json>(links(resent.body).prev!.href, { stateToken });
    expect(previous.body.status).toBe('MFA_REQUIRED');
    expect((await api.get<Json[]>('/sandbox/v1/users/00ub0oNGTSWTBKOLGLNR/pushes')).body).toEqual([]);
  });

  it('reports TIMEOUT when nobody answers, and cancel ends the transaction', async () => {
    const { stateToken, verify } = await challengeIsaac();
    await api.post('/sandbox/v1/clock/advance', { seconds: 250 });
    expect((await anonymous.post<Json>(links(verify).next!.href, { stateToken })).body.factorResult).toBe('WAITING');
    await api.post('/sandbox/v1/clock/advance', { seconds: 60 });
    const timeout = await anonymous.post<Json>(links(verify).next!.href, { stateToken });
    expect(timeout.body.factorResult).toBe('TIMEOUT');
    const cancelled = await anonymous.post<Json>(links(timeout.body).cancel!.href, { stateToken });
    expect(cancelled.status).toBe(200);
    expect((await anonymous.post<Json>('/api/v1/authn', { stateToken })).status).toBe(401);
  });

  it('verifies SMS with a code from the outbox', async () => {
    const start = await primaryAuth('isaac@example.org');
    const sms = embedded(start.body).factors.find((f) => f.factorType === 'sms') as Json;
    const challenge = await anonymous.post<Json>(links(sms).verify!.href, { stateToken: start.body.stateToken });
    expect(challenge.body.status).toBe('MFA_CHALLENGE');
    const code = (await api.get<Json[]>('/sandbox/v1/outbox?to=%2B15554151337')).body.at(-1)?.code;
    const wrong = await anonymous.post<Json>(links(challenge.body).next!.href, { stateToken: start.body.stateToken, passCode: '12345x' });
    expect(wrong.body.errorCode).toBe('E0000068');
    const done = await anonymous.post<Json>(links(challenge.body).next!.href, { stateToken: start.body.stateToken, passCode: code });
    expect(done.body.status).toBe('SUCCESS');
  });

  it('never signs in on an SMS verify without a passcode: it sends a code and answers MFA_CHALLENGE', async () => {
    const start = await primaryAuth('isaac@example.org');
    const sms = embedded(start.body).factors.find((f) => f.factorType === 'sms') as Json;
    for (const unanswered of [{ answer: 'not a passcode' }, { passCode: '' }]) {
      // One SMS per number every 30 s.
      await api.post('/sandbox/v1/clock/advance', { seconds: 31 });
      const sent = (await api.get<Json[]>('/sandbox/v1/outbox?to=%2B15554151337')).body.length;
      const verify = await anonymous.post<Json>(links(sms).verify!.href, { stateToken: start.body.stateToken, ...unanswered });
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ status: 'MFA_CHALLENGE', stateToken: start.body.stateToken });
      expect(verify.body.sessionToken).toBeUndefined();
      expect((await api.get<Json[]>('/sandbox/v1/outbox?to=%2B15554151337')).body.length).toBe(sent + 1);
    }
  });
});

describe('state and credential errors', () => {
  it('answers a wrong password with 401 E0000004 and logs the failure', async () => {
    const response = await primaryAuth('isaac@example.org', 'wrong');
    expect(response.status).toBe(401);
    expect(response.body.errorCode).toBe('E0000004');
    const logs = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "user.session.start" and outcome.result eq "FAILURE"'));
    expect(logs.body.length).toBe(1);
  });

  it('expires state tokens on the org clock and enforces the state machine', async () => {
    const start = await primaryAuth('isaac@example.org');
    const wrongState = await anonymous.post<Json>('/api/v1/authn/factors', { stateToken: start.body.stateToken, factorType: 'push', provider: 'OKTA' });
    expect(wrongState.status).toBe(403);
    expect(wrongState.body.errorCode).toBe('E0000079');
    await api.post('/sandbox/v1/clock/advance', { seconds: 3601 });
    const expired = await anonymous.post<Json>('/api/v1/authn', { stateToken: start.body.stateToken });
    expect(expired.status).toBe(401);
    expect(expired.body.errorCode).toBe('E0000011');
  });
});
