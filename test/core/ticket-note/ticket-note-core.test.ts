// "Copy ticket note" through the real core and the sandbox org over HTTP: a call with a code check
// (a wrong code first), a test push, a question and an authenticator set up, a reset, the call
// ended and a new one begun. The note says what happened and holds none of the codes, the answer
// or the setup key used along the way.
import { readFile } from 'node:fs/promises';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPath } from '../../../main/core/audit';
import { control, nextEvent } from '../history/support/journey';
import { call, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';

interface OutboxMessage {
  to: string;
  code: string | null;
}
interface PendingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

let sandbox: SharedSandbox;
let harness: CoreHarness;
let isaacId: string;
/** Everything typed, read out or shown once during the call: none of it may be in a note. */
const secrets: string[] = [];

beforeAll(async () => {
  sandbox = await shareSandbox(20);
  harness = await makeCore({ sandbox });
  await call(harness.core, 'connectSandbox', {});
  isaacId = (await call(harness.core, 'searchUsers', { query: 'isaac@example.org' })).users[0]?.id ?? '';
  secrets.push(sandbox.token, '+1-555-415-1337', '5554151337');
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

async function factorOf(type: string): Promise<string> {
  const { factors } = await call(harness.core, 'listFactors', { userId: isaacId });
  const factor = factors.find((each) => each.factorType === type);
  if (!factor) throw new Error(`Isaac has no ${type} factor`);
  return factor.id;
}

const note = (timeZone = 'Europe/Berlin') => call(harness.core, 'getTicketNote', { userId: isaacId, timeZone });

describe('the ticket note of a call', () => {
  it('before anything is done: the agent, the caller, nothing yet', async () => {
    const empty = await note();
    expect(empty).toMatchObject({ userId: isaacId, actionCount: 0, callStartedAt: null, callEndedAt: null, timeZone: 'Europe/Berlin' });
    expect(empty.text).toContain('MFA help desk call: Isaac Brock');
    expect(empty.text).toContain(`Caller: Isaac Brock (isaac@example.org, Okta user ${isaacId})`);
    expect(empty.text).toContain('Agent: test-agent\n');
    expect(empty.text).toContain('- Nothing recorded in FactorDesk for this call yet.');
  });

  it('after checks, enrollments and a reset: each in order, in local time, with no code, answer or setup key', async () => {
    const sms = await factorOf('sms');
    await call(harness.core, 'startVerify', { userId: isaacId, factorId: sms });
    const [message] = (await control<OutboxMessage[]>(sandbox, 'GET', '/sandbox/v1/outbox')).filter((each) => each.code).slice(-1);
    const code = message?.code ?? '';
    secrets.push(code);
    const wrong = code === '111111' ? '222222' : '111111';
    secrets.push(wrong);
    await expect(call(harness.core, 'checkVerification', { userId: isaacId, factorId: sms, passCode: wrong })).rejects.toMatchObject({ data: { code: 'WRONG_CODE' } });
    await call(harness.core, 'checkVerification', { userId: isaacId, factorId: sms, passCode: code });

    const push = await factorOf('push');
    const started = await call(harness.core, 'startVerify', { userId: isaacId, factorId: push, useNumberMatching: true });
    if (started.kind !== 'push') throw new Error(started.kind);
    const [waiting] = await control<PendingPush[]>(sandbox, 'GET', `/sandbox/v1/users/${isaacId}/pushes`);
    await control(sandbox, 'POST', `/sandbox/v1/pushes/${waiting?.transactionId}/approve`, { answer: waiting?.correctAnswer });
    await nextEvent(harness.events, 'pushVerifyStatus', (event) => event.watchId === started.watchId && event.state === 'SUCCESS');

    const [question] = await call(harness.core, 'listSecurityQuestions', { userId: isaacId });
    const answer = 'purple elephant on a bicycle';
    secrets.push(answer);
    await call(harness.core, 'enrollFactor', { userId: isaacId, request: { factorType: 'question', question: question?.key ?? '', answer } });

    const totp = await call(harness.core, 'enrollFactor', { userId: isaacId, request: { factorType: 'token:software:totp', provider: 'GOOGLE' } });
    if (totp.kind !== 'totp_activation') throw new Error(totp.kind);
    const { now } = await control<{ now: string }>(sandbox, 'GET', '/sandbox/v1/clock');
    const totpCode = generateSync({ secret: totp.sharedSecret, epoch: Math.floor(Date.parse(now) / 1000) });
    secrets.push(totp.sharedSecret, totpCode, totp.otpauthUri);
    await call(harness.core, 'activateFactor', { userId: isaacId, factorId: totp.factor.id, passCode: totpCode });

    await call(harness.core, 'resetFactor', { userId: isaacId, factorId: sms, callerVerification: { method: 'recent_check' } });

    const written = await note();
    const lines = written.text.split('\n');
    expect(written.actionCount).toBe(5);
    expect(written.callStartedAt).not.toBeNull();
    expect(lines[2]).toMatch(/^When: \d{1,2} \w{3} \d{4}, \d{2}:\d{2}(–\d{2}:\d{2})? CES?T$/);
    expect(written.text).toMatch(/How verified: test push approved on Okta Verify \(push\) on 'Isaac iPhone' at \d{2}:\d{2} CES?T/);
    const done = lines.slice(lines.indexOf('What was done:') + 1).filter((line) => line.startsWith('- '));
    expect(done.map((line) => line.replace(/^- \d{2}:\d{2} CES?T {2}/, ''))).toEqual([
      "Checked the caller's SMS code (sent to +1•••1337): wrong code, then correct (caller verified)",
      "Test push sent to Okta Verify (push) on 'Isaac iPhone' with number matching: approved by the caller after " + done[1]?.match(/after (\d+) s/)?.[1] + ' s (caller verified)',
      'Enrolled Security question: active',
      'Enrolled Google Authenticator: activated',
      expect.stringMatching(/^Reset SMS \(\+1•••1337\); caller verified by test push at \d{2}:\d{2} CES?T$/),
    ]);
    for (const secret of secrets) expect(written.text, `the note holds ${secret}`).not.toContain(secret);
    // The times are the agent's zone's: another zone, other words.
    expect((await note('America/New_York')).text).toMatch(/When: .* E[DS]T/);

    // The journal, which the note is made from, has none of them either.
    const journal = await readFile(journalPath(harness.dataDir), 'utf8');
    for (const secret of secrets) expect(journal).not.toContain(secret);
  });

  it('"End call" closes the call: its note is still there, and the next action begins a new one', async () => {
    const status = await call(harness.core, 'endCall', { userId: isaacId });
    expect(status.callEndedAt).not.toBeNull();
    const ended = await note();
    expect(ended.callEndedAt).toBe(status.callEndedAt);
    expect(ended.text).toMatch(/When: .* \(call ended\)/);
    expect(ended.text).toMatch(/- \d{2}:\d{2} CES?T {2}Call ended: the caller's passed check no longer counts\n/);
    expect(ended.actionCount).toBe(6);

    const push = await factorOf('push');
    const started = await call(harness.core, 'startVerify', { userId: isaacId, factorId: push, useNumberMatching: true });
    if (started.kind !== 'push') throw new Error(started.kind);
    await call(harness.core, 'cancelWatch', { watchId: started.watchId });
    await nextEvent(harness.events, 'pushVerifyStatus', (event) => event.watchId === started.watchId && event.state === 'CANCELLED');
    const next = await note();
    expect(next).toMatchObject({ actionCount: 1, callEndedAt: null });
    expect(next.text).toMatch(/- \d{2}:\d{2} CES?T {2}Test push sent to Okta Verify \(push\) on 'Isaac iPhone' with number matching: cancelled by the agent before the caller answered\n/);
    expect(next.text).toContain('How verified: no check passed (a test push cancelled before the caller answered at');
  });

  it('a new session of FactorDesk begins a new call', async () => {
    await harness.restart();
    await call(harness.core, 'connectSandbox', {});
    const fresh = await note();
    expect(fresh.actionCount).toBe(0);
  });
});
