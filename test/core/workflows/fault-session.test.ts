// A helpdesk session on a bad network: a few hundred mixed operations through the whole core (the
// bridge's dispatcher, the real journal on disk) against the sandbox org, while a fifth of Okta's
// answers fail (500 / 503 / 429), a tenth of the connections drop and a tenth of the bodies arrive cut.
// The faults are seeded (sandbox `seed`), and so is the choice of operations, so a session replays;
// set FACTORDESK_FAULT_SEED to try another. Afterwards:
// - nothing crashed and no promise was left rejected unhandled;
// - every acknowledged result matches the org's state, read back with the faults off;
// - every operation left exactly one journal outcome per action (a reset's attempt paired with it);
// - no push is left live at the org with no watch following it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeResult, EventEnvelope, EventName, EventPayload, MethodInput, MethodName, MethodResult } from '../../../contract';
import { outcomesOf, readJournal, type AuditAction, type AuditRecord } from '../../../main/core/audit';
import { createCore, type Core } from '../../../main/core/core';
import { OktaClient } from '../../../main/core/okta';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { SeededRandom } from '../../../sandbox/random';

const SEED = process.env.FACTORDESK_FAULT_SEED ?? 'factordesk-fault-session';
const OPERATIONS = 220;
const USERS = 6;
const failureStatuses = [500, 503, 429] as const;
const CLIENT = { clientId: 'fault-session-window' };
/** A ceiling for a stuck watch, not a speed requirement. */
const WATCH_CEILING_MS = 20_000;

interface OrgFactor {
  id: string;
  factorType: string;
  provider: string;
  status: string;
  profile?: { phoneNumber?: string };
}
interface PendingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}
interface SessionUser {
  id: string;
  login: string;
  phone: string;
}

let sandbox: RunningSandbox;
let dataDir: string;
let core: Core;
const events: EventEnvelope[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

/** The org as it is, with the admin token and no faults (the control API and reads the session does not make). */
async function org<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `SSWS ${sandbox.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const faultsOn = (operation: number) =>
  org('POST', '/sandbox/v1/faults', {
    failureRate: 0.2,
    failureStatus: failureStatuses[operation % failureStatuses.length],
    dropConnectionRate: 0.1,
    malformedRate: 0.1,
    seed: `${SEED}/${operation}`,
  });
const faultsOff = () => org('DELETE', '/sandbox/v1/faults');

const dispatch = <K extends MethodName>(name: K, input: MethodInput<K>): Promise<BridgeResult<MethodResult<K>>> =>
  core.dispatch(name, input, CLIENT) as Promise<BridgeResult<MethodResult<K>>>;

/** A call made with the faults off, for the test's own reads through the core. */
async function quietly<K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodResult<K>> {
  const result = await dispatch(name, input);
  if (!result.ok) throw new Error(`${name} failed with the faults off: ${result.error.message}`);
  return result.value;
}

async function waitForEvent<E extends EventName>(name: E, match: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E> | null> {
  const deadline = Date.now() + WATCH_CEILING_MS;
  while (Date.now() < deadline) {
    const found = events.find((event) => event.name === name && match(event.payload as EventPayload<E>));
    if (found) return found.payload as EventPayload<E>;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}

const factorsOf = (userId: string) => org<OrgFactor[]>('GET', `/api/v1/users/${userId}/factors`);
const pendingPushes = (userId: string) => org<PendingPush[]>('GET', `/sandbox/v1/users/${userId}/pushes`);
async function latestCode(phone: string): Promise<string | null> {
  const messages = await org<{ code: string | null }[]>('GET', `/sandbox/v1/outbox?to=${encodeURIComponent(phone)}`);
  return messages.filter((message) => message.code).at(-1)?.code ?? null;
}

/** Give the user an active SMS and push factor straight at the org (setup, and repair after a failed enrollment). */
async function ensureFactors(user: SessionUser): Promise<void> {
  for (const factor of await factorsOf(user.id)) {
    if (factor.status !== 'ACTIVE') await org('DELETE', `/api/v1/users/${user.id}/factors/${factor.id}`);
  }
  const factors = await factorsOf(user.id);
  if (!factors.some((factor) => factor.factorType === 'sms')) {
    await org('POST', '/sandbox/v1/clock/advance', { seconds: 31 });
    const sms = await org<OrgFactor>('POST', `/api/v1/users/${user.id}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: user.phone } });
    await org('POST', `/api/v1/users/${user.id}/factors/${sms.id}/lifecycle/activate`, { passCode: await latestCode(user.phone) });
  }
  if (!factors.some((factor) => factor.factorType === 'push')) {
    const push = await org<OrgFactor>('POST', `/api/v1/users/${user.id}/factors`, { factorType: 'push', provider: 'OKTA' });
    await org('POST', `/sandbox/v1/users/${user.id}/factors/${push.id}/scan`, {});
  }
}

type Expected = Partial<Record<AuditAction, number>>;
interface OperationReport {
  kind: string;
  expected: Expected;
  /** Acknowledged to the agent (the call answered ok). */
  acknowledged: boolean;
}

const problems: string[] = [];
const tally = new Map<string, number>();
let operation = 0;

function check(condition: boolean, what: string): void {
  if (!condition) problems.push(`op ${operation} (seed ${SEED}): ${what}`);
}

const sameIds = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join();

// ---------------------------------------------------------------- operations

async function listFactorsOp(user: SessionUser): Promise<OperationReport> {
  await faultsOn(operation);
  const listed = await dispatch('listFactors', { userId: user.id });
  await faultsOff();
  if (listed.ok) {
    const actual = await factorsOf(user.id);
    check(sameIds(listed.value.factors.map((factor) => factor.id), actual.map((factor) => factor.id)), 'listFactors answered other factors than the org has');
    for (const factor of listed.value.factors) {
      check(actual.find((each) => each.id === factor.id)?.status === factor.status, `listFactors said ${factor.id} is ${factor.status}`);
    }
  }
  return { kind: 'list', expected: {}, acknowledged: listed.ok };
}

async function testPushOp(user: SessionUser, push: OrgFactor): Promise<OperationReport> {
  await faultsOn(operation);
  const started = await dispatch('startVerify', { userId: user.id, factorId: push.id });
  let final: EventPayload<'pushVerifyStatus'> | null = null;
  let transactionId: string | undefined;
  if (started.ok) {
    if (started.value.kind !== 'push') throw new Error('a push factor answered something other than a push');
    const { watchId, correctAnswer } = started.value;
    const pending = (await pendingPushes(user.id)).find((candidate) => candidate.factorId === push.id);
    transactionId = pending?.transactionId;
    if (pending) {
      check(pending.correctAnswer === correctAnswer, `the number shown (${correctAnswer}) is not the phone's (${pending.correctAnswer})`);
      // The caller approves on the phone with the number they were told.
      await org('POST', `/sandbox/v1/pushes/${pending.transactionId}/approve`, { answer: pending.correctAnswer });
    }
    final = await waitForEvent('pushVerifyStatus', (event) => event.watchId === watchId && event.state !== 'WAITING');
    check(final !== null, 'the push watch never ended');
  }
  await faultsOff();
  if (final?.state === 'SUCCESS') {
    const status = await quietly('getCallerVerification', { userId: user.id });
    check(status.verified?.method === 'test_push' && status.verified.factorId === push.id, 'an approved push did not count as the caller verification');
    const transaction = await org<{ factorResult: string }>('GET', `/api/v1/users/${user.id}/factors/${push.id}/transactions/${transactionId}`);
    check(transaction.factorResult === 'SUCCESS', `the watch said SUCCESS, the org says ${transaction.factorResult}`);
  } else if (final) {
    check(final.withdrawn !== false, `a push watch ended ${final.state} without withdrawing its push`);
  }
  return { kind: `push:${started.ok ? (final?.state ?? 'no end') : started.error.code}`, expected: { verify_start: 1, verify_push: started.ok ? 1 : 0 }, acknowledged: started.ok };
}

async function smsCheckOp(user: SessionUser, sms: OrgFactor, random: SeededRandom): Promise<OperationReport> {
  await org('POST', '/sandbox/v1/clock/advance', { seconds: 31 }); // past the previous code's resend wait
  await faultsOn(operation);
  const started = await dispatch('startVerify', { userId: user.id, factorId: sms.id });
  let checked: BridgeResult<MethodResult<'checkVerification'>> | null = null;
  const wrong = random.next() < 0.25;
  if (started.ok && started.value.kind === 'code_sent') {
    const code = await latestCode(user.phone);
    const passCode = wrong || !code ? (code === '000000' ? '111111' : '000000') : code;
    checked = await dispatch('checkVerification', { userId: user.id, factorId: sms.id, passCode });
  }
  await faultsOff();
  const status = await quietly('getCallerVerification', { userId: user.id });
  if (checked?.ok) {
    check(!wrong, 'a wrong code was accepted');
    check(status.verified?.method === 'code_check' && status.verified.factorId === sms.id, 'a passed code check did not count');
  } else if (checked && checked.error.code === 'WRONG_CODE') {
    check(status.verified === null && status.failedCheck?.reason === 'wrong_code', 'a wrong code did not void the pass');
  }
  const how = checked ? (checked.ok ? 'passed' : checked.error.code) : started.ok ? 'not checked' : started.error.code;
  return { kind: `sms:${how}`, expected: { verify_start: 1, verify_code: checked ? 1 : 0 }, acknowledged: started.ok };
}

async function resetOneOp(user: SessionUser, factors: OrgFactor[], random: SeededRandom): Promise<OperationReport> {
  const target = random.pick(factors);
  const status = await quietly('getCallerVerification', { userId: user.id });
  const callerVerification = status.verified && random.next() < 0.5 ? { method: 'recent_check' as const } : { method: 'id_check' as const, ticket: `INC-${operation}` };
  await faultsOn(operation);
  const reset = await dispatch('resetFactor', { userId: user.id, factorId: target.id, callerVerification });
  await faultsOff();
  const after = (await factorsOf(user.id)).map((factor) => factor.id);
  const removed = factors.filter((factor) => !after.includes(factor.id)).map((factor) => factor.id);
  if (reset.ok) {
    check(!after.includes(target.id), 'a reset reported done, but the factor is still there');
    // Identity Engine: removing Okta Verify push or FastPass removes the device's Okta Verify (each user here has one phone).
    const takesDevice = target.factorType === 'push' || target.factorType === 'signed_nonce';
    const oktaVerify = (factor: OrgFactor) => factor.factorType === 'push' || factor.factorType === 'signed_nonce' || (factor.factorType === 'token:software:totp' && factor.provider === 'OKTA');
    const expected = takesDevice ? factors.filter(oktaVerify).map((factor) => factor.id) : [target.id];
    check(sameIds(removed, expected), `a reset removed ${removed.join(', ')} instead of ${expected.join(', ')}`);
    check(sameIds(reset.value.removedFactorIds, removed), 'a reset reported other factors removed than Okta removed');
  } else {
    check(!/someone else/.test(reset.error.message), `a reset said "someone else" with nobody else at the org: ${reset.error.message}`);
    if (reset.error.code !== 'OUTCOME_UNKNOWN') check(after.includes(target.id), `a reset reported failed (${reset.error.code}), but the factor is gone`);
  }
  return { kind: `reset:${reset.ok ? 'done' : reset.error.code}`, expected: { reset_factor: 1 }, acknowledged: reset.ok };
}

async function resetAllOp(user: SessionUser, factors: OrgFactor[]): Promise<OperationReport> {
  await faultsOn(operation);
  const reset = await dispatch('resetAllFactors', { userId: user.id, confirmLogin: user.login, callerVerification: { method: 'manager_callback', ticket: `INC-${operation}` } });
  await faultsOff();
  const after = (await factorsOf(user.id)).map((factor) => factor.id);
  if (reset.ok) {
    check(after.length === 0, 'a reset of all factors reported done, but factors are left');
    check(sameIds(reset.value.removedFactorIds, factors.map((factor) => factor.id)), 'a reset of all factors reported other factors removed');
  } else if (reset.error.code !== 'OUTCOME_UNKNOWN') {
    check(sameIds(after, factors.map((factor) => factor.id)), `a reset of all factors reported failed (${reset.error.code}), but factors changed`);
  }
  return { kind: `reset_all:${reset.ok ? 'done' : reset.error.code}`, expected: { reset_all_factors: 1 }, acknowledged: reset.ok };
}

async function enrollSmsOp(user: SessionUser): Promise<OperationReport> {
  await org('POST', '/sandbox/v1/clock/advance', { seconds: 31 });
  await faultsOn(operation);
  const enrolled = await dispatch('enrollFactor', { userId: user.id, request: { factorType: 'sms', phoneNumber: user.phone } });
  let activated: BridgeResult<MethodResult<'activateFactor'>> | null = null;
  if (enrolled.ok && enrolled.value.kind === 'code_sent') {
    const code = await latestCode(user.phone);
    if (code) activated = await dispatch('activateFactor', { userId: user.id, factorId: enrolled.value.factor.id, passCode: code });
  }
  await faultsOff();
  const actual = await factorsOf(user.id);
  if (enrolled.ok) check(actual.some((factor) => factor.id === enrolled.value.factor.id), 'an enrollment reported started, but the org has no such factor');
  if (activated?.ok) check(actual.find((factor) => factor.id === activated.value.id)?.status === 'ACTIVE', 'an activation reported done, but the factor is not active');
  return { kind: `enroll_sms:${activated?.ok ? 'active' : enrolled.ok ? 'pending' : enrolled.error.code}`, expected: { enroll: 1, activate: activated ? 1 : 0 }, acknowledged: enrolled.ok };
}

async function enrollPushOp(user: SessionUser): Promise<OperationReport> {
  await faultsOn(operation);
  const enrolled = await dispatch('enrollFactor', { userId: user.id, request: { factorType: 'push' } });
  let final: EventPayload<'activationStatus'> | null = null;
  if (enrolled.ok && enrolled.value.kind === 'push_activation') {
    const { factor, activation } = enrolled.value;
    await org('POST', `/sandbox/v1/users/${user.id}/factors/${factor.id}/scan`, {});
    final = await waitForEvent('activationStatus', (event) => event.watchId === activation.watchId && event.state !== 'WAITING');
    check(final !== null, 'the activation watch never ended');
  }
  await faultsOff();
  if (final?.state === 'ACTIVE' && enrolled.ok) {
    const actual = (await factorsOf(user.id)).find((factor) => factor.id === enrolled.value.factor.id);
    check(actual?.status === 'ACTIVE', 'an activation seen live is not active at the org');
  }
  return { kind: `enroll_push:${final?.state ?? (enrolled.ok ? 'no end' : enrolled.error.code)}`, expected: { enroll: 1, activate: final?.state === 'ACTIVE' ? 1 : 0 }, acknowledged: enrolled.ok };
}

// ---------------------------------------------------------------- the session

/** The journal lines of one operation: each action's outcomes counted, each attempt closed by one outcome. */
function checkJournal(records: AuditRecord[], report: OperationReport): void {
  const outcomes = records.filter((record) => record.outcome !== 'attempt');
  const attempts = records.filter((record) => record.outcome === 'attempt');
  const actions = new Set<AuditAction>([...(Object.keys(report.expected) as AuditAction[]), ...outcomes.map((record) => record.action)]);
  for (const action of actions) {
    const count = outcomes.filter((record) => record.action === action).length;
    check(count === (report.expected[action] ?? 0), `${report.kind}: ${count} journal outcome(s) of ${action}, expected ${report.expected[action] ?? 0}`);
  }
  for (const attempt of attempts) {
    check(attempt.action === 'reset_factor' || attempt.action === 'reset_all_factors', `an attempt record for ${attempt.action}`);
    check(outcomes.filter((record) => record.attemptId === attempt.id).length === 1, `${report.kind}: attempt ${attempt.id} without exactly one outcome`);
  }
  check(!outcomesOf(records).some((record) => record.outcome === 'unknown' && record.attemptId && !outcomes.includes(record)), 'an attempt left without an outcome');
}

async function runOperation(user: SessionUser, random: SeededRandom): Promise<OperationReport> {
  const factors = (await factorsOf(user.id)).filter((factor) => factor.status === 'ACTIVE');
  const push = factors.find((factor) => factor.factorType === 'push');
  const sms = factors.find((factor) => factor.factorType === 'sms');
  const roll = random.next();
  if (roll < 0.25) return listFactorsOp(user);
  if (roll < 0.5) return push ? testPushOp(user, push) : enrollPushOp(user);
  if (roll < 0.72) return sms ? smsCheckOp(user, sms, random) : enrollSmsOp(user);
  if (roll < 0.94) return factors.length > 0 ? resetOneOp(user, factors, random) : random.next() < 0.5 ? enrollSmsOp(user) : enrollPushOp(user);
  return factors.length > 0 ? resetAllOp(user, factors) : enrollSmsOp(user);
}

describe('a helpdesk session on a bad network', { timeout: 180_000 }, () => {
  let users: SessionUser[] = [];

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    const limits = { authn: 100_000, usersList: 100_000, userGet: 100_000, userWrite: 100_000, logs: 100_000, api: 100_000 };
    sandbox = await startSandbox({ users: 30, seed: 'fault-session', rateLimits: { ...limits, enabled: false } });
    dataDir = await mkdtemp(join(tmpdir(), 'factordesk-fault-session-'));
    core = createCore({
      dataDir,
      secretStore: createSessionSecretStore(),
      agentName: 'fault-session',
      emit: (_clientId, envelope) => events.push(envelope),
      startSandbox: async () => ({ url: sandbox.url, token: sandbox.token, close: async () => {} }),
      createClient: (connection) =>
        new OktaClient({ orgUrl: connection.orgUrl, token: connection.token, retry: { baseDelayMs: 5, maxDelayMs: 20, rateLimitJitterMs: 5, maxRateLimitWaitMs: 50 } }),
      workflows: { pollSchedule: { intervalMs: () => 20, retryDelayMs: () => 20 }, pollBudget: { share: 1 } },
    });
    await quietly('connectSandbox', {});
    const listed = await org<{ id: string; profile: { login: string } }[]>('GET', '/api/v1/users?limit=30');
    users = listed.slice(-USERS).map((user, index) => ({ id: user.id, login: user.profile.login, phone: `+1555020${String(index).padStart(4, '0')}` }));
    for (const user of users) {
      await org('POST', `/api/v1/users/${user.id}/lifecycle/reset_factors`);
      await ensureFactors(user);
    }
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await core?.close();
    await sandbox?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`${OPERATIONS} operations with 20 % failing answers, 10 % dropped connections and 10 % cut bodies`, async () => {
    const random = new SeededRandom(SEED);
    let acknowledged = 0;
    for (operation = 0; operation < OPERATIONS; operation++) {
      const user = random.pick(users);
      const before = new Set((await readJournal(dataDir)).records.map((record) => record.id));
      const report = await runOperation(user, random);
      tally.set(report.kind, (tally.get(report.kind) ?? 0) + 1);
      if (report.acknowledged) acknowledged += 1;
      // Every watch of this operation has ended: nothing may be left waiting on the phone.
      check((await pendingPushes(user.id)).length === 0, `${report.kind}: a push is left live at the org with no watch following it`);
      const records = (await readJournal(dataDir)).records.filter((record) => !before.has(record.id));
      checkJournal(records, report);
      if (report.kind.startsWith('enroll')) await ensureFactors(user);
    }

    const journal = await readJournal(dataDir);
    expect(journal.skippedLines).toBe(0);
    for (const user of users) expect(await pendingPushes(user.id)).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(problems, problems.join('\n')).toEqual([]);
    // The session did what it says: a real mix, and faults that actually bit.
    const kinds = [...tally.keys()].join(' ');
    for (const kind of ['list', 'push:SUCCESS', 'sms:passed', 'sms:WRONG_CODE', 'reset:done', 'reset_all:done']) expect(kinds).toContain(kind);
    const failedOperations = OPERATIONS - acknowledged;
    expect(failedOperations).toBeGreaterThan(OPERATIONS * 0.1);
    expect(acknowledged).toBeGreaterThan(OPERATIONS * 0.4);
    console.info(`fault session ${SEED}: ${acknowledged}/${OPERATIONS} acknowledged; ${[...tally].map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  });
});
