import { describe, expect, it } from 'vitest';
import { parseLinks, sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// Classic: one Okta Verify per user and `reset_all` (Identity Engine's Okta Verify: okta-verify.test.ts).
const sandbox = sandboxPerFile({ users: 50, seed: 'push-test', engine: 'classic' });
const api = sandboxClient(sandbox);

type Link = { href: string; hints?: { allow: string[] } };

async function userId(login: string): Promise<string> {
  return String((await api.get<Json>(`/api/v1/users/${login}`)).body.id);
}

async function enrollPush(uid: string): Promise<Json> {
  const response = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'push', provider: 'OKTA' });
  expect(response.status).toBe(200);
  return response.body;
}

describe('push enrollment', () => {
  it('enrolls PENDING_ACTIVATION with a real QR PNG, polls WAITING, and is ACTIVE after the phone scans', async () => {
    const uid = await userId('dade.murphy@example.org');
    const factor = await enrollPush(uid);
    expect(factor).toMatchObject({ factorType: 'push', provider: 'OKTA', vendorName: 'OKTA', status: 'PENDING_ACTIVATION' });
    const links = factor._links as Record<string, Link>;
    expect(links.poll?.hints?.allow).toEqual(['POST']);
    const activation = (factor._embedded as Record<string, Json>).activation as Json;
    expect(activation.factorResult).toBe('WAITING');
    expect(Date.parse(String(activation.expiresAt))).toBeGreaterThan(Date.now());
    const activationLinks = activation._links as unknown as { qrcode: { href: string; type: string }; send: Array<{ name: string }> };
    expect(activationLinks.qrcode.type).toBe('image/png');
    expect(activationLinks.send.map((s) => s.name)).toEqual(['email', 'sms']);

    const png = await fetch(activationLinks.qrcode.href);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const waiting = await api.post<Json>(links.poll!.href);
    expect(waiting.status).toBe(200);
    expect(waiting.body.factorResult).toBe('WAITING');

    const scan = await api.post<Json>(`/sandbox/v1/users/${uid}/factors/${factor.id}/scan`, { name: 'Dade iPhone', platform: 'IOS', version: '17.4' });
    expect(scan.status).toBe(200);
    const active = await api.post<Json>(links.poll!.href);
    expect(active.body).toMatchObject({ id: factor.id, status: 'ACTIVE', profile: { name: 'Dade iPhone', platform: 'IOS', version: '17.4' } });
    expect((active.body._links as Record<string, Link>).self?.hints?.allow).toEqual(['GET', 'DELETE']);
    expect((await fetch(activationLinks.qrcode.href)).status).toBe(404);
  });

  it('answers TIMEOUT with an activate link after expiry, and activate starts over', async () => {
    const uid = await userId('sandbox.auditor@example.org');
    const factor = await enrollPush(uid);
    await api.post('/sandbox/v1/clock/advance', { seconds: 601 });
    const timeout = await api.post<Json>((factor._links as Record<string, Link>).poll!.href);
    expect(timeout.body.factorResult).toBe('TIMEOUT');
    const activate = (timeout.body._links as Record<string, Link>).activate!;
    expect(activate.href).toMatch(/\/lifecycle\/activate$/);
    const scanLate = await api.post<Json>(`/sandbox/v1/users/${uid}/factors/${factor.id}/scan`, {});
    expect(scanLate.body.errorCode).toBe('E0000110');
    const restarted = await api.post<Json>(activate.href);
    expect(restarted.body.factorResult).toBe('WAITING');
    expect((restarted.body._links as Record<string, Link>).qrcode?.href).toContain('/qr/');
  });

  it('sends activation links by email and SMS, validating the phone number', async () => {
    const uid = await userId('dade.murphy@example.org');
    await api.del(`/api/v1/users/${uid}/factors/${(await api.get<Json[]>(`/api/v1/users/${uid}/factors`)).body[0]?.id}`);
    const factor = await enrollPush(uid);
    const send = (((factor._embedded as Record<string, Json>).activation as Json)._links as unknown as { send: Link[] }).send;
    expect((await api.post(send[0]!.href)).status).toBe(200);
    const bad = await api.post<Json>(send[1]!.href, { profile: { phoneNumber: '12' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('E0000098');
    expect((await api.post(send[1]!.href, { profile: { phoneNumber: '+1 (415) 555-0100' } })).status).toBe(200);
    const sms = await api.get<Array<Json>>('/sandbox/v1/outbox?to=' + encodeURIComponent('+14155550100'));
    expect(sms.body.at(-1)).toMatchObject({ channel: 'sms', to: '+14155550100' });
    expect(String(sms.body.at(-1)?.link)).toContain(`f=${factor.id}`);
    const mail = await api.get<Array<Json>>('/sandbox/v1/outbox?to=dade.murphy@example.org');
    expect(mail.body.at(-1)?.channel).toBe('email');
  });
});

describe('push verification', () => {
  const isaac = '00ub0oNGTSWTBKOLGLNR';
  async function pushFactorId(): Promise<string> {
    const factors = await api.get<Json[]>(`/api/v1/users/${isaac}/factors`);
    return String(factors.body.find((f) => f.factorType === 'push')?.id);
  }

  it('verifies with number matching: 201, WAITING, the correct answer, approve with the right number', async () => {
    const fid = await pushFactorId();
    const started = await api.post<Json>(`/api/v1/users/${isaac}/factors/${fid}/verify`, { useNumberMatchingChallenge: true }, { 'User-Agent': 'FactorDesk test' });
    expect(started.status).toBe(201);
    expect(started.body.factorResult).toBe('WAITING');
    const correctAnswer = ((started.body._embedded as Record<string, Json>).challenge as Json).correctAnswer as number;
    expect(correctAnswer).toEqual(expect.any(Number));
    const poll = (started.body._links as Record<string, Link>).poll!;
    expect(poll.href).toMatch(new RegExp(`/api/v1/users/${isaac}/factors/${fid}/transactions/`));
    expect(started.headers.get('location')).toBe(poll.href);
    expect((started.body._links as Record<string, Link>).cancel?.hints?.allow).toEqual(['DELETE']);

    const pending = await api.get<Json[]>(`/sandbox/v1/users/${isaac}/pushes`);
    const push = pending.body.find((p) => poll.href.endsWith(String(p.transactionId)));
    expect(push).toMatchObject({ factorId: fid, correctAnswer });

    const waiting = await api.get<Json>(poll.href);
    expect(waiting.body).toMatchObject({ factorResult: 'WAITING', _embedded: { challenge: { correctAnswer } } });
    const approved = await api.post<Json>(`/sandbox/v1/pushes/${push?.transactionId}/approve`, { answer: correctAnswer });
    expect(approved.body.factorResult).toBe('SUCCESS');
    expect((await api.get<Json>(poll.href)).body).toEqual({ factorResult: 'SUCCESS' });
  });

  it('rejects a wrong number, and a deny', async () => {
    const fid = await pushFactorId();
    for (const [action, body] of [['approve', { answer: -1 }], ['deny', {}]] as const) {
      const started = await api.post<Json>(`/api/v1/users/${isaac}/factors/${fid}/verify`, { useNumberMatchingChallenge: true });
      const poll = (started.body._links as Record<string, Link>).poll!.href;
      const transactionId = poll.split('/').at(-1);
      const answered = await api.post<Json>(`/sandbox/v1/pushes/${transactionId}/${action}`, body);
      expect(answered.body.factorResult).toBe('REJECTED');
      const result = await api.get<Json>(poll);
      expect(result.body.factorResult).toBe('REJECTED');
      expect(Object.keys(result.body._links as object)).toEqual(['verify', 'factor']);
    }
  });

  it('times out after the push lifetime', async () => {
    const fid = await pushFactorId();
    const started = await api.post<Json>(`/api/v1/users/${isaac}/factors/${fid}/verify`);
    expect(started.status).toBe(201);
    expect(started.body._embedded).toBeUndefined();
    await api.post('/sandbox/v1/clock/advance', { seconds: 301 });
    const result = await api.get<Json>((started.body._links as Record<string, Link>).poll!.href);
    expect(result.body.factorResult).toBe('TIMEOUT');
    const transactionId = (started.body._links as Record<string, Link>).poll!.href.split('/').at(-1);
    const late = await api.post<Json>(`/sandbox/v1/pushes/${transactionId}/approve`, {});
    expect(late.status).toBe(403);
  });
});

describe('unenroll, reset and the System Log', () => {
  it('deleting push cascades to the Okta Verify TOTP factor and logs each deactivation', async () => {
    const uid = await userId('sandbox.admin@example.org');
    const totp = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'token:software:totp', provider: 'OKTA' });
    const google = await api.post<Json>(`/api/v1/users/${uid}/factors`, { factorType: 'token:software:totp', provider: 'GOOGLE' });
    const push = (await api.get<Json[]>(`/api/v1/users/${uid}/factors`)).body.find((f) => f.factorType === 'push');
    const deleted = await api.del(`/api/v1/users/${uid}/factors/${push?.id}`);
    expect(deleted.status).toBe(204);
    const left = (await api.get<Json[]>(`/api/v1/users/${uid}/factors`)).body.map((f) => f.id);
    expect(left).toEqual([google.body.id]);
    const logs = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent(`eventType eq "user.mfa.factor.deactivate" and target.id eq "${uid}"`));
    const targets = logs.body.map((e) => (e.target as Json[]).map((t) => t.id));
    expect(targets).toEqual([
      [uid, push?.id],
      [uid, totp.body.id],
    ]);
    expect((await api.get(`/api/v1/users/${uid}/factors/${push?.id}`)).status).toBe(404);
  });

  it('reset_factors removes every factor and logs user.mfa.factor.reset_all', async () => {
    const reset = await api.post<Json>('/api/v1/users/00ub0oNGTSWTBKOLGLNR/lifecycle/reset_factors');
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({});
    expect((await api.get<Json[]>('/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors')).body).toEqual([]);
    const logs = await api.get<Json[]>('/api/v1/logs?sortOrder=DESCENDING&limit=1&filter=' + encodeURIComponent('eventType eq "user.mfa.factor.reset_all"'));
    expect(logs.body[0]).toMatchObject({
      eventType: 'user.mfa.factor.reset_all',
      outcome: { result: 'SUCCESS' },
      actor: { alternateId: 'sandbox.admin@example.org', type: 'User' },
      target: [{ id: '00ub0oNGTSWTBKOLGLNR', type: 'User' }],
    });
    expect(logs.body[0]?.client).toMatchObject({ ipAddress: '127.0.0.1' });
  });

  it('logs push sends with the admin as actor and the user as actor of approve / deny', async () => {
    const sent = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "system.push.send_factor_verify_push"'));
    expect(sent.body.length).toBe(4);
    expect(sent.body.every((e) => (e.actor as Json).alternateId === 'sandbox.admin@example.org')).toBe(true);
    const denied = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType sw "user.mfa.okta_verify.deny" and outcome.result eq "DENY"'));
    expect(denied.body.length).toBe(2);
    expect((denied.body[0]?.actor as Json).alternateId).toBe('isaac@example.org');
  });

  it('pages the log with limit, after and Link headers, in both orders, and filters with q and co', async () => {
    const all = await api.get<Json[]>('/api/v1/logs?limit=1000&until=' + encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString()));
    const first = await api.get<Json[]>('/api/v1/logs?limit=3');
    expect(first.body.map((e) => e.uuid)).toEqual(all.body.slice(0, 3).map((e) => e.uuid));
    const next = parseLinks(first.headers.get('link')).next;
    expect(next).toBeDefined();
    const second = await api.get<Json[]>(next!);
    expect(second.body.map((e) => e.uuid)).toEqual(all.body.slice(3, 6).map((e) => e.uuid));
    const descending = await api.get<Json[]>('/api/v1/logs?sortOrder=DESCENDING&limit=2');
    expect(descending.body.map((e) => e.uuid)).toEqual(all.body.slice(-2).reverse().map((e) => e.uuid));
    const contains = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType co "okta_verify"'));
    expect(contains.body.length).toBeGreaterThan(0);
    expect(contains.body.every((e) => String(e.eventType).includes('okta_verify'))).toBe(true);
    const keyword = await api.get<Json[]>('/api/v1/logs?q=isaac@example.org');
    expect(keyword.body.length).toBeGreaterThan(0);
    const badDate = await api.get<Json>('/api/v1/logs?since=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.errorCode).toBe('E0000001');
    const badFilter = await api.get<Json>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq'));
    expect(badFilter.status).toBe(400);
  });
});
