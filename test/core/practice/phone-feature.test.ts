// The caller's phone through the core: the sandbox's control API played from the bridge, over real
// HTTP, and refused for every org that is not the sandbox org FactorDesk started.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, PhoneState } from '../../../contract';
import { OktaClient } from '../../../main/core/okta';
import { sandboxPhoneSchema } from '../../../main/core/practice/sandbox-control-schemas';
import type { CreateOktaClient } from '../../../main/core/orgs/connection-registry';
import { sandboxClient } from '../../sandbox/support/client';
import { filesUnder } from '../../support/files-under';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';

const ISAAC = '00ub0oNGTSWTBKOLGLNR';
const ACME = 'https://acme.okta.com';

let sandbox: SharedSandbox;
let harness: CoreHarness | undefined;
let recorder: RequestRecorder;

beforeAll(async () => {
  sandbox = await shareSandbox(40);
  recorder = recordRequestsTo(Number(new URL(sandbox.url).port));
});
afterAll(async () => {
  recorder.stop();
  await sandbox.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The sandbox's own API, for what the agent's console would do (send a push, enroll) and to look behind the phone. */
async function org<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  return (await sandboxClient(sandbox).call<T>(method, path, body)).body;
}

async function sendPush(userId: string): Promise<{ transactionId: string; correctAnswer: number }> {
  const factors = await org<{ id: string; factorType: string; status: string }[]>('GET', `/api/v1/users/${userId}/factors`);
  const push = factors.find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE');
  await org('POST', `/api/v1/users/${userId}/factors/${push?.id}/verify`, { useNumberMatchingChallenge: true });
  const waiting = await org<{ transactionId: string; correctAnswer: number }[]>('GET', `/sandbox/v1/users/${userId}/pushes`);
  const latest = waiting.at(-1);
  if (!latest) throw new Error('no push waiting');
  return latest;
}

/** A core with the sandbox org connected (its API token fast path), as "Use the sandbox org" leaves it. */
async function sandboxCore(options: { openPhoneWindow?: (userId: string) => Promise<boolean>; createClient?: CreateOktaClient } = {}): Promise<CoreHarness> {
  harness = await makeCore({ sandbox, ...options });
  await call(harness.core, 'connectSandbox', {});
  return harness;
}

describe("the caller's phone in the sandbox org", () => {
  it("shows a test push with three numbers, never saying which is right; the right one approves, a wrong one rejects", async () => {
    const { core } = await sandboxCore();
    const first = await sendPush(ISAAC);
    const phone = await call(core, 'getPhone', { userId: ISAAC });
    expect(phone).toMatchObject({ userId: ISAAC, displayName: 'Isaac Brock', firstName: 'Isaac' });
    const shown = phone.pushes.find((push) => push.transactionId === first.transactionId);
    expect(shown).toMatchObject({ deviceName: 'Isaac iPhone' });
    expect(shown?.numberChoices).toHaveLength(3);
    expect(shown?.numberChoices).toContain(first.correctAnswer);
    expect(JSON.stringify(phone)).not.toContain('correctAnswer');

    const approved = await call(core, 'answerPhonePush', { userId: ISAAC, transactionId: first.transactionId, decision: 'approve', answer: first.correctAnswer });
    expect(approved.factorResult).toBe('SUCCESS');
    expect(approved.phone.pushes.map((push) => push.transactionId)).not.toContain(first.transactionId);

    const second = await sendPush(ISAAC);
    const choices = (await call(core, 'getPhone', { userId: ISAAC })).pushes.find((push) => push.transactionId === second.transactionId)?.numberChoices ?? [];
    const wrong = choices.find((number) => number !== second.correctAnswer) as number;
    // A number the phone does not show, or none, is not an answer.
    const notShown = [...Array(90).keys()].map((n) => n + 10).find((n) => !choices.includes(n)) as number;
    expect((await callError(core, 'answerPhonePush', { userId: ISAAC, transactionId: second.transactionId, decision: 'approve', answer: notShown })).code).toBe('INVALID_INPUT');
    expect((await callError(core, 'answerPhonePush', { userId: ISAAC, transactionId: second.transactionId, decision: 'approve' })).code).toBe('INVALID_INPUT');
    expect((await call(core, 'answerPhonePush', { userId: ISAAC, transactionId: second.transactionId, decision: 'approve', answer: wrong })).factorResult).toBe('REJECTED');
    // Answered: it is no longer on the phone.
    const again = await callError(core, 'answerPhonePush', { userId: ISAAC, transactionId: second.transactionId, decision: 'deny' });
    expect(again).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no longer waiting on this phone') });
  });

  it("answers only the user's own pushes: another user's push id is not on this phone", async () => {
    const { core } = await sandboxCore();
    const zoe = (await org<{ id: string }>('GET', '/api/v1/users/zoe.angstrom@example.org')).id;
    const hers = await sendPush(zoe);
    const error = await callError(core, 'answerPhonePush', { userId: ISAAC, transactionId: hers.transactionId, decision: 'deny' });
    expect(error.code).toBe('NOT_FOUND');
    expect((await org<{ transactionId: string }[]>('GET', `/sandbox/v1/users/${zoe}/pushes`)).map((push) => push.transactionId)).toContain(hers.transactionId);
    expect((await call(core, 'answerPhonePush', { userId: zoe, transactionId: hers.transactionId, decision: 'deny' })).factorResult).toBe('REJECTED');
  });

  it('scans a pending Okta Verify enrollment as the device chosen, and reads the codes of apps and tokens', async () => {
    const { core } = await sandboxCore();
    const dade = (await org<{ id: string }>('GET', '/api/v1/users/dade.murphy@example.org')).id;
    const enrolled = await org<{ id: string }>('POST', `/api/v1/users/${dade}/factors`, { factorType: 'push', provider: 'OKTA' });
    expect((await call(core, 'getPhone', { userId: dade })).activations).toEqual([{ factorId: enrolled.id, expiresAt: expect.any(String) }]);
    const after = await call(core, 'scanPhoneQr', { userId: dade, factorId: enrolled.id, deviceName: 'Dade Pixel', platform: 'ANDROID' });
    expect(after.activations).toEqual([]);
    expect(await org('GET', `/api/v1/users/${dade}/factors/${enrolled.id}`)).toMatchObject({ status: 'ACTIVE', profile: { name: 'Dade Pixel', platform: 'ANDROID', version: '14' } });
    // Identity Engine: the device's Okta Verify TOTP came with it.
    expect(after.codes).toEqual([expect.objectContaining({ name: 'Okta Verify TOTP', deviceName: 'Dade Pixel', passCode: expect.stringMatching(/^\d{6}$/), periodSeconds: 30 })]);
    // Scanning again: the enrollment is not waiting any more.
    expect((await callError(core, 'scanPhoneQr', { userId: dade, factorId: enrolled.id, deviceName: 'Again', platform: 'IOS' })).code).toBe('VALIDATION');

    const jose = (await org<{ id: string }>('GET', '/api/v1/users/jose.alvarez@example.org')).id;
    const codes = (await call(core, 'getPhone', { userId: jose })).codes;
    expect(codes).toEqual([expect.objectContaining({ name: 'RSA SecurID', periodSeconds: 60, pin: expect.any(String), tokenCode: expect.stringMatching(/^\d{6}$/) })]);
    expect(JSON.stringify(codes)).not.toContain('sharedSecret');
  });

  it('says what the caller remembers: the security question and its answer, which verifies them and is written nowhere', async () => {
    const h = await sandboxCore();
    const answer = 'Grandma Rosa';
    const made = await org<{ id: string; factors: { id: string; factorType: string }[] }>('POST', '/sandbox/v1/users', {
      firstName: 'Ruth',
      lastName: 'Okafor',
      login: 'ruth.okafor@example.org',
      status: 'ACTIVE',
      signedInBefore: false,
      factors: [{ factorType: 'question', question: 'name_of_first_plush_toy', answer }, { factorType: 'sms', phoneNumber: '+15550148810' }],
    });
    const factorId = made.factors.find((factor) => factor.factorType === 'question')?.id as string;
    const phone = await call(h.core, 'getPhone', { userId: made.id });
    expect(phone.questions).toEqual([{ factorId, questionText: 'What is the name of your first stuffed animal?', answer }]);
    expect((await call(h.core, 'getPhone', { userId: ISAAC })).questions).toEqual([]);

    // The agent asks it; the caller's answer (read off the phone) verifies them.
    const shown = phone.questions[0]?.answer as string;
    expect(await call(h.core, 'checkVerification', { userId: made.id, factorId, answer: shown })).toMatchObject({ outcome: 'SUCCESS' });
    // Neither the phone nor the check wrote it anywhere: journal, settings, logs.
    const written = await filesUnder(h.dataDir);
    expect(written.length).toBeGreaterThan(0);
    for (const [path, text] of written) expect(text.includes(answer), path).toBe(false);
    expect(JSON.stringify(h.events)).not.toContain(answer);
  });

  it('reads a sandbox from before the phone showed questions as having none, and leaves out a question it cannot show', () => {
    const older = { user: { id: ISAAC, login: 'isaac@example.org', firstName: 'Isaac', displayName: 'Isaac Brock' }, now: '2026-05-01T10:00:00.000Z', clockAheadSeconds: 0, pushes: [], activations: [], messages: [], codes: [] };
    expect(sandboxPhoneSchema.parse(older).questions).toEqual([]);
    const questions = [
      { factorId: 'ufs1', question: 'disliked_food', questionText: 'What is the food you least liked as a child?', answer: 'Peas', status: 'ACTIVE', later: true },
      { factorId: 'ufs2', questionText: '', answer: 'x' },
      'not a question',
    ];
    expect(sandboxPhoneSchema.parse({ ...older, questions }).questions).toEqual([{ factorId: 'ufs1', questionText: 'What is the food you least liked as a child?', answer: 'Peas' }]);
  });

  it("moves the org clock by the phone's steps, and an unknown user moves nothing", async () => {
    const { core } = await sandboxCore();
    const before = await call(core, 'getPhone', { userId: ISAAC });
    const missing = await callError(core, 'advancePhoneClock', { userId: '00uNoSuchUser0000000', minutes: 10 });
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('00uNoSuchUser0000000') });
    expect((await call(core, 'getPhone', { userId: ISAAC })).clockAheadSeconds).toBeLessThan(before.clockAheadSeconds + 60);
    const pending = await sendPush(ISAAC);
    const later = await call(core, 'advancePhoneClock', { userId: ISAAC, minutes: 5 });
    expect(later.clockAheadSeconds).toBeGreaterThanOrEqual(before.clockAheadSeconds + 299);
    // Five minutes is a push's whole life: it timed out and left the phone.
    expect(later.pushes.map((push) => push.transactionId)).not.toContain(pending.transactionId);
    expect((await callError(core, 'advancePhoneClock', { userId: ISAAC, minutes: 0 })).code).toBe('INVALID_INPUT');
  });

  it('keeps the sandbox admin token out of every answer and error', async () => {
    const { core } = await sandboxCore();
    const answers: unknown[] = [
      await core.dispatch('getPhone', { userId: ISAAC }, { clientId: 't' }),
      await core.dispatch('getPhone', { userId: '00uNoSuchUser0000000' }, { clientId: 't' }),
      await core.dispatch('scanPhoneQr', { userId: ISAAC, factorId: 'opfNoSuchFactor00000', deviceName: 'x', platform: 'IOS' }, { clientId: 't' }),
      await core.dispatch('answerPhonePush', { userId: ISAAC, transactionId: 'v2mst.nothing', decision: 'deny' }, { clientId: 't' }),
    ];
    expect(JSON.stringify(answers)).not.toContain(sandbox.token);
  });

  it('opens the phone in a window of its own where the app has windows, and says so where it has none', async () => {
    const opened: string[] = [];
    const desktop = await sandboxCore({ openPhoneWindow: async (userId) => (opened.push(userId), true) });
    expect(await call(desktop.core, 'detachPhone', { userId: ISAAC })).toEqual({ detached: true });
    expect(opened).toEqual([ISAAC]);
    expect((await callError(desktop.core, 'detachPhone', { userId: '00uNoSuchUser0000000' })).code).toBe('NOT_FOUND');
    expect(opened).toEqual([ISAAC]);
    await desktop.close();
    harness = undefined;
    const shell = await sandboxCore();
    expect(await call(shell.core, 'detachPhone', { userId: ISAAC })).toEqual({ detached: false });
  });
});

describe("the caller's phone is refused for every org that is not the sandbox org", () => {
  const phoneCalls: { [K in MethodName]?: MethodInput<K> } = {
    getPhone: { userId: ISAAC },
    answerPhonePush: { userId: ISAAC, transactionId: 'v2mst.GldKV5VxTrifyeZmWSQguA', decision: 'deny' },
    scanPhoneQr: { userId: ISAAC, factorId: 'opfh52xcuft3J4uZc0g3', deviceName: 'Phone', platform: 'IOS' },
    advancePhoneClock: { userId: ISAAC, minutes: 10 },
    detachPhone: { userId: ISAAC },
  };

  async function expectEveryPhoneCallRefused(h: CoreHarness, code: string, message: RegExp): Promise<void> {
    const before = recorder.requests.length;
    for (const [name, input] of Object.entries(phoneCalls)) {
      const error = await callError(h.core, name as MethodName, input as never);
      expect(error, name).toMatchObject({ code, message: expect.stringMatching(message), action: expect.any(String) });
    }
    // Nothing reached the sandbox's control API (nor anything else of it) for them.
    expect(recorder.requests.slice(before).map((request) => `${request.method} ${request.url}`)).toEqual([]);
  }

  it('a real org — even one whose address leads to a sandbox, connected with its admin API token — has no phone', async () => {
    const opened: string[] = [];
    // Acme's client goes to the sandbox: the org works (search answers), yet it is no sandbox org.
    const createClient: CreateOktaClient = (options) => new OktaClient({ ...options, orgUrl: options.orgUrl === ACME ? sandbox.url : options.orgUrl });
    const h = await sandboxCore({ createClient, openPhoneWindow: async (userId) => (opened.push(userId), true) });
    const acme = await call(h.core, 'saveOrg', { name: 'Acme', url: ACME, method: 'ssws', token: sandbox.token, tokenStorage: 'session' });
    await call(h.core, 'selectOrg', { id: acme.id });
    expect((await call(h.core, 'searchUsers', { query: 'isaac@example.org' })).users.map((user) => user.id)).toEqual([ISAAC]);
    await expectEveryPhoneCallRefused(h, 'SANDBOX_ONLY', /Acme is a real Okta org/);
    expect(opened).toEqual([]);
    // Back in the sandbox org, the same calls work.
    await call(h.core, 'connectSandbox', {});
    expect((await call(h.core, 'getPhone', { userId: ISAAC })).userId).toBe(ISAAC);
  });

  it('no org selected: no phone', async () => {
    harness = await makeCore({ sandbox });
    await expectEveryPhoneCallRefused(harness, 'SANDBOX_ONLY', /No org is selected/);
  });

  it('the sandbox org of an earlier run, when no sandbox is running: no phone (not connected), and nothing is sent to the old address', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-phone-'));
    try {
      const first = await makeCore({ dataDir, sandbox });
      await call(first.core, 'connectSandbox', {});
      const phone: PhoneState = await call(first.core, 'getPhone', { userId: ISAAC });
      expect(phone.userId).toBe(ISAAC);
      await first.close();
      // The next launch cannot start a sandbox: the saved sandbox org stays selected but is not running.
      harness = await makeCore({ dataDir, sandbox: { ...sandbox, start: () => Promise.reject(new Error('no sandbox this time')) } });
      expect((await call(harness.core, 'listOrgs', {})).activeOrgId).toBe('sandbox');
      const before = recorder.requests.length;
      const error = await callError(harness.core, 'getPhone', { userId: ISAAC });
      expect(error.code).toBe('NOT_CONNECTED');
      expect(recorder.requests.slice(before)).toEqual([]);
    } finally {
      await harness?.close();
      harness = undefined;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
