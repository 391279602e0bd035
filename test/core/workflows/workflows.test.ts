// The factor workflows end to end against the sandbox org over real HTTP: enroll each type,
// live activation, test pushes (approve / deny / timeout / cancel), code checks, resets, journal.
import { readFile } from 'node:fs/promises';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodResult, OrgSummary } from '../../../contract';
import { journalPath, readJournal } from '../../../main/core/audit';
import { CLIENT_ID, startHarness, type Harness } from './support/harness';

interface OutboxMessage {
  channel: string;
  to: string;
  code: string | null;
  link: string | null;
}
interface PendingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

let h: Harness;
/** Every secret the tests typed or saw: none may appear in the journal. */
const secretsUsed: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  secretsUsed.push(h.sandbox.token);
});
afterAll(async () => {
  await h?.close();
});

async function latestCode(to: string): Promise<string> {
  const messages = await h.control<OutboxMessage[]>('GET', `/sandbox/v1/outbox?to=${encodeURIComponent(to)}`);
  const code = messages.filter((message) => message.code).at(-1)?.code;
  if (!code) throw new Error(`no code sent to ${to}`);
  secretsUsed.push(code);
  return code;
}

async function pendingPush(userId: string, factorId: string): Promise<PendingPush> {
  // The push is created by the verify call that just answered, so a few tries at most; fail plainly otherwise.
  for (let attempt = 0; attempt < 100; attempt++) {
    const pushes = await h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`);
    const push = pushes.find((candidate) => candidate.factorId === factorId);
    if (push) return push;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No pending push for factor ${factorId} reached the simulated phone.`);
}

describe('enroll', () => {
  it('lists the catalog and security questions', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const catalog = await h.call('getFactorCatalog', { userId: dade.id });
    const enrollable = catalog.entries.filter((entry) => entry.enrollable).map((entry) => `${entry.factorType}/${entry.provider}`);
    expect(enrollable).toEqual(expect.arrayContaining(['push/OKTA', 'sms/OKTA', 'token:software:totp/GOOGLE', 'question/OKTA']));
    const questions = await h.call('listSecurityQuestions', { userId: dade.id });
    expect(questions.length).toBeGreaterThan(0);
    expect(questions[0]).toEqual({ key: expect.any(String), text: expect.any(String) });
  });

  it('push: QR image, then a simulated scan shows ACTIVE live with the device', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const result = await h.call('enrollFactor', { userId: dade.id, request: { factorType: 'push' } });
    if (result.kind !== 'push_activation') throw new Error(`unexpected ${result.kind}`);
    expect(result.activation.qrImageDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(Date.parse(result.activation.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(result.activation.sendChannels).toEqual(expect.arrayContaining(['sms', 'email']));

    const sent = await h.call('sendActivationLink', {
      channel: 'sms',
      userId: dade.id,
      factorId: result.factor.id,
      phoneNumber: '+1 555 415 2600',
    });
    expect(sent.sentTo).toBe('+1•••2600');

    await h.control('POST', `/sandbox/v1/users/${dade.id}/factors/${result.factor.id}/scan`, { name: 'Dade Pixel', platform: 'ANDROID', version: '14' });
    const active = await h.nextEvent('activationStatus', (event) => event.watchId === result.activation.watchId && event.state !== 'WAITING');
    expect(active.state).toBe('ACTIVE');
    expect(active.device).toEqual({ name: 'Dade Pixel', platform: 'ANDROID', version: '14' });
    expect(active.factor?.status).toBe('ACTIVE');
    expect(h.events.find((event) => event.payload === active)?.clientId).toBe(CLIENT_ID);
  });

  it('push: an activation nobody scans times out and can be started again', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    // Reset the push enrolled above so a fresh one can be enrolled.
    const push = (await h.factorsOf(dade.id)).find((factor) => factor.factorType === 'push');
    if (push) await h.call('resetFactor', { userId: dade.id, factorId: push.id, callerVerification: { method: 'in_person', ticket: 'T-1' } });
    const result = await h.call('enrollFactor', { userId: dade.id, request: { factorType: 'push' } });
    if (result.kind !== 'push_activation') throw new Error(`unexpected ${result.kind}`);
    await h.control('POST', '/sandbox/v1/clock/advance', { seconds: 601 });
    const timedOut = await h.nextEvent('activationStatus', (event) => event.watchId === result.activation.watchId && event.state !== 'WAITING');
    expect(timedOut).toMatchObject({ state: 'TIMEOUT', restartable: true });

    const again = await h.call('watchActivation', { userId: dade.id, factorId: result.factor.id });
    expect(again.watchId).not.toBe(result.activation.watchId);
    expect(Date.parse(again.expiresAt ?? '')).toBeGreaterThan(Date.parse(result.activation.expiresAt ?? ''));
    await h.call('cancelWatch', { watchId: again.watchId });
    const cancelled = await h.nextEvent('activationStatus', (event) => event.watchId === again.watchId);
    expect(cancelled.state).toBe('CANCELLED');
  });

  it('push: while activation polls get 503s the watch says it is retrying, clears that once Okta answers, and still goes ACTIVE', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const push = (await h.factorsOf(dade.id)).find((factor) => factor.factorType === 'push');
    if (push) await h.call('resetFactor', { userId: dade.id, factorId: push.id, callerVerification: { method: 'in_person', ticket: 'T-2' } });
    const result = await h.call('enrollFactor', { userId: dade.id, request: { factorType: 'push' } });
    if (result.kind !== 'push_activation') throw new Error(`unexpected ${result.kind}`);
    const ours = (event: { watchId: string }): boolean => event.watchId === result.activation.watchId;
    try {
      await h.control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 503, paths: '/lifecycle/activate/poll$' });
      const trouble = await h.nextEvent('activationStatus', (event) => ours(event) && event.error !== null);
      expect(trouble).toMatchObject({ state: 'WAITING', restartable: false, error: { code: 'OKTA_ERROR', httpStatus: 503 } });
      expect(trouble.error?.message).toMatch(/trouble reaching Okta/);
    } finally {
      await h.control('DELETE', '/sandbox/v1/faults');
    }
    const recovered = await h.nextEvent('activationStatus', (event) => ours(event) && event.state === 'WAITING' && event.error === null);
    expect(recovered.factorId).toBe(result.factor.id);

    await h.control('POST', `/sandbox/v1/users/${dade.id}/factors/${result.factor.id}/scan`, { name: 'Dade Pixel', platform: 'ANDROID', version: '14' });
    const active = await h.nextEvent('activationStatus', (event) => ours(event) && event.state !== 'WAITING');
    expect(active).toMatchObject({ state: 'ACTIVE', error: null });
    const states = h.events.filter((event) => event.name === 'activationStatus' && ours(event.payload as { watchId: string }));
    expect(states.every((event) => event.clientId === CLIENT_ID)).toBe(true);
  });

  it('sms: throttled resend, wrong code, then the outbox code activates it', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const result = await h.call('enrollFactor', { userId: dade.id, request: { factorType: 'sms', phoneNumber: '+1 (555) 415-2601' } });
    if (result.kind !== 'code_sent') throw new Error(`unexpected ${result.kind}`);
    expect(result.code.sentTo).toBe('+1•••2601');

    const throttled = await h.callError('resendCode', { userId: dade.id, factorId: result.factor.id, purpose: 'enroll' });
    expect(throttled.code).toBe('SENT_TOO_RECENTLY');
    expect(Date.parse(throttled.retryAt ?? '')).toBeGreaterThan(Date.now());

    const code = await latestCode('+15554152601');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(code.length, '0');
    secretsUsed.push(wrong);
    const refused = await h.callError('activateFactor', { userId: dade.id, factorId: result.factor.id, passCode: wrong });
    expect(refused.code).toBe('WRONG_CODE');
    expect(refused.action).toBeTruthy();

    const factor = await h.call('activateFactor', { userId: dade.id, factorId: result.factor.id, passCode: code });
    expect(factor.status).toBe('ACTIVE');
  });

  it('sms: a corrected number replaces the pending enrollment (updatePhone), and the code goes there', async () => {
    const auditor = await h.userByLogin('sandbox.auditor@example.org');
    const first = await h.call('enrollFactor', { userId: auditor.id, request: { factorType: 'sms', phoneNumber: '+1 555 415 2610' } });
    expect(first.kind).toBe('code_sent');
    const corrected = await h.call('enrollFactor', { userId: auditor.id, request: { factorType: 'sms', phoneNumber: '+1 555 415 2611' } });
    if (corrected.kind !== 'code_sent') throw new Error(`unexpected ${corrected.kind}`);
    expect(corrected.code.sentTo).toBe('+1•••2611');
    const factor = await h.call('activateFactor', { userId: auditor.id, factorId: corrected.factor.id, passCode: await latestCode('+15554152611') });
    expect(factor).toMatchObject({ status: 'ACTIVE', detail: '+15554152611' });
  });

  it('refuses a phone number that is not E.164 before calling Okta', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const error = await h.callError('enrollFactor', { userId: dade.id, request: { factorType: 'sms', phoneNumber: '555-0100' } });
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('authenticator app: otpauth URI and secret, then a computed code activates it', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const result = await h.call('enrollFactor', { userId: dade.id, request: { factorType: 'token:software:totp', provider: 'GOOGLE' } });
    if (result.kind !== 'totp_activation') throw new Error(`unexpected ${result.kind}`);
    secretsUsed.push(result.sharedSecret);
    expect(result.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(result.otpauthUri).searchParams.get('secret')).toBe(result.sharedSecret);
    // Okta answers keyLength 16 for Google Authenticator; its codes are still 6 digits.
    expect(result.digits).toBe(6);
    expect(new URL(result.otpauthUri).searchParams.get('digits')).toBe('6');

    const { now } = await h.control<{ now: string }>('GET', '/sandbox/v1/clock');
    const code = generateSync({ secret: result.sharedSecret, epoch: Math.floor(Date.parse(now) / 1000) });
    secretsUsed.push(code);
    const factor = await h.call('activateFactor', { userId: dade.id, factorId: result.factor.id, passCode: code });
    expect(factor).toMatchObject({ status: 'ACTIVE', label: 'Google Authenticator' });
  });

  it('security question: active at once', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const [question] = await h.call('listSecurityQuestions', { userId: dade.id });
    const answer = 'purple elephant';
    secretsUsed.push(answer);
    const result = await h.call('enrollFactor', { userId: dade.id, request: { factorType: 'question', question: question?.key ?? '', answer } });
    expect(result).toMatchObject({ kind: 'active', factor: { status: 'ACTIVE', factorType: 'question' } });
  });
});

describe('verify the caller', () => {
  async function isaacPush(): Promise<{ userId: string; factorId: string }> {
    const isaac = await h.userByLogin('isaac@example.org');
    const push = (await h.factorsOf(isaac.id)).find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE');
    if (!push) throw new Error('Isaac has no active push factor');
    return { userId: isaac.id, factorId: push.id };
  }

  /** Starts a push verify (from `clientId` when given) and answers it; anything but a push fails the test. */
  async function startPushVerify(input: MethodInput<'startVerify'>, clientId?: string): Promise<Extract<MethodResult<'startVerify'>, { kind: 'push' }>> {
    const started = await h.call('startVerify', input, clientId);
    if (started.kind !== 'push') throw new Error(`Expected a push verify to start, got ${started.kind}`);
    return started;
  }

  it('test push with number matching: approve with the number → SUCCESS live, counts as recent verification', async () => {
    const { userId, factorId } = await isaacPush();
    expect((await h.call('getCallerVerification', { userId })).verified).toBeNull();
    const started = await startPushVerify({ userId, factorId });
    expect(started.correctAnswer).toEqual(expect.any(Number));

    const push = await pendingPush(userId, factorId);
    expect(push.correctAnswer).toBe(started.correctAnswer);
    await h.control('POST', `/sandbox/v1/pushes/${push.transactionId}/approve`, { answer: started.correctAnswer });
    const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId);
    expect(done).toMatchObject({ state: 'SUCCESS', correctAnswer: started.correctAnswer });
    expect(done.elapsedMs).toBeGreaterThan(0);

    const recent = await h.call('getCallerVerification', { userId });
    expect(recent.verified).toMatchObject({ method: 'test_push', factorId });
    expect(recent.windowMinutes).toBe(10);
    expect(h.events.filter((event) => event.name === 'callerVerificationChanged').at(-1)?.payload).toEqual(recent);
  });

  it('dropped connections while a push is watched: WAITING with "trouble reaching Okta", cleared on recovery, then SUCCESS', async () => {
    const { userId, factorId } = await isaacPush();
    const started = await startPushVerify({ userId, factorId });
    const push = await pendingPush(userId, factorId);
    const ours = (event: { watchId: string }): boolean => event.watchId === started.watchId;
    try {
      await h.control('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, paths: '/transactions/' });
      const trouble = await h.nextEvent('pushVerifyStatus', (event) => ours(event) && event.error !== null);
      expect(trouble).toMatchObject({ state: 'WAITING', correctAnswer: started.correctAnswer, error: { code: 'NETWORK' } });
      expect(trouble.error?.message).toMatch(/trouble reaching Okta/);
      expect(trouble.error?.action).toMatch(/Nothing to do yet/);
    } finally {
      await h.control('DELETE', '/sandbox/v1/faults');
    }
    const recovered = await h.nextEvent('pushVerifyStatus', (event) => ours(event) && event.state === 'WAITING' && event.error === null);
    expect(recovered.correctAnswer).toBe(started.correctAnswer);

    await h.control('POST', `/sandbox/v1/pushes/${push.transactionId}/approve`, { answer: started.correctAnswer });
    const done = await h.nextEvent('pushVerifyStatus', (event) => ours(event) && event.state !== 'WAITING');
    expect(done).toMatchObject({ state: 'SUCCESS', error: null });
    // Recovery is reported once, after the trouble: no WAITING events without a reason.
    const waiting = h.events
      .filter((event) => event.name === 'pushVerifyStatus' && ours(event.payload as { watchId: string }))
      .map((event) => event.payload as { state: string; error: unknown })
      .filter((event) => event.state === 'WAITING');
    expect(waiting.at(-1)?.error).toBeNull();
    expect(waiting.filter((event) => event.error === null)).toHaveLength(1);
  });

  it('deny → REJECTED', async () => {
    const { userId, factorId } = await isaacPush();
    const started = await startPushVerify({ userId, factorId, useNumberMatching: false });
    expect(started.correctAnswer).toBeNull();
    const push = await pendingPush(userId, factorId);
    await h.control('POST', `/sandbox/v1/pushes/${push.transactionId}/deny`, {});
    const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId);
    expect(done.state).toBe('REJECTED');
  });

  it('no answer → TIMEOUT when the push expires', async () => {
    const { userId, factorId } = await isaacPush();
    const started = await startPushVerify({ userId, factorId });
    await h.control('POST', '/sandbox/v1/clock/advance', { seconds: 301 });
    const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId);
    expect(done.state).toBe('TIMEOUT');
  });

  it('cancel withdraws the push at Okta', async () => {
    const { userId, factorId } = await isaacPush();
    const started = await startPushVerify({ userId, factorId });
    await pendingPush(userId, factorId);
    // Another window cannot cancel it.
    await h.call('cancelWatch', { watchId: started.watchId }, 'window-2');
    expect((await h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`)).map((push) => push.factorId)).toContain(factorId);
    await h.call('cancelWatch', { watchId: started.watchId });
    const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId);
    expect(done.state).toBe('CANCELLED');
    const stillWaiting = await h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`);
    expect(stillWaiting.filter((push) => push.factorId === factorId)).toEqual([]);
  });

  it('closing the window stops its watch', async () => {
    const { userId, factorId } = await isaacPush();
    const started = await startPushVerify({ userId, factorId }, 'window-3');
    h.feature.clientClosed?.('window-3');
    const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId);
    expect(done.state).toBe('CANCELLED');
  });

  it('sms code check: wrong code refused, right code passes', async () => {
    const isaac = await h.userByLogin('isaac@example.org');
    const sms = (await h.factorsOf(isaac.id)).find((factor) => factor.factorType === 'sms');
    if (!sms) throw new Error('Isaac has no sms factor');
    const started = await h.call('startVerify', { userId: isaac.id, factorId: sms.id });
    expect(started.kind).toBe('code_sent');
    const code = await latestCode(sms.profile?.phoneNumber ?? '');
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await h.callError('checkVerification', { userId: isaac.id, factorId: sms.id, passCode: wrong });
    expect(refused.code).toBe('WRONG_CODE');
    const passed = await h.call('checkVerification', { userId: isaac.id, factorId: sms.id, passCode: code });
    expect(passed.outcome).toBe('SUCCESS');
  });
});

describe('reset', () => {
  it('one factor: needs caller verification, then removes it; a second reset says it is gone', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const sms = (await h.factorsOf(dade.id)).find((factor) => factor.factorType === 'sms');
    if (!sms) throw new Error('Dade has no sms factor');

    const missing = await h.callError('resetFactor', { userId: dade.id, factorId: sms.id });
    expect(missing.code).toBe('INVALID_INPUT');
    const noRecent = await h.callError('resetFactor', { userId: dade.id, factorId: sms.id, callerVerification: { method: 'recent_check' } });
    expect(noRecent.message).toMatch(/No test push or code check passed/);

    const result = await h.call('resetFactor', {
      userId: dade.id,
      factorId: sms.id,
      callerVerification: { method: 'manager_callback', ticket: 'INC-4242' },
    });
    expect(result.callerVerification).toEqual({ method: 'manager_callback', automatic: false, ticket: 'INC-4242' });
    expect((await h.factorsOf(dade.id)).map((factor) => factor.id)).not.toContain(sms.id);

    const gone = await h.callError('resetFactor', { userId: dade.id, factorId: sms.id, callerVerification: { method: 'id_check', ticket: 'INC-4242' } });
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.action).toMatch(/Refresh/);
  });

  it('a passed check survives a restart: it is read back from the journal, for its org and window only', async () => {
    const isaac = await h.userByLogin('isaac@example.org');
    const before = (await h.call('getCallerVerification', { userId: isaac.id })).verified;
    if (!before) throw new Error('the code check above should have left a recent verification');
    const lookUp = async ({ feature, close }: ReturnType<Harness['relaunchedFeature']>) => {
      try {
        return (await feature.handlers.getCallerVerification({ userId: isaac.id }, { clientId: CLIENT_ID })).verified;
      } finally {
        await close();
      }
    };
    const restartedAt = (now: Date, org: OrgSummary = h.org) => h.relaunchedFeature({ now, org });

    expect(await lookUp(restartedAt(new Date()))).toEqual(before);
    expect(await lookUp(restartedAt(new Date(Date.parse(before.validUntil) + 1000)))).toBeNull();
    expect(await lookUp(restartedAt(new Date(), { ...h.org, id: 'another-org' }))).toBeNull();
  });

  it('all factors: confirmation must match the login; a recent passed push fills in the verification', async () => {
    const isaac = await h.userByLogin('isaac@example.org');
    const wrongLogin = await h.callError('resetAllFactors', { userId: isaac.id, confirmLogin: 'isaac', callerVerification: { method: 'recent_check' } });
    expect(wrongLogin.code).toBe('INVALID_INPUT');
    expect((await h.factorsOf(isaac.id)).length).toBeGreaterThan(0);

    const result = await h.call('resetAllFactors', { userId: isaac.id, confirmLogin: isaac.login, callerVerification: { method: 'recent_check' } });
    expect(result.callerVerification).toMatchObject({ method: expect.stringMatching(/test_push|code_check/), automatic: true });
    expect(result.removedFactorIds.length).toBeGreaterThan(0);
    expect(await h.factorsOf(isaac.id)).toEqual([]);
  });

  it('all factors without verification when the org does not require it', async () => {
    const admin = await h.userByLogin('sandbox.admin@example.org');
    h.org.requireCallerVerification = false;
    try {
      const result = await h.call('resetAllFactors', { userId: admin.id, confirmLogin: admin.login });
      expect(result.callerVerification).toEqual({ method: 'not_required', automatic: false });
    } finally {
      h.org.requireCallerVerification = true;
    }
  });
});

describe('audit journal', () => {
  it('has a record for each action and no secret', async () => {
    const { records, skippedLines } = await readJournal(h.dataDir);
    expect(skippedLines).toBe(0);
    const seen = new Set(records.map((record) => `${record.action}:${record.outcome}`));
    for (const expected of [
      'enroll:pending',
      'enroll:success',
      'activate:success',
      'activate:failure',
      'activate:timeout',
      'send_activation_link:success',
      'resend_code:failure',
      'verify_start:sent',
      'verify_push:success',
      'verify_push:rejected',
      'verify_push:timeout',
      'verify_push:cancelled',
      'verify_code:failure',
      'verify_code:success',
      'reset_factor:failure',
      'reset_factor:success',
      'reset_all_factors:failure',
      'reset_all_factors:success',
    ]) {
      expect(seen, expected).toContain(expected);
    }
    for (const record of records) {
      expect(record).toMatchObject({ agent: 'test-agent', orgId: 'org-sandbox', orgUrl: h.sandbox.url, userLogin: expect.any(String) });
    }
    const wrongCode = records.find((record) => record.action === 'activate' && record.outcome === 'failure');
    expect(wrongCode).toMatchObject({ errorCode: 'WRONG_CODE', oktaErrorCode: 'E0000068', oktaErrorId: expect.any(String) });
    const manualReset = records.find(
      (record) => record.action === 'reset_factor' && record.outcome === 'success' && record.callerVerification?.method === 'manager_callback',
    );
    expect(manualReset?.callerVerification).toEqual({ method: 'manager_callback', automatic: false, ticket: 'INC-4242' });

    const text = await readFile(journalPath(h.dataDir), 'utf8');
    expect(secretsUsed.length).toBeGreaterThan(5);
    for (const secret of secretsUsed) {
      const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`).test(text), `journal must not contain "${secret.slice(0, 3)}…"`).toBe(false);
    }
  });
});
