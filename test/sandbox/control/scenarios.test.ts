import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// The control API's scenarios: an attack in progress and a lockout, written into the System Log
// as Okta would (event types from Okta's catalogue, geography and network where Okta puts them).

const sandbox = sandboxPerFile({ users: 60, seed: 'scenarios' });
const api = sandboxClient(sandbox);
const ISAAC = '00ub0oNGTSWTBKOLGLNR';

interface Seeded {
  uuid: string;
  eventType: string;
  published: string;
  outcome: string;
  network: string | null;
}

async function userEvents(userId: string): Promise<Json[]> {
  const since = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const filter = `target.id eq "${userId}" or actor.id eq "${userId}"`;
  const response = await api.get<Json[]>(`/api/v1/logs?since=${encodeURIComponent(since)}&limit=1000&filter=${encodeURIComponent(filter)}`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('control API scenarios', () => {
  it('attack: earlier office sign-ins, a denied-push burst from an anonymizer, a report, a sign-in from a new country', async () => {
    const response = await api.post<{ scenario: string; userId: string; events: Seeded[] }>('/sandbox/v1/scenarios/attack', { userId: 'isaac@example.org' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ scenario: 'attack', userId: ISAAC });
    const seeded = response.body.events;
    const types = seeded.map((event) => event.eventType);
    expect(types.filter((type) => type === 'user.session.start')).toHaveLength(4);
    expect(types.filter((type) => type === 'system.push.send_factor_verify_push')).toHaveLength(5);
    expect(seeded.filter((event) => event.eventType === 'user.authentication.auth_via_mfa' && event.outcome === 'FAILURE')).toHaveLength(5);
    expect(types).toContain('user.account.report_suspicious_activity_by_enduser');

    const logged = await userEvents(ISAAC);
    const byUuid = new Map(logged.map((event) => [String(event.uuid), event]));
    for (const event of seeded) expect(byUuid.has(event.uuid), event.eventType).toBe(true);
    // Oldest first, as a bounded query answers: the earlier sign-ins come before the attack.
    const published = logged.map((event) => Date.parse(String(event.published)));
    expect([...published].sort((a, b) => a - b)).toEqual(published);

    const denial = byUuid.get(seeded.find((event) => event.eventType === 'user.authentication.auth_via_mfa')!.uuid)!;
    expect(denial).toMatchObject({
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      client: { ipAddress: '203.0.113.77', geographicalContext: { country: 'Netherlands', city: 'Amsterdam' } },
      securityContext: { asNumber: 64511, asOrg: 'Example Anonymizer VPN', isProxy: true },
      debugContext: { debugData: { factor: 'OKTA_VERIFY_PUSH', threatSuspected: 'true' } },
    });
    const report = byUuid.get(seeded.find((event) => event.eventType === 'user.account.report_suspicious_activity_by_enduser')!.uuid)!;
    const lastPush = seeded.filter((event) => event.eventType === 'system.push.send_factor_verify_push').at(-1)!;
    expect((report.debugContext as Json).debugData).toMatchObject({
      suspicious_activity_event_type: 'system.push.send_factor_verify_push',
      suspicious_activity_event_ip: '203.0.113.77',
      suspicious_activity_event_id: lastPush.uuid,
    });
    const newCountry = seeded.filter((event) => event.eventType === 'user.session.start').at(-1)!;
    expect(byUuid.get(newCountry.uuid)).toMatchObject({ outcome: { result: 'SUCCESS' }, client: { geographicalContext: { country: 'Brazil' } }, securityContext: { isProxy: false } });
    const earlier = seeded.filter((event) => event.eventType === 'user.session.start').slice(0, 3);
    for (const event of earlier) expect(byUuid.get(event.uuid)).toMatchObject({ client: { geographicalContext: { country: 'United States' } } });

    // Seeded again: no more earlier sign-ins (the user has some this month now).
    const again = await api.post<{ events: Seeded[] }>('/sandbox/v1/scenarios/attack', { userId: ISAAC });
    expect(again.body.events.filter((event) => event.eventType === 'user.session.start')).toHaveLength(1);
  });

  it('lockout: ten wrong passwords, then user.account.lock; the user is LOCKED_OUT', async () => {
    const dade = (await api.get<Json>('/api/v1/users/dade.murphy@example.org')).body;
    const response = await api.post<{ status: string; events: Seeded[] }>('/sandbox/v1/scenarios/lockout', { userId: dade.id });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('LOCKED_OUT');
    expect(response.body.events.filter((event) => event.eventType === 'user.session.start' && event.outcome === 'FAILURE')).toHaveLength(10);
    expect(response.body.events.at(-1)?.eventType).toBe('user.account.lock');
    const user = (await api.get<Json>(`/api/v1/users/${String(dade.id)}`)).body;
    expect(user.status).toBe('LOCKED_OUT');
    expect(((user._links as Json).unlock as Json).href).toMatch(/lifecycle\/unlock$/);
    // Only an ACTIVE user locks themselves out.
    const twice = await api.post<Json>('/sandbox/v1/scenarios/lockout', { userId: dade.id });
    expect(twice.status).toBe(400);
    expect(twice.body.errorCode).toBe('E0000001');
  });

  it('lockout by pushes: five Okta Verify pushes sent and denied, each a failed MFA verification, then the MFA lock', async () => {
    const active = (await api.get<Json[]>(`/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=60`)).body.filter((user) => !/^(sandbox|isaac)/.test(String((user.profile as Json).login)));
    let userId = '';
    for (const user of active) {
      const factors = (await api.get<Json[]>(`/api/v1/users/${String(user.id)}/factors`)).body;
      if (factors.some((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE')) {
        userId = String(user.id);
        break;
      }
    }
    expect(userId).not.toBe('');
    const response = await api.post<{ status: string; events: Seeded[] }>('/sandbox/v1/scenarios/lockout', { userId, cause: 'push' });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('LOCKED_OUT');
    const seeded = response.body.events;
    // Identity Engine: the send, then the failed verification (Classic's deny_push event is v1 only).
    expect(seeded.map((event) => event.eventType)).toEqual([
      ...Array.from({ length: 5 }, () => ['system.push.send_factor_verify_push', 'user.authentication.auth_via_mfa']).flat(),
      'user.account.lock',
    ]);
    const logged = new Map((await userEvents(userId)).map((event) => [String(event.uuid), event]));
    const denial = logged.get(seeded[1]!.uuid)!;
    expect(denial).toMatchObject({
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      debugContext: { debugData: { factor: 'OKTA_VERIFY_PUSH', push_only_response_type: 'OV_RESPONSE_DENY' } },
      client: { ipAddress: '192.0.2.10' },
    });
    expect((denial.target as Json[]).map((target) => target.type)).toContain('AuthenticatorEnrollment');
    expect(logged.get(seeded.at(-1)!.uuid)).toMatchObject({ outcome: { result: 'SUCCESS', reason: 'MFA_LOCKED_OUT' } });
    // Only a user with Okta Verify can deny pushes.
    const refused = await api.post<Json>('/sandbox/v1/scenarios/lockout', { userId: 'priya.raman@example.org', cause: 'push' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errorCauses)).toContain('no active Okta Verify push');
  });

  it('refuses unknown scenarios, settings and users; needs the admin token', async () => {
    expect((await api.post<Json>('/sandbox/v1/scenarios/heist', { userId: ISAAC })).body.errorCauses).toEqual([{ errorSummary: 'heist: no such scenario; the sandbox has attack, lockout' }]);
    expect((await api.post<Json>('/sandbox/v1/scenarios/attack', {})).status).toBe(400);
    expect((await api.post<Json>('/sandbox/v1/scenarios/attack', { userId: ISAAC, cause: 'mfa' })).status).toBe(400);
    expect((await api.post<Json>('/sandbox/v1/scenarios/lockout', { userId: ISAAC, cause: 'phone' })).status).toBe(400);
    expect((await api.post<Json>('/sandbox/v1/scenarios/attack', { userId: '00uNOBODY00000000000' })).status).toBe(404);
    expect((await sandboxClient(sandbox, sandbox.readOnlyToken).post<Json>('/sandbox/v1/scenarios/attack', { userId: ISAAC })).status).toBe(403);
  });

  it('every request made on this computer is logged from the office network; unknown addresses have no geography', async () => {
    const isaac = await api.get<Json[]>(`/api/v1/users/${ISAAC}/factors`);
    const sms = isaac.body.find((factor) => factor.factorType === 'sms')!;
    await api.post(`/api/v1/users/${ISAAC}/factors/${String(sms.id)}/verify`);
    const events = (await userEvents(ISAAC)).filter((event) => event.eventType === 'system.sms.send_factor_verify_message');
    expect(events[0]).toMatchObject({ client: { ipAddress: '127.0.0.1', geographicalContext: { country: 'United States' } }, securityContext: { asNumber: 64496, isProxy: false } });

    const anonymous = sandboxClient(sandbox, null);
    for (const address of ['203.0.113.200', '198.51.100.23']) {
      const refused = await anonymous.post<Json>('/api/v1/authn', { username: 'isaac@example.org', password: 'not it' }, { 'x-forwarded-for': address });
      expect(refused.status).toBe(401);
    }
    const signIns = (await userEvents(ISAAC)).filter((event) => event.eventType === 'user.session.start' && (event.outcome as Json).result === 'FAILURE');
    expect(signIns.at(-2)).toMatchObject({ client: { ipAddress: '203.0.113.200', geographicalContext: null }, securityContext: { asNumber: null, isProxy: null } });
    expect(signIns.at(-1)).toMatchObject({ client: { ipAddress: '198.51.100.23', geographicalContext: { country: 'Brazil' } }, securityContext: { asNumber: 64500 } });
  });
});

describe('control API scenarios in a Classic org', () => {
  const classic = sandboxPerFile({ users: 30, seed: 'scenarios-classic', engine: 'classic' });
  const classicApi = sandboxClient(classic);

  it("lockout by pushes: Classic's v1 API also logs each denial as user.mfa.okta_verify.deny_push", async () => {
    const response = await classicApi.post<{ status: string; events: Seeded[] }>('/sandbox/v1/scenarios/lockout', { userId: ISAAC, cause: 'push' });
    expect(response.status).toBe(200);
    const types = response.body.events.map((event) => event.eventType);
    expect(types.slice(0, 3)).toEqual(['system.push.send_factor_verify_push', 'user.mfa.okta_verify.deny_push', 'user.authentication.auth_via_mfa']);
    expect(types.filter((type) => type === 'user.mfa.okta_verify.deny_push')).toHaveLength(5);
    expect(response.body.events.find((event) => event.eventType === 'user.mfa.okta_verify.deny_push')?.outcome).toBe('DENY');
    expect(types.at(-1)).toBe('user.account.lock');
  });
});
