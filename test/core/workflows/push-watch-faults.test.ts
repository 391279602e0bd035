// A test push's live watch under bad answers, against the sandbox org over real HTTP: a cut or
// garbled poll answer is retried like a dropped connection, within the same failure budget; a watch
// that ends without Okta's final answer (budget spent, window closed, app quitting) withdraws the
// push at Okta through its `cancel` link and says so, in its event and in the journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodResult } from '../../../contract';
import { readJournal, type AuditRecord } from '../../../main/core/audit';
import { startHarness, type Harness } from './support/harness';

interface PendingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

let h: Harness;
/** Quick polls and retries, so a spent failure budget takes a fraction of a second. */
const fastWatches = { pollSchedule: { intervalMs: () => 20, retryDelayMs: () => 20 }, pollBudget: { share: 1 } };

beforeAll(async () => {
  h = await startHarness({ ...fastWatches, clientOptions: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } });
});
afterAll(async () => {
  await h?.close();
});

async function isaacPush(): Promise<{ userId: string; factorId: string }> {
  const isaac = await h.userByLogin('isaac@example.org');
  const push = (await h.factorsOf(isaac.id)).find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE');
  if (!push) throw new Error('Isaac has no active push factor');
  return { userId: isaac.id, factorId: push.id };
}

const pendingPushes = (userId: string): Promise<PendingPush[]> => h.control<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`);

async function startPush(userId: string, factorId: string, clientId?: string): Promise<Extract<MethodResult<'startVerify'>, { kind: 'push' }>> {
  const started = await h.call('startVerify', { userId, factorId }, clientId);
  if (started.kind !== 'push') throw new Error(`expected a push, got ${started.kind}`);
  return started;
}

/** The verify_push record the watch wrote when it ended. */
async function watchRecord(since: Set<string>, factorId: string): Promise<AuditRecord> {
  const records = (await readJournal(h.dataDir)).records.filter((record) => !since.has(record.id) && record.action === 'verify_push' && record.factorId === factorId);
  expect(records).toHaveLength(1);
  return records[0] as AuditRecord;
}

const journalIds = async (): Promise<Set<string>> => new Set((await readJournal(h.dataDir)).records.map((record) => record.id));

describe('push watch: bad answers', () => {
  it('retries cut poll answers (WAITING with the trouble), then follows the push to SUCCESS', async () => {
    const { userId, factorId } = await isaacPush();
    await h.control('POST', '/sandbox/v1/faults', { malformedRate: 1, count: 2, paths: '/transactions/', methods: ['GET'] });
    const started = await startPush(userId, factorId);
    const ours = (event: { watchId: string }): boolean => event.watchId === started.watchId;
    const trouble = await h.nextEvent('pushVerifyStatus', (event) => ours(event) && event.error !== null);
    expect(trouble).toMatchObject({ state: 'WAITING', error: { code: 'BAD_RESPONSE' } });
    await h.nextEvent('pushVerifyStatus', (event) => ours(event) && event.state === 'WAITING' && event.error === null);
    const [push] = await pendingPushes(userId);
    await h.control('POST', `/sandbox/v1/pushes/${push?.transactionId}/approve`, { answer: started.correctAnswer });
    expect(await h.nextEvent('pushVerifyStatus', (event) => ours(event) && event.state !== 'WAITING')).toMatchObject({ state: 'SUCCESS', withdrawn: null });
  });

  it('a push whose polls keep failing ends in ERROR, withdrawn at Okta, and the journal says so', async () => {
    const { userId, factorId } = await isaacPush();
    const before = await journalIds();
    try {
      // Every poll answer cut; the cancel (DELETE) still goes through.
      await h.control('POST', '/sandbox/v1/faults', { malformedRate: 1, paths: '/transactions/', methods: ['GET'] });
      const started = await startPush(userId, factorId);
      const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId && event.state !== 'WAITING');
      expect(done).toMatchObject({ state: 'ERROR', withdrawn: true, error: { code: 'BAD_RESPONSE' } });
      expect(done.error?.message).toMatch(/withdrew it at Okta: the caller can no longer approve it/);
    } finally {
      await h.control('DELETE', '/sandbox/v1/faults');
    }
    expect(await pendingPushes(userId)).toEqual([]);
    const record = await watchRecord(before, factorId);
    expect(record).toMatchObject({ outcome: 'failure', errorCode: 'BAD_RESPONSE' });
    expect(record.detail).toMatch(/lost track of it .*; withdrawn at Okta$/);
  });

  it('when the withdrawal fails too, the event and the journal say the push stays on the phone and would not count', async () => {
    const { userId, factorId } = await isaacPush();
    const before = await journalIds();
    let started: Awaited<ReturnType<typeof startPush>>;
    try {
      await h.control('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, paths: '/transactions/' });
      started = await startPush(userId, factorId);
      const done = await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId && event.state !== 'WAITING');
      expect(done).toMatchObject({ state: 'ERROR', withdrawn: false, error: { code: 'NETWORK' } });
      expect(done.error?.message).toMatch(/could not withdraw it: if the caller approves it now, it does not count/);
    } finally {
      await h.control('DELETE', '/sandbox/v1/faults');
    }
    expect((await pendingPushes(userId)).map((push) => push.factorId)).toContain(factorId);
    expect((await watchRecord(before, factorId)).detail).toMatch(/could not be withdrawn at Okta, so it stays on the phone until .+; an approval would not count$/);
    // The push is still live at the org with nobody following it: approving it now passes nothing.
    const [push] = await pendingPushes(userId);
    await h.control('POST', `/sandbox/v1/pushes/${push?.transactionId}/approve`, { answer: started.correctAnswer });
    expect((await h.call('getCallerVerification', { userId })).verified).toBeNull();
  });

  it('closing the window withdraws the push at Okta and journals it', async () => {
    const { userId, factorId } = await isaacPush();
    const before = await journalIds();
    const started = await startPush(userId, factorId, 'window-closing');
    expect((await pendingPushes(userId)).map((push) => push.factorId)).toContain(factorId);
    h.feature.clientClosed?.('window-closing');
    expect(await h.nextEvent('pushVerifyStatus', (event) => event.watchId === started.watchId && event.state !== 'WAITING')).toMatchObject({
      state: 'CANCELLED',
      withdrawn: true,
    });
    expect(await pendingPushes(userId)).toEqual([]);
    expect(await watchRecord(before, factorId)).toMatchObject({ outcome: 'cancelled', detail: expect.stringMatching(/^the window that followed it closed .*; withdrawn at Okta$/) });
  });
});

describe('push activation watch: bad answers', () => {
  it('retries cut activation poll answers, then sees the scan and goes ACTIVE', async () => {
    const dade = await h.userByLogin('dade.murphy@example.org');
    const enrolled = await h.call('enrollFactor', { userId: dade.id, request: { factorType: 'push' } });
    if (enrolled.kind !== 'push_activation') throw new Error(`expected a push activation, got ${enrolled.kind}`);
    const ours = (event: { watchId: string }): boolean => event.watchId === enrolled.activation.watchId;
    try {
      await h.control('POST', '/sandbox/v1/faults', { malformedRate: 1, count: 2, paths: '/lifecycle/activate/poll$' });
      expect(await h.nextEvent('activationStatus', (event) => ours(event) && event.error !== null)).toMatchObject({ state: 'WAITING', error: { code: 'BAD_RESPONSE' } });
    } finally {
      await h.control('DELETE', '/sandbox/v1/faults');
    }
    await h.control('POST', `/sandbox/v1/users/${dade.id}/factors/${enrolled.factor.id}/scan`, {});
    expect(await h.nextEvent('activationStatus', (event) => ours(event) && event.state !== 'WAITING')).toMatchObject({ state: 'ACTIVE' });
  });
});

describe('push watch: FactorDesk closing', () => {
  it('withdraws every push it still follows, and journals each, before it lets go', async () => {
    const shutdown = await startHarness(fastWatches);
    try {
      const isaac = await shutdown.userByLogin('isaac@example.org');
      const push = (await shutdown.factorsOf(isaac.id)).find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE');
      if (!push) throw new Error('Isaac has no active push factor');
      const started = await shutdown.call('startVerify', { userId: isaac.id, factorId: push.id });
      if (started.kind !== 'push') throw new Error('expected a push');
      expect(await shutdown.control<PendingPush[]>('GET', `/sandbox/v1/users/${isaac.id}/pushes`)).toHaveLength(1);
      await shutdown.feature.close?.();
      expect(await shutdown.control<PendingPush[]>('GET', `/sandbox/v1/users/${isaac.id}/pushes`)).toEqual([]);
      const records = (await readJournal(shutdown.dataDir)).records.filter((record) => record.action === 'verify_push');
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ outcome: 'cancelled', detail: expect.stringMatching(/^FactorDesk was closing .*; withdrawn at Okta$/) });
    } finally {
      await shutdown.close();
    }
  });
});
