// Caller verification is a timeline, not a cache of the latest success: any later failed check of
// the same user voids an earlier pass, and a pass never carries to another user, another org, or
// across a restart that would forget a failure. Each rule against the sandbox org over real HTTP,
// through the workflows feature as the bridge calls it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerVerificationStatus, MethodResult } from '../../../contract';
import { readJournal, type AuditRecord } from '../../../main/core/audit';
import type { OktaFactor } from '../../../main/core/okta';
import { checkEventOf } from '../../../main/core/workflows/verification-timeline';
import { CLIENT_ID, startHarness, type Harness } from './support/harness';
import { latestCode, sandboxUserIds, withSmsAndPush } from './support/org-fixtures';

interface PendingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

let h: Harness;
let userIds: string[] = [];
let nextUser = 0;
let nextPhone = 0;

beforeAll(async () => {
  h = await startHarness({ pollSchedule: { intervalMs: () => 50 }, pollBudget: { share: 1 } });
  userIds = await sandboxUserIds(h);
});
afterAll(async () => {
  await h?.close();
});

interface Caller {
  userId: string;
  push: OktaFactor;
  sms: OktaFactor & { phone: string };
}

/** A user of their own for each test, with an active push and an active SMS factor set up straight at the org. */
async function newCaller(): Promise<Caller> {
  const userId = userIds[nextUser++ % userIds.length] ?? '';
  const phone = `+1555018${String(nextPhone++).padStart(4, '0')}`;
  const { sms, push } = await withSmsAndPush(h, userId, phone);
  return { userId, push, sms: { ...sms, phone } };
}

async function pendingPush(userId: string, factorId: string): Promise<PendingPush> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const push = (await h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`)).find((candidate) => candidate.factorId === factorId);
    if (push) return push;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no pending push for ${factorId}`);
}

async function startPush(caller: Caller): Promise<Extract<MethodResult<'startVerify'>, { kind: 'push' }>> {
  const started = await h.call('startVerify', { userId: caller.userId, factorId: caller.push.id });
  if (started.kind !== 'push') throw new Error(`expected a push, got ${started.kind}`);
  return started;
}

/** A test push that ends as `how` says: approved or denied on the phone, expired at the org, cancelled by the agent. */
async function testPush(caller: Caller, how: 'approve' | 'deny' | 'expire' | 'cancel'): Promise<string> {
  const started = await startPush(caller);
  const push = await pendingPush(caller.userId, caller.push.id);
  if (how === 'approve') await h.control('POST', `/sandbox/v1/pushes/${push.transactionId}/approve`, { answer: started.correctAnswer });
  if (how === 'deny') await h.control('POST', `/sandbox/v1/pushes/${push.transactionId}/deny`, {});
  if (how === 'expire') await h.control('POST', '/sandbox/v1/clock/advance', { seconds: 301 });
  if (how === 'cancel') await h.call('cancelWatch', { watchId: started.watchId });
  const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId && event.state !== 'WAITING');
  return done.state;
}

/** An SMS code check with the code from the outbox, or a wrong one. */
async function smsCheck(caller: Caller, right: boolean): Promise<string | null> {
  await h.control('POST', '/sandbox/v1/clock/advance', { seconds: 31 }); // past the last code's resend wait
  expect((await h.call('startVerify', { userId: caller.userId, factorId: caller.sms.id })).kind).toBe('code_sent');
  const code = await latestCode(h, caller.sms.phone);
  const passCode = right ? code : code === '000000' ? '111111' : '000000';
  try {
    await h.call('checkVerification', { userId: caller.userId, factorId: caller.sms.id, passCode });
    return null;
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? 'unknown error';
  }
}

const statusOf = (caller: Caller): Promise<CallerVerificationStatus> => h.call('getCallerVerification', { userId: caller.userId });

const resetWithRecentCheck = (caller: Caller) =>
  h.callError('resetFactor', { userId: caller.userId, factorId: caller.sms.id, callerVerification: { method: 'recent_check' } });

/** The pass counted, a check failed for `reason`, and now the pass is void and named as such. */
async function expectVoided(caller: Caller, reason: string, factorId: string): Promise<void> {
  const status = await statusOf(caller);
  expect(status.verified).toBeNull();
  expect(status.failedCheck).toMatchObject({ reason, factorId });
  expect(status.voidedPass).toMatchObject({ userId: caller.userId });
  const refused = await resetWithRecentCheck(caller);
  expect(refused.code).toBe('INVALID_INPUT');
  expect(refused.message).toMatch(/^The caller's earlier check no longer counts: .+ at \d{1,2}:\d{2}/);
  expect(refused.action).toMatch(/Verify the caller another way .* ticket reference/);
  // Nothing was removed on the strength of the voided pass.
  expect((await h.factorsOf(caller.userId)).map((factor) => factor.id)).toContain(caller.sms.id);
}

describe('a later failed check voids an earlier pass', () => {
  it('pass, then a push denied on the phone', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    expect((await statusOf(caller)).verified).toMatchObject({ method: 'test_push', factorId: caller.push.id });
    expect(await testPush(caller, 'deny')).toBe('REJECTED');
    await expectVoided(caller, 'denied', caller.push.id);
    expect((await resetWithRecentCheck(caller)).message).toMatch(/a test push was denied on the phone at/);
    // The window that ran the check heard of it.
    const told = h.events.filter((event) => event.name === 'callerVerificationChanged' && event.clientId === CLIENT_ID).at(-1)?.payload;
    expect(told).toMatchObject({ userId: caller.userId, verified: null, failedCheck: { reason: 'denied' } });
  });

  it('pass, then a wrong code', async () => {
    const caller = await newCaller();
    expect(await smsCheck(caller, true)).toBeNull();
    expect((await statusOf(caller)).verified).toMatchObject({ method: 'code_check', factorId: caller.sms.id });
    expect(await smsCheck(caller, false)).toBe('WRONG_CODE');
    await expectVoided(caller, 'wrong_code', caller.sms.id);
  });

  it('pass, then a push that times out', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    expect(await testPush(caller, 'expire')).toBe('TIMEOUT');
    await expectVoided(caller, 'timed_out', caller.push.id);
  });

  it('pass, then a push cancelled before the caller answered', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    expect(await testPush(caller, 'cancel')).toBe('CANCELLED');
    await expectVoided(caller, 'cancelled', caller.push.id);
  });

  it('after a failed check a reset needs a recorded method and ticket, even where the org asks for none', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    expect(await testPush(caller, 'deny')).toBe('REJECTED');
    const relaxedOrg = { ...h.org, requireCallerVerification: false };
    const unverified = await h.withOrg(relaxedOrg, () => h.callError('resetFactor', { userId: caller.userId, factorId: caller.sms.id }));
    expect(unverified.code).toBe('INVALID_INPUT');
    expect(unverified.message).toMatch(/^A check of this caller failed \(a test push was denied on the phone at .+\), so a reset needs a recorded verification\.$/);
    const reset = await h.call('resetFactor', { userId: caller.userId, factorId: caller.sms.id, callerVerification: { method: 'id_check', ticket: 'INC-9001' } });
    expect(reset.callerVerification).toEqual({ method: 'id_check', automatic: false, ticket: 'INC-9001' });
    const records = (await readJournal(h.dataDir, { userId: caller.userId })).records.filter((record) => record.action === 'reset_factor');
    expect(records.map((record) => `${record.outcome}:${record.stage ?? ''}`)).toEqual(['failure:refused', 'attempt:', 'success:']);
  });

  it('a pass after the failure counts again', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'deny')).toBe('REJECTED');
    expect((await statusOf(caller)).failedCheck).toMatchObject({ reason: 'denied' });
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    const status = await statusOf(caller);
    expect(status).toMatchObject({ verified: { method: 'test_push' }, failedCheck: null, voidedPass: null });
  });

  it('a check that fails for reasons that say nothing about the caller (Okta unavailable) does not void it', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    await h.control('POST', '/sandbox/v1/clock/advance', { seconds: 31 });
    expect((await h.call('startVerify', { userId: caller.userId, factorId: caller.sms.id })).kind).toBe('code_sent');
    await h.control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 503, count: 1, paths: `/factors/${caller.sms.id}/verify$` });
    const failed = await h.callError('checkVerification', { userId: caller.userId, factorId: caller.sms.id, passCode: '123456' });
    expect(failed.httpStatus).toBe(503);
    expect((await statusOf(caller)).verified).toMatchObject({ method: 'test_push' });
  });
});

describe('a pass never carries over', () => {
  it('to another user', async () => {
    const a = await newCaller();
    const b = await newCaller();
    expect(await testPush(a, 'approve')).toBe('SUCCESS');
    expect((await statusOf(a)).verified).not.toBeNull();
    expect(await statusOf(b)).toMatchObject({ verified: null, failedCheck: null, voidedPass: null });
    const refused = await resetWithRecentCheck(b);
    expect(refused.message).toMatch(/^No test push or code check passed for this user in the last 10 minutes/);
  });

  it('to another org', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    const otherOrg = { ...h.org, id: 'org-other', name: 'Another org' };
    await h.withOrg(otherOrg, async () => {
      expect((await statusOf(caller)).verified).toBeNull();
      expect((await resetWithRecentCheck(caller)).code).toBe('INVALID_INPUT');
    });
    expect((await statusOf(caller)).verified).not.toBeNull();
  });

  it('across a restart: the timeline is replayed from the journal, so a failure after a pass stays a failure', async () => {
    const caller = await newCaller();
    const afterRestart = async (): Promise<CallerVerificationStatus> => {
      const relaunched = h.relaunchedFeature({ now: new Date() });
      try {
        return await relaunched.feature.handlers.getCallerVerification({ userId: caller.userId }, { clientId: CLIENT_ID });
      } finally {
        await relaunched.close();
      }
    };
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    const passed = (await statusOf(caller)).verified;
    expect((await afterRestart()).verified).toEqual(passed);
    expect(await testPush(caller, 'deny')).toBe('REJECTED');
    expect(await afterRestart()).toMatchObject({ verified: null, failedCheck: { reason: 'denied' }, voidedPass: passed });
  });
});

describe('End call', () => {
  it('stops the pass from counting, is journaled once, and stays ended after a restart', async () => {
    const caller = await newCaller();
    expect(await testPush(caller, 'approve')).toBe('SUCCESS');
    const ended = await h.call('endCall', { userId: caller.userId });
    expect(ended).toMatchObject({ verified: null, failedCheck: null, callEndedAt: expect.any(String) });
    expect((await resetWithRecentCheck(caller)).message).toMatch(/^No test push or code check passed/);
    // Nothing left to end: no second record.
    await h.call('endCall', { userId: caller.userId });
    const records = (await readJournal(h.dataDir, { userId: caller.userId })).records.filter((record) => record.action === 'end_call');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'success', factorId: caller.push.id, detail: expect.stringMatching(/^test push passed at \d{4}-\d\d-\d\dT.+Z$/) });

    const relaunched = h.relaunchedFeature({ now: new Date() });
    try {
      const status = await relaunched.feature.handlers.getCallerVerification({ userId: caller.userId }, { clientId: CLIENT_ID });
      expect(status).toMatchObject({ verified: null, callEndedAt: ended.callEndedAt });
    } finally {
      await relaunched.close();
    }
  });
});

describe('which journal records are steps of the timeline', () => {
  const base: AuditRecord = {
    id: 'r1',
    time: '2026-01-01T10:00:00.000Z',
    agent: 'jdoe',
    orgId: 'org-1',
    orgUrl: 'https://acme.okta.com',
    userId: '00u1',
    userLogin: 'isaac@example.org',
    factorId: 'sms1',
    factorType: 'sms',
    action: 'verify_code',
    outcome: 'failure',
  };
  const kindOf = (overrides: Partial<AuditRecord>) => {
    const event = checkEventOf({ ...base, ...overrides });
    return event?.kind === 'fail' ? `fail:${event.check.reason}` : (event?.kind ?? null);
  };

  it('reads what a check says about the caller, and nothing else', () => {
    expect(kindOf({ outcome: 'success' })).toBe('pass');
    expect(kindOf({ errorCode: 'WRONG_CODE', oktaErrorCode: 'E0000068', stage: 'at_okta' })).toBe('fail:wrong_code');
    expect(kindOf({ errorCode: 'WRONG_CODE', factorType: 'question', stage: 'at_okta' })).toBe('fail:wrong_answer');
    expect(kindOf({ outcome: 'unknown', errorCode: 'OUTCOME_UNKNOWN' })).toBe('fail:no_known_result');
    // A 403 whose body was cut may have been Okta's "wrong code" (403 E0000068): it cannot stand as a pass either.
    expect(kindOf({ errorCode: 'PERMISSION_DENIED', stage: 'at_okta' })).toBe('fail:no_known_result');
    // Okta unavailable, a throttle, the token's own rights, a refusal before anything was sent: nothing about the caller.
    expect(kindOf({ errorCode: 'OKTA_ERROR', stage: 'at_okta' })).toBeNull();
    expect(kindOf({ errorCode: 'RATE_LIMITED', stage: 'at_okta' })).toBeNull();
    expect(kindOf({ errorCode: 'PERMISSION_DENIED', oktaErrorCode: 'E0000006', stage: 'at_okta' })).toBeNull();
    expect(kindOf({ errorCode: 'VALIDATION', stage: 'refused' })).toBeNull();
    for (const [outcome, reason] of [['rejected', 'denied'], ['timeout', 'timed_out'], ['cancelled', 'cancelled'], ['failure', 'not_followed'], ['unknown', 'no_known_result']] as const) {
      expect(kindOf({ action: 'verify_push', factorType: 'push', outcome })).toBe(`fail:${reason}`);
    }
    expect(kindOf({ action: 'verify_push', factorType: 'push', outcome: 'success' })).toBe('pass');
    expect(kindOf({ action: 'end_call', outcome: 'success' })).toBe('end');
    expect(kindOf({ action: 'reset_factor', outcome: 'attempt' })).toBeNull();
    expect(kindOf({ action: 'verify_start', outcome: 'unknown' })).toBeNull();
  });
});
