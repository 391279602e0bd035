// Watching for the caller's re-enrollment after a reset: the factor list is followed, each new
// enrollment is reported once (Okta Verify's push, codes and FastPass together) with when, on which
// device and from where (the System Log's activation event), flagged when it comes from a country the
// user's own sign-ins and enrollments never came from, or through an anonymizing proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope, ReenrollmentStatusEvent } from '../../../contract';
import { DADE_LOGIN, ISAAC_LOGIN } from '../../../sandbox/directory/generate';
import { call, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { orgApi, userIdOf } from './support/recovery-org';

let sandbox: SharedSandbox;
let harness: CoreHarness;
let api: ReturnType<typeof orgApi>;
const manual = { method: 'in_person', ticket: 'INC-5' } as const;
const HOME = { country: 'United States', city: 'Seattle', state: 'Washington', ipAddress: '198.51.100.20', isProxy: false, asOrg: 'Comcast' };
const AWAY = { country: 'Romania', city: 'Bucharest', ipAddress: '203.0.113.66', isProxy: true, asOrg: 'Anonymous VPN Ltd' };

beforeAll(async () => {
  sandbox = await shareSandbox(20);
  api = orgApi(sandbox);
  harness = await makeCore({ sandbox, recovery: { pollSchedule: { intervalMs: () => 100 } } });
  await call(harness.core, 'connectSandbox', {});
});
afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

/** Okta Verify enrolled through the console, and the caller's phone scanning the QR code from `location`. */
async function enrollOktaVerify(userId: string, device: string, location: Record<string, unknown>): Promise<void> {
  const enrolled = await call(harness.core, 'enrollFactor', { userId, request: { factorType: 'push' } });
  if (enrolled.kind !== 'push_activation') throw new Error('not a push activation');
  const scanned = await api('POST', `/sandbox/v1/users/${userId}/factors/${enrolled.activation.factorId}/scan`, { name: device, platform: 'ANDROID', version: '15', location });
  expect(scanned.status).toBe(200);
  await call(harness.core, 'cancelWatch', { watchId: enrolled.activation.watchId });
}

async function resetAll(userId: string, login: string): Promise<string> {
  const { factors } = await call(harness.core, 'listFactors', { userId });
  if (factors.length === 0) return new Date().toISOString();
  return (await call(harness.core, 'resetAllFactors', { userId, confirmLogin: login, callerVerification: manual, signOutEverywhere: true })).resetAt;
}

function reenrollmentEvents(watchId: string): ReenrollmentStatusEvent[] {
  return harness.events
    .filter((event): event is EventEnvelope<'reenrollmentStatus'> => event.name === 'reenrollmentStatus')
    .map((event) => event.payload)
    .filter((payload) => payload.watchId === watchId);
}

async function nextReenrollment(watchId: string, state: ReenrollmentStatusEvent['state'] = 'ENROLLED'): Promise<ReenrollmentStatusEvent> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = reenrollmentEvents(watchId).find((payload) => payload.state === state);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${state} event for ${watchId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the re-enrollment watch', () => {
  it('says when the caller enrolled Okta Verify again, on which phone, and flags a new country and an anonymizing proxy', async () => {
    const isaac = await userIdOf(sandbox, ISAAC_LOGIN);
    // Isaac's history: his own enrollment from home.
    await resetAll(isaac, ISAAC_LOGIN);
    await enrollOktaVerify(isaac, "Isaac's Pixel 7", HOME);

    const resetAt = await resetAll(isaac, ISAAC_LOGIN);
    const watch = await call(harness.core, 'watchReenrollment', { userId: isaac, since: resetAt });
    expect(Date.parse(watch.until) - Date.now()).toBeGreaterThan(29 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.events.filter((event) => event.name === 'reenrollmentStatus')).toEqual([]);

    await enrollOktaVerify(isaac, 'Pixel 8', AWAY);
    const seen = await nextReenrollment(watch.watchId);
    const enrollment = seen.enrollment;
    expect(enrollment).toMatchObject({
      label: 'Okta Verify',
      deviceName: 'Pixel 8',
      place: { country: 'Romania', city: 'Bucharest', ipAddress: '203.0.113.66', isProxy: true, network: 'Anonymous VPN Ltd' },
      flags: [
        { kind: 'new_country', country: 'Romania', knownCountries: ['United States'] },
        { kind: 'proxy', network: 'Anonymous VPN Ltd' },
      ],
    });
    // One report for the whole Okta Verify enrollment: push, its codes and FastPass.
    expect(enrollment?.factors.map((factor) => factor.factorType).sort()).toEqual(['push', 'signed_nonce', 'token:software:totp']);
    expect(Math.abs(Date.parse(enrollment?.enrolledAt ?? '') - Date.now())).toBeLessThan(30_000);

    await call(harness.core, 'stopReenrollmentWatch', { watchId: watch.watchId });
    expect(await nextReenrollment(watch.watchId, 'STOPPED')).toMatchObject({ reason: 'cancelled' });
    expect(reenrollmentEvents(watch.watchId).filter((payload) => payload.state === 'ENROLLED')).toHaveLength(1);
  });

  it('raises no flag for an enrollment from where the user usually is, and says when it cannot tell where one came from', async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    await enrollOktaVerify(dade, "Dade's phone", HOME);
    const resetAt = await resetAll(dade, DADE_LOGIN);
    await call(harness.core, 'enrollFactor', { userId: dade, request: { factorType: 'question', question: 'disliked_food', answer: 'brussels sprouts' } });
    const watch = await call(harness.core, 'watchReenrollment', { userId: dade, since: resetAt });
    // The security question was enrolled after the reset (from here: FactorDesk's own request, no place known).
    const question = await nextReenrollment(watch.watchId);
    expect(question.enrollment).toMatchObject({ label: 'Security question', flags: [{ kind: 'place_unknown' }] });

    await enrollOktaVerify(dade, 'Pixel 8a', { ...HOME, city: 'Tacoma' });
    const deadline = Date.now() + 10_000;
    let oktaVerify: ReenrollmentStatusEvent | undefined;
    while (!oktaVerify && Date.now() < deadline) {
      oktaVerify = reenrollmentEvents(watch.watchId).find((payload) => payload.enrollment?.label === 'Okta Verify');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(oktaVerify?.enrollment).toMatchObject({ deviceName: 'Pixel 8a', place: { country: 'United States', city: 'Tacoma', isProxy: false }, flags: [] });
    await call(harness.core, 'stopReenrollmentWatch', { watchId: watch.watchId });
  });
});
