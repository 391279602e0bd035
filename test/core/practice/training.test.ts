// Training calls through the real core and the sandbox org over HTTP: each scenario sets up a fresh
// caller through the control API, the test plays trainee (through the bridge) and caller (through
// the sandbox's control API), and the debrief read from the journal says what went right and wrong.
// No code, answer or secret may be in a debrief or its export; real orgs get nothing.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebriefCheck, FactorSummary, MethodName, TrainingCall, TrainingDebrief } from '../../../contract';
import { OktaClient } from '../../../main/core/okta';
import type { CreateOktaClient } from '../../../main/core/orgs/connection-registry';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';
import { control, nextEvent } from '../history/support/journey';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';

interface OutboxMessage {
  to: string;
  code: string | null;
}
interface PendingPush {
  transactionId: string;
  correctAnswer: number | null;
}

const ACME = 'https://acme.okta.com';
let sandbox: SharedSandbox;
let harness: CoreHarness;
let recorder: RequestRecorder;
/** Everything said or typed along the way that is secret: none of it may be in a debrief. */
const secrets: string[] = [];

beforeAll(async () => {
  sandbox = await shareSandbox(20);
  recorder = recordRequestsTo(Number(new URL(sandbox.url).port));
  const createClient: CreateOktaClient = (options) => new OktaClient({ ...options, orgUrl: options.orgUrl === ACME ? sandbox.url : options.orgUrl });
  harness = await makeCore({ sandbox, createClient });
  await call(harness.core, 'connectSandbox', {});
  secrets.push(sandbox.token, 'Mister Biscuit');
});

afterAll(async () => {
  recorder.stop();
  await harness?.close();
  await sandbox?.close();
});

const core = () => harness.core;
const factorsOf = async (userId: string): Promise<FactorSummary[]> => (await call(core(), 'listFactors', { userId })).factors;
async function factor(userId: string, type: string): Promise<string> {
  const found = (await factorsOf(userId)).find((each) => each.factorType === type && each.status === 'ACTIVE');
  if (!found) throw new Error(`no active ${type}`);
  return found.id;
}
const checkOf = (debrief: TrainingDebrief, id: string): DebriefCheck | undefined => debrief.checks.find((each) => each.id === id);
const results = (debrief: TrainingDebrief): Record<string, string> => Object.fromEntries(debrief.checks.map((each) => [each.id, each.result]));
const end = (callId: string, escalatedToSecurity = false) => call(core(), 'endTrainingCall', { callId, escalatedToSecurity, timeZone: 'Europe/Berlin' });

/** The caller answers a test push on their phone: approve with the right number, or deny. */
async function testPush(userId: string, decision: 'approve' | 'deny'): Promise<void> {
  const started = await call(core(), 'startVerify', { userId, factorId: await factor(userId, 'push') });
  if (started.kind !== 'push') throw new Error(started.kind);
  const waiting = (await control<PendingPush[]>(sandbox, 'GET', `/sandbox/v1/users/${userId}/pushes`)).at(-1);
  await control(sandbox, 'POST', `/sandbox/v1/pushes/${waiting?.transactionId}/${decision}`, decision === 'approve' ? { answer: waiting?.correctAnswer } : {});
  await nextEvent(harness.events, 'pushVerifyStatus', (event) => event.watchId === started.watchId && event.state === (decision === 'approve' ? 'SUCCESS' : 'REJECTED'));
}

async function latestCodeTo(number: string): Promise<string> {
  const message = (await control<OutboxMessage[]>(sandbox, 'GET', '/sandbox/v1/outbox')).filter((each) => each.code && each.to.replace(/\D/g, '').endsWith(number.replace(/\D/g, ''))).at(-1);
  if (!message?.code) throw new Error(`no code sent to ${number}`);
  secrets.push(message.code);
  return message.code;
}

async function expectNoSecrets(debrief: TrainingDebrief): Promise<void> {
  const files = [JSON.stringify(debrief)];
  for (const format of ['markdown', 'json'] as const) files.push((await call(core(), 'exportTrainingDebrief', { callId: debrief.callId, format })).content);
  const dir = join(harness.dataDir, 'training');
  for (const name of await readdir(dir)) files.push(await readFile(join(dir, name), 'utf8'));
  for (const text of files) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('training calls in the sandbox org', () => {
  it('lists the six scenarios', async () => {
    const scenarios = await call(core(), 'listTrainingScenarios', {});
    expect(scenarios.map((scenario) => scenario.title)).toEqual([
      'Lost my phone',
      'New phone, move Okta Verify',
      'Locked out after too many pushes',
      'Caller who cannot pass verification',
      'MFA fatigue attack in progress',
      'SMS only, number changed',
    ]);
  });

  it('"Lost my phone", played right: question, lost Okta Verify reset with a sign-out, ticket noted — every check passes', async () => {
    const started: TrainingCall = await call(core(), 'startTrainingCall', { scenarioId: 'lost-phone' });
    expect(started).toMatchObject({ title: 'Lost my phone', ticket: expect.stringMatching(/^INC-\d{6}$/), phone: 'lost', caller: { displayName: 'Maya Chen', status: 'ACTIVE' } });
    expect(await call(core(), 'getTrainingCall', {})).toMatchObject({ callId: started.callId });
    const userId = started.caller.id;
    expect((await factorsOf(userId)).map((each) => each.factorType).sort()).toEqual(['push', 'question', 'signed_nonce', 'token:software:totp']);
    await call(core(), 'checkVerification', { userId, factorId: await factor(userId, 'question'), answer: 'Mister Biscuit' });
    await call(core(), 'resetFactor', { userId, factorId: await factor(userId, 'push'), callerVerification: { method: 'recent_check' }, signOutEverywhere: true });
    await call(core(), 'getTicketNote', { userId });
    const debrief = await end(started.callId);
    expect(results(debrief)).toEqual({ verified_before_reset: 'pass', old_device_removed: 'pass', sessions_sealed: 'pass', ticket_noted: 'pass' });
    expect(debrief.passed).toBe(true);
    expect(checkOf(debrief, 'verified_before_reset')?.why).toMatch(/^Reset Okta Verify \(push\) at \d{2}:\d{2}:\d{2} CES?T followed a code check on Security question at \d{2}:\d{2}:\d{2} CES?T\.$/);
    expect(debrief.actions.map((action) => action.summary)).toEqual([
      'Code check on Security question: success',
      'Reset Okta Verify (push): success',
      'Signed out everywhere: success',
    ]);
    expect(await call(core(), 'getTrainingCall', {})).toBeNull();
    await expectNoSecrets(debrief);
    const markdown = (await call(core(), 'exportTrainingDebrief', { callId: started.callId, format: 'markdown' })).content;
    expect(markdown).toContain('# Training call debrief: Lost my phone');
    expect(markdown).toContain(`- **Ticket:** ${started.ticket}`);
    expect(markdown).toMatch(/\| Signed out everywhere after each reset \| Pass \| Sessions and app tokens were ended at/);
    // Ended once: not again.
    expect((await callError(core(), 'endTrainingCall', { callId: started.callId })).code).toBe('NOT_FOUND');
  });

  it('"Caller who cannot pass verification": pushes denied, then a reset on a manager callback — the debrief says it was wrong', async () => {
    const started = await call(core(), 'startTrainingCall', { scenarioId: 'failed-verification' });
    expect(started.phone).toBe('owner-denies');
    const userId = started.caller.id;
    await testPush(userId, 'deny');
    // The console asks for a verification after a failed check: the trainee records one by hand and resets.
    await call(core(), 'resetFactor', { userId, factorId: await factor(userId, 'push'), callerVerification: { method: 'manager_callback', ticket: started.ticket } });
    const debrief = await end(started.callId);
    expect(debrief.passed).toBe(false);
    expect(results(debrief)).toEqual({ verified_before_reset: 'fail', no_reset: 'fail', no_tac: 'pass', no_enrollment: 'pass', sessions_sealed: 'fail', ticket_noted: 'fail' });
    expect(checkOf(debrief, 'no_reset')?.why).toMatch(/^Reset Okta Verify \(push\) at \d{2}:\d{2}:\d{2} CES?T \(success\): wrong in this call, because the caller never passed a check/);
    expect(checkOf(debrief, 'verified_before_reset')?.why).toMatch(/relied on a manager callback recorded after Okta Verify \(push\) was denied at \d{2}:\d{2}:\d{2}/);
    expect(checkOf(debrief, 'ticket_noted')?.why).toContain(`No ticket note was copied for ${started.ticket}`);
    await expectNoSecrets(debrief);
  });

  it('"Caller who cannot pass verification", held: a wrong code, no reset, ticket noted — passes', async () => {
    const started = await call(core(), 'startTrainingCall', { scenarioId: 'failed-verification' });
    const userId = started.caller.id;
    const sms = await factor(userId, 'sms');
    await call(core(), 'startVerify', { userId, factorId: sms });
    const real = await latestCodeTo('+15550142204');
    const wrong = real.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
    expect((await callError(core(), 'checkVerification', { userId, factorId: sms, passCode: wrong })).code).toBe('WRONG_CODE');
    await call(core(), 'getTicketNote', { userId });
    const debrief = await end(started.callId);
    expect(results(debrief)).toEqual({ verified_before_reset: 'not_applicable', no_reset: 'pass', no_tac: 'pass', no_enrollment: 'pass', sessions_sealed: 'not_applicable', ticket_noted: 'pass' });
    expect(debrief.passed).toBe(true);
    await expectNoSecrets(debrief);
  });

  it('"SMS only, number changed": a call back to the old number is no verification; the new number enrolled and activated', async () => {
    const started = await call(core(), 'startTrainingCall', { scenarioId: 'sms-number-changed' });
    const userId = started.caller.id;
    await call(core(), 'resetFactor', { userId, factorId: await factor(userId, 'sms'), callerVerification: { method: 'known_callback', ticket: started.ticket }, signOutEverywhere: true });
    const enrolled = await call(core(), 'enrollFactor', { userId, request: { factorType: 'sms', phoneNumber: '+15550192288' } });
    const code = await latestCodeTo('+15550192288');
    await call(core(), 'activateFactor', { userId, factorId: enrolled.factor.id, passCode: code });
    await call(core(), 'getTicketNote', { userId });
    const debrief = await end(started.callId);
    expect(results(debrief)).toEqual({ verified_before_reset: 'fail', old_factor_removed: 'pass', new_factor_enrolled: 'pass', sessions_sealed: 'pass', ticket_noted: 'pass' });
    expect(checkOf(debrief, 'verified_before_reset')?.why).toContain('the number on record is the old one Carlos no longer has');
    expect(debrief.actions.find((action) => action.action === 'enroll')?.summary).toBe('Enrolled SMS to +1•••2288: waiting for activation');
    await expectNoSecrets(debrief);
  });

  it('"Locked out after too many pushes": the caller is LOCKED_OUT with the lock in the System Log; verified and unlocked, no reset — passes', async () => {
    const started = await call(core(), 'startTrainingCall', { scenarioId: 'push-lockout' });
    expect(started.caller).toMatchObject({ displayName: 'Lena Novak', status: 'LOCKED_OUT' });
    const userId = started.caller.id;
    // Locked by the pushes she denied, as the console's lock reason says.
    const lockout = await call(core(), 'getLockout', { userId });
    expect(lockout).toMatchObject({ locked: true, cause: 'push', failedAttempts: 5 });
    expect(lockout.reason).toMatch(/ after 5 denied Okta Verify pushes /);
    expect(started.script.map((line) => line.says).join(' ')).toMatch(/No, it's not me/);
    await testPush(userId, 'approve');
    await call(core(), 'unlockUser', { userId });
    await call(core(), 'getTicketNote', { userId });
    const debrief = await end(started.callId);
    expect(results(debrief)).toEqual({ caller_verified: 'pass', verified_before_reset: 'pass', no_reset: 'pass', no_tac: 'pass', unlocked: 'pass', sessions_sealed: 'not_applicable', ticket_noted: 'pass' });
    expect(checkOf(debrief, 'verified_before_reset')?.why).toMatch(/^Unlocked the user at \d{2}:\d{2}:\d{2} CES?T followed a pass on Okta Verify \(push\) at/);
  });

  it('"MFA fatigue attack in progress": the attack is in the System Log; a reset instead of signing out is wrong, and not escalating too', async () => {
    const started = await call(core(), 'startTrainingCall', { scenarioId: 'mfa-fatigue' });
    const userId = started.caller.id;
    const risk = await call(core(), 'getRiskCard', { userId });
    expect(JSON.stringify(risk)).toMatch(/fatigue|push/i);
    await testPush(userId, 'approve');
    // The console itself asks for more on a high-risk account: a second verification and a reason.
    expect((await callError(core(), 'resetFactor', { userId, factorId: await factor(userId, 'push'), callerVerification: { method: 'recent_check' } })).message).toContain('signs of attack');
    await call(core(), 'resetFactor', {
      userId,
      factorId: await factor(userId, 'push'),
      callerVerification: { method: 'recent_check' },
      riskAcknowledgement: { secondMethod: 'id_check', reason: 'She says the pushes were hers after all' },
    });
    const debrief = await end(started.callId);
    expect(results(debrief)).toMatchObject({ caller_verified: 'pass', no_reset: 'fail', signed_out: 'fail', sessions_sealed: 'fail', escalated: 'fail', ticket_noted: 'fail' });
    expect(checkOf(debrief, 'no_reset')?.why).toContain('the attacker has the password');
  });

  it('a ticket note copied before the last action does not count', async () => {
    const started = await call(core(), 'startTrainingCall', { scenarioId: 'new-phone' });
    const userId = started.caller.id;
    await call(core(), 'getTicketNote', { userId });
    await testPush(userId, 'approve');
    const debrief = await end(started.callId);
    expect(checkOf(debrief, 'ticket_noted')).toMatchObject({ result: 'fail', why: expect.stringMatching(/before the last action at/) });
    expect(checkOf(debrief, 'old_device_removed')?.result).toBe('fail');
    expect(checkOf(debrief, 'new_factor_enrolled')?.why).toBe('No Okta Verify enrollment was made for the caller.');
  });

  it('for a real org (even one whose address leads to a sandbox) every training call is refused and nothing is sent', async () => {
    const acme = await call(core(), 'saveOrg', { name: 'Acme', url: ACME, method: 'ssws', token: sandbox.token, tokenStorage: 'session' });
    await call(core(), 'selectOrg', { id: acme.id });
    const before = recorder.requests.length;
    const calls: [MethodName, unknown][] = [
      ['listTrainingScenarios', {}],
      ['startTrainingCall', { scenarioId: 'lost-phone' }],
      ['getTrainingCall', {}],
      ['endTrainingCall', { callId: '6f1c1d3e-8f0a-4b7e-9c55-3f7e2b1a9d10' }],
    ];
    for (const [name, input] of calls) expect((await callError(core(), name, input as never)).code, name).toBe('SANDBOX_ONLY');
    expect(recorder.requests.slice(before)).toEqual([]);
    await call(core(), 'connectSandbox', {});
  });
});
