// Okta did the work, and its answer never arrived. A reset whose answer was lost is settled by reading
// the factors back ("confirmed removed", never "failure" and never "removed by someone else"); a test
// push whose answer was cut is found by its address and followed, so no push is left live with nobody
// watching. Against the sandbox org over real HTTP, with its "act, then lose the answer" faults.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeErrorData } from '../../../contract';
import { readJournal, type AuditRecord } from '../../../main/core/audit';
import type { OktaFactor } from '../../../main/core/okta';
import { startHarness, type Harness } from './support/harness';
import { sandboxUserIds, withSmsAndPush } from './support/org-fixtures';

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
  h = await startHarness({ pollSchedule: { intervalMs: () => 50 }, pollBudget: { share: 1 }, clientOptions: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } });
  userIds = await sandboxUserIds(h);
});
afterEach(async () => {
  await h.control('DELETE', '/sandbox/v1/faults');
});
afterAll(async () => {
  await h?.close();
});

const verified = { method: 'id_check', ticket: 'INC-404' } as const;

/** A user with one active SMS factor and one active push, set up straight at the org. */
async function freshUser(): Promise<{ userId: string; login: string; sms: OktaFactor; push: OktaFactor }> {
  const userId = userIds[nextUser++ % userIds.length] ?? '';
  const { sms, push } = await withSmsAndPush(h, userId, `+1555019${String(nextPhone++).padStart(4, '0')}`);
  return { userId, login: (await h.userByLogin(userId)).login, sms, push };
}

/** The call's answer or bridge error, and the journal records it left. */
async function journaled<T>(work: () => Promise<T>): Promise<{ value: T | null; error: BridgeErrorData | null; records: AuditRecord[] }> {
  const before = new Set((await readJournal(h.dataDir)).records.map((record) => record.id));
  let value: T | null = null;
  let error: BridgeErrorData | null = null;
  try {
    value = await work();
  } catch (failure) {
    error = (failure as { data?: BridgeErrorData }).data ?? null;
    if (!error) throw failure;
  }
  const records = (await readJournal(h.dataDir)).records.filter((record) => !before.has(record.id));
  return { value, error, records };
}

const factorIdsOf = async (userId: string): Promise<string[]> => (await h.factorsOf(userId)).map((factor) => factor.id);

describe('a reset whose answer was lost', () => {
  it('one factor: Okta removed it, the answer was cut, the retry got 404: journaled as confirmed removed', async () => {
    const { userId, sms } = await freshUser();
    await h.control('POST', '/sandbox/v1/faults', { dropAnswerRate: 1, count: 1, paths: `/factors/${sms.id}$`, methods: ['DELETE'] });
    const result = await journaled(() => h.call('resetFactor', { userId, factorId: sms.id, callerVerification: verified }));
    expect(result.error).toBeNull();
    expect(result.value?.removedFactorIds).toEqual([sms.id]);
    expect(await factorIdsOf(userId)).not.toContain(sms.id);
    const [attempt, outcome] = result.records;
    expect(result.records).toHaveLength(2);
    expect(attempt).toMatchObject({ action: 'reset_factor', outcome: 'attempt', factorId: sms.id });
    expect(outcome).toMatchObject({ action: 'reset_factor', outcome: 'success', attemptId: attempt?.id, detail: expect.stringMatching(/^confirmed removed/) });
    expect(JSON.stringify(result.records)).not.toMatch(/someone else/);
  });

  it('one factor: the connection was cut before Okta acted: the read-back says so, and nothing is claimed', async () => {
    const { userId, sms } = await freshUser();
    // Every attempt of the DELETE is dropped before the org acts on it.
    await h.control('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, count: 3, paths: `/factors/${sms.id}$`, methods: ['DELETE'] });
    const result = await journaled(() => h.call('resetFactor', { userId, factorId: sms.id, callerVerification: verified }));
    expect(result.error?.message).toMatch(/reading the factors back shows the factor still there: nothing was removed/);
    expect(await factorIdsOf(userId)).toContain(sms.id);
    expect(result.records.map((record) => record.outcome)).toEqual(['attempt', 'failure']);
    expect(result.records[1]).toMatchObject({ stage: 'at_okta', attemptId: result.records[0]?.id });
  });

  it('all factors: Okta reset them and the answer was lost: journaled as confirmed removed', async () => {
    const { userId, login, sms, push } = await freshUser();
    // Identity Engine: the activated push brought its Okta Verify code and FastPass along.
    const listed = await h.factorsOf(userId);
    expect(listed.map((factor) => factor.factorType).sort()).toEqual(['push', 'signed_nonce', 'sms', 'token:software:totp']);
    await h.control('POST', '/sandbox/v1/faults', { dropAnswerRate: 1, count: 1, paths: '/lifecycle/reset_factors$' });
    const result = await journaled(() => h.call('resetAllFactors', { userId, confirmLogin: login, callerVerification: verified }));
    expect(result.error).toBeNull();
    expect(new Set(result.value?.removedFactorIds)).toEqual(new Set(listed.map((factor) => factor.id)));
    expect(result.value?.removedFactorIds).toEqual(expect.arrayContaining([sms.id, push.id]));
    expect(await factorIdsOf(userId)).toEqual([]);
    expect(result.records.map((record) => record.outcome)).toEqual(['attempt', 'success']);
    expect(result.records[1]?.detail).toMatch(/^4 factor\(s\): .*; confirmed removed/);
  });
});

describe('a test push whose answer was lost', () => {
  it('cut body: found by its address, followed live, and the approval counts', async () => {
    const { userId, push } = await freshUser();
    await h.control('POST', '/sandbox/v1/faults', { malformedRate: 1, count: 1, paths: `/factors/${push.id}/verify$` });
    const result = await journaled(() => h.call('startVerify', { userId, factorId: push.id }));
    expect(result.error).toBeNull();
    const started = result.value;
    if (started?.kind !== 'push') throw new Error('expected the push to be followed');
    // The number to tap came back with the transaction, read from its address.
    const [pending] = await h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`);
    expect(started.correctAnswer).toBe(pending?.correctAnswer);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ action: 'verify_start', outcome: 'sent', detail: expect.stringMatching(/the push was found by its address/) });

    await h.control('POST', `/sandbox/v1/pushes/${pending?.transactionId}/approve`, { answer: started.correctAnswer });
    expect(await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId && event.state !== 'WAITING')).toMatchObject({ state: 'SUCCESS' });
    expect((await h.call('getCallerVerification', { userId })).verified).toMatchObject({ method: 'test_push', factorId: push.id });
  });

  it('cut body, then the transaction cannot be read: it is withdrawn, not left live', async () => {
    const { userId, push } = await freshUser();
    await h.control('POST', '/sandbox/v1/faults', { malformedRate: 1, paths: `/factors/${push.id}/(verify|transactions/[^/]+)$`, methods: ['POST', 'GET'] });
    const result = await journaled(() => h.call('startVerify', { userId, factorId: push.id }));
    expect(result.error?.message).toMatch(/could not follow it; it withdrew the push at Okta/);
    expect(await h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`)).toEqual([]);
    expect(result.records.map((record) => `${record.action}:${record.outcome}`)).toEqual(['verify_start:failure']);
  });

  it('no answer at all: the outcome is unknown, the agent is told a push may be on the phone, and it cannot pass', async () => {
    const { userId, push } = await freshUser();
    await h.control('POST', '/sandbox/v1/faults', { dropAnswerRate: 1, count: 1, paths: `/factors/${push.id}/verify$` });
    const result = await journaled(() => h.call('startVerify', { userId, factorId: push.id }));
    expect(result.error).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(result.error?.message).toMatch(/it may be on their phone; FactorDesk cannot follow it and it does not count as verification/);
    expect(result.error?.action).toMatch(/deny any push they did not expect/);
    expect(result.records.map((record) => `${record.action}:${record.outcome}`)).toEqual(['verify_start:unknown']);
    // Nothing points at that push, so it cannot be withdrawn: approving it on the phone passes nothing.
    const [pending] = await h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`);
    await h.control('POST', `/sandbox/v1/pushes/${pending?.transactionId}/approve`, { answer: pending?.correctAnswer });
    expect((await h.call('getCallerVerification', { userId })).verified).toBeNull();
  });
});
