// Every workflow method that changes or challenges a user leaves exactly one journal record, however
// it ends: refused by FactorDesk's own checks, failed before its request reached Okta (the factor was
// gone, the network was down), failed at Okta, or succeeded. Against the sandbox org over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { BridgeErrorData, MethodInput, MethodResult } from '../../../contract';
import type { workflowMethods } from '../../../contract/workflows';
import { readJournal, type AuditRecord } from '../../../main/core/audit';
import { toBridgeError } from '../../../main/core/bridge/dispatch';
import { OktaClient, oktaFactorSchema, type OktaFactor } from '../../../main/core/okta';
import { startHarness, type Harness } from './support/harness';

type WorkflowMethod = keyof typeof workflowMethods;

let h: Harness;
/** The same org through the read-only token: every read works, every change is refused by Okta (403 E0000006). */
let readOnly: OktaClient;
let userIds: string[] = [];
let nextUser = 0;
let nextPhone = 0;

beforeAll(async () => {
  // Short client retries: the "network down" cases wait out three dropped connections.
  h = await startHarness({ clientOptions: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } });
  readOnly = new OktaClient({ orgUrl: h.sandbox.url, token: h.sandbox.readOnlyToken });
  const users = await h.client.request({ method: 'GET', path: '/api/v1/users', query: { limit: 200 }, schema: z.array(z.looseObject({ id: z.string() })) });
  userIds = users.data.map((user) => user.id);
});
afterAll(async () => {
  await readOnly?.close();
  await h?.close();
});

/** A user with no factors (factors are cleared straight at the org, so nothing is journaled). */
async function userWithoutFactors(): Promise<string> {
  const userId = userIds[nextUser++ % userIds.length] ?? '';
  await h.client.request({ method: 'POST', path: `/api/v1/users/${userId}/lifecycle/reset_factors`, schema: z.unknown() });
  return userId;
}

const uniquePhone = (): string => `+1555017${String(nextPhone++).padStart(4, '0')}`;

/** Factors set up straight at the org, so only the call under test writes to the journal. */
const org = {
  enroll: async (userId: string, body: Record<string, unknown>): Promise<OktaFactor> =>
    (await h.client.request({ method: 'POST', path: `/api/v1/users/${userId}/factors`, body, schema: oktaFactorSchema })).data,
  async latestCode(to: string): Promise<string> {
    const messages = await h.control<{ code: string | null }[]>('GET', `/sandbox/v1/outbox?to=${encodeURIComponent(to)}`);
    const code = messages.filter((message) => message.code).at(-1)?.code;
    if (!code) throw new Error(`no code sent to ${to}`);
    return code;
  },
  async pendingSms(userId: string): Promise<{ factor: OktaFactor; phone: string }> {
    const phone = uniquePhone();
    return { factor: await org.enroll(userId, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: phone } }), phone };
  },
  async activeSms(userId: string): Promise<OktaFactor> {
    const { factor, phone } = await org.pendingSms(userId);
    const passCode = await org.latestCode(phone);
    const path = `/api/v1/users/${userId}/factors/${factor.id}/lifecycle/activate`;
    return (await h.client.request({ method: 'POST', path, body: { passCode }, schema: oktaFactorSchema })).data;
  },
  pendingPush: (userId: string): Promise<OktaFactor> => org.enroll(userId, { factorType: 'push', provider: 'OKTA' }),
  async activePush(userId: string): Promise<OktaFactor> {
    const factor = await org.pendingPush(userId);
    await h.control('POST', `/sandbox/v1/users/${userId}/factors/${factor.id}/scan`, {});
    return factor;
  },
  async question(userId: string, answer: string): Promise<OktaFactor> {
    const path = `/api/v1/users/${userId}/factors/questions`;
    const questions = await h.client.request({ method: 'GET', path, schema: z.array(z.looseObject({ question: z.string() })) });
    return org.enroll(userId, { factorType: 'question', provider: 'OKTA', profile: { question: questions.data[0]?.question, answer } });
  },
};

/** A factor id in Okta's shape that no user has: what the agent sees after someone else removed the factor. */
const goneFactorId = 'sms1234567890abcdefg';

/** The call's bridge error (null when it succeeded), and the journal records it left. `through` swaps the org's client for the call. */
async function journaled<K extends WorkflowMethod>(
  name: K,
  input: MethodInput<K>,
  through?: OktaClient,
): Promise<{ records: AuditRecord[]; error: BridgeErrorData | null; value: MethodResult<K> | null }> {
  const before = new Set((await readJournal(h.dataDir)).records.map((record) => record.id));
  const call = async (): Promise<{ error: BridgeErrorData | null; value: MethodResult<K> | null }> => {
    try {
      return { error: null, value: await h.call(name, input) };
    } catch (error) {
      return { error: toBridgeError(error), value: null };
    }
  };
  const { error, value } = through ? await h.withClient(through, call) : await call();
  const records = (await readJournal(h.dataDir)).records.filter((record) => !before.has(record.id));
  return { records, error, value };
}

/** Resolves once a one-shot fault (`count: 1`) has been taken by a request: the org then holds that request for its latency. */
async function faultTaken(): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (Object.keys(await h.control<object>('GET', '/sandbox/v1/faults')).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('no request took the fault');
}

/** Drop every connection to Okta paths matching `paths` while `work` runs. */
async function withNetworkDown<T>(paths: string, work: () => Promise<T>): Promise<T> {
  await h.control('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, paths });
  try {
    return await work();
  } finally {
    await h.control('DELETE', '/sandbox/v1/faults');
  }
}

/**
 * The call's one outcome. A high-risk action (a reset) also wrote an attempt record before its
 * request went to Okta: at most one, before the outcome, which names it.
 */
function theOnlyRecord(records: AuditRecord[]): AuditRecord {
  const outcomes = records.filter((record) => record.outcome !== 'attempt');
  const attempts = records.filter((record) => record.outcome === 'attempt');
  expect(outcomes).toHaveLength(1);
  expect(attempts.length).toBeLessThanOrEqual(1);
  const outcome = outcomes[0] as AuditRecord;
  const attempt = attempts[0];
  if (attempt) {
    expect(outcome.attemptId).toBe(attempt.id);
    expect(records.indexOf(attempt)).toBeLessThan(records.indexOf(outcome));
    expect(attempt).toMatchObject({ action: outcome.action, userId: outcome.userId });
  } else {
    expect(outcome.attemptId).toBeUndefined();
  }
  return outcome;
}

/** Which records a call left, by outcome, in order: a reset that sent its request shows its attempt first. */
const outcomesIn = (result: { records: AuditRecord[] }): string[] => result.records.map((record) => record.outcome);

/** The call failed with `errorCode`, and its one record says so, with how far the action got. */
function expectFailed(
  result: { records: AuditRecord[]; error: BridgeErrorData | null },
  stage: NonNullable<AuditRecord['stage']>,
  errorCode: string,
  expected: Record<string, unknown>,
): void {
  expect(result.error?.code).toBe(errorCode);
  expect(theOnlyRecord(result.records)).toMatchObject({ ...expected, outcome: 'failure', stage, errorCode });
}

/** A success record: how it ended, and no failure stage. */
function expectSucceeded(records: AuditRecord[], error: BridgeErrorData | null, expected: Record<string, unknown>): void {
  expect(error).toBeNull();
  const record = theOnlyRecord(records);
  expect(record).toMatchObject(expected);
  expect(record.stage).toBeUndefined();
}

describe('enrollFactor', () => {
  it('input the contract refuses never reaches the action: nothing is journaled, nothing sent', async () => {
    const userId = await userWithoutFactors();
    const { records, error } = await journaled('enrollFactor', { userId, request: { factorType: 'sms', phoneNumber: '555-0100' } });
    expect(error?.code).toBe('INVALID_INPUT');
    expect(records).toEqual([]);
  });

  it('failed before Okta: the network is down while looking at the user\'s factors', async () => {
    const userId = await userWithoutFactors();
    expectFailed(
      await withNetworkDown('/factors$', () => journaled('enrollFactor', { userId, request: { factorType: 'sms', phoneNumber: uniquePhone() } })),
      'before_okta',
      'NETWORK',
      { action: 'enroll', factorType: 'sms' },
    );
    expect(await h.factorsOf(userId)).toEqual([]);
  });

  it('failed before Okta: a user that does not exist is journaled without a login', async () => {
    expectFailed(
      await journaled('enrollFactor', { userId: '00u0000000000000gone', request: { factorType: 'push' } }),
      'before_okta',
      'NOT_FOUND',
      { action: 'enroll', userLogin: null },
    );
  });

  it('failed at Okta: the token may not enroll', async () => {
    const userId = await userWithoutFactors();
    expectFailed(
      await journaled('enrollFactor', { userId, request: { factorType: 'push' } }, readOnly),
      'at_okta',
      'PERMISSION_DENIED',
      { action: 'enroll', oktaErrorCode: 'E0000006' },
    );
  });

  it('succeeded: pending until the caller reads the code back', async () => {
    const userId = await userWithoutFactors();
    const { records, error } = await journaled('enrollFactor', { userId, request: { factorType: 'sms', phoneNumber: uniquePhone() } });
    expectSucceeded(records, error, { action: 'enroll', outcome: 'pending', factorType: 'sms', factorId: expect.any(String) });
  });
});

describe('sendActivationLink', () => {
  it('refused: the factor is not an Okta Verify push', async () => {
    const userId = await userWithoutFactors();
    const question = await org.question(userId, 'blue whale');
    expectFailed(
      await journaled('sendActivationLink', { channel: 'email', userId, factorId: question.id }),
      'refused',
      'VALIDATION',
      { action: 'send_activation_link', factorType: 'question' },
    );
  });

  it('failed before Okta: the factor is gone', async () => {
    const userId = await userWithoutFactors();
    const result = await journaled('sendActivationLink', { channel: 'email', userId, factorId: goneFactorId });
    expectFailed(result, 'before_okta', 'NOT_FOUND', { action: 'send_activation_link', factorId: goneFactorId });
    expect(result.error?.action).toMatch(/Refresh/);
  });

  it('failed at Okta: the token may not start the activation', async () => {
    const userId = await userWithoutFactors();
    const push = await org.pendingPush(userId);
    expectFailed(
      await journaled('sendActivationLink', { channel: 'sms', userId, factorId: push.id, phoneNumber: uniquePhone() }, readOnly),
      'at_okta',
      'PERMISSION_DENIED',
      { action: 'send_activation_link', factorType: 'push' },
    );
  });

  it('succeeded', async () => {
    const userId = await userWithoutFactors();
    const push = await org.pendingPush(userId);
    const { records, error } = await journaled('sendActivationLink', { channel: 'sms', userId, factorId: push.id, phoneNumber: '+1 555 017 9999' });
    expectSucceeded(records, error, { action: 'send_activation_link', outcome: 'success', factorId: push.id, detail: 'sms to +1•••9999' });
  });
});

describe('activateFactor', () => {
  it('refused: a push factor is activated on the phone, not with a code', async () => {
    const userId = await userWithoutFactors();
    const push = await org.pendingPush(userId);
    expectFailed(
      await journaled('activateFactor', { userId, factorId: push.id, passCode: '123456' }),
      'refused',
      'VALIDATION',
      { action: 'activate', factorId: push.id, factorType: 'push' },
    );
  });

  it('failed before Okta: the factor is gone', async () => {
    const userId = await userWithoutFactors();
    expectFailed(await journaled('activateFactor', { userId, factorId: goneFactorId, passCode: '123456' }), 'before_okta', 'NOT_FOUND', { action: 'activate' });
  });

  it('failed at Okta: a wrong code', async () => {
    const userId = await userWithoutFactors();
    const { factor, phone } = await org.pendingSms(userId);
    const code = await org.latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    expectFailed(
      await journaled('activateFactor', { userId, factorId: factor.id, passCode: wrong }),
      'at_okta',
      'WRONG_CODE',
      { action: 'activate', factorType: 'sms', oktaErrorCode: 'E0000068' },
    );
  });

  it('succeeded', async () => {
    const userId = await userWithoutFactors();
    const { factor, phone } = await org.pendingSms(userId);
    const { records, error } = await journaled('activateFactor', { userId, factorId: factor.id, passCode: await org.latestCode(phone) });
    expectSucceeded(records, error, { action: 'activate', outcome: 'success', factorId: factor.id, factorType: 'sms' });
  });

  it('succeeded without sending anything: the factor was already active', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    const { records, error } = await journaled('activateFactor', { userId, factorId: sms.id, passCode: '123456' });
    expectSucceeded(records, error, { action: 'activate', outcome: 'success', detail: 'no code sent to Okta' });
  });
});

describe('resendCode', () => {
  it('refused: the enrollment is no longer pending', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    expectFailed(
      await journaled('resendCode', { userId, factorId: sms.id, purpose: 'enroll' }),
      'refused',
      'ACTIVATION_EXPIRED',
      { action: 'resend_code', factorType: 'sms' },
    );
  });

  it('failed before Okta: the network is down while looking at the factor', async () => {
    const userId = await userWithoutFactors();
    const { factor } = await org.pendingSms(userId);
    expectFailed(
      await withNetworkDown(`/factors/${factor.id}$`, () => journaled('resendCode', { userId, factorId: factor.id, purpose: 'enroll' })),
      'before_okta',
      'NETWORK',
      { action: 'resend_code', factorId: factor.id },
    );
  });

  it('failed at Okta: sent too recently', async () => {
    const userId = await userWithoutFactors();
    const { factor } = await org.pendingSms(userId);
    expectFailed(
      await journaled('resendCode', { userId, factorId: factor.id, purpose: 'enroll' }),
      'at_okta',
      'SENT_TOO_RECENTLY',
      { action: 'resend_code', detail: 'enroll' },
    );
  });

  it('succeeded', async () => {
    const userId = await userWithoutFactors();
    const { factor } = await org.pendingSms(userId);
    await h.control('POST', '/sandbox/v1/clock/advance', { seconds: 31 });
    const { records, error } = await journaled('resendCode', { userId, factorId: factor.id, purpose: 'enroll' });
    expectSucceeded(records, error, { action: 'resend_code', outcome: 'success', factorType: 'sms', detail: 'enroll' });
  });
});

describe('watchActivation', () => {
  it('refused: the push is already active', async () => {
    const userId = await userWithoutFactors();
    const push = await org.activePush(userId);
    expectFailed(
      await journaled('watchActivation', { userId, factorId: push.id }),
      'refused',
      'ACTIVATION_EXPIRED',
      { action: 'restart_activation', factorType: 'push' },
    );
  });

  it('failed before Okta: the factor is gone', async () => {
    const userId = await userWithoutFactors();
    expectFailed(await journaled('watchActivation', { userId, factorId: goneFactorId }), 'before_okta', 'NOT_FOUND', { action: 'restart_activation' });
  });

  it('failed at Okta: the token may not restart the activation', async () => {
    const userId = await userWithoutFactors();
    const push = await org.pendingPush(userId);
    expectFailed(await journaled('watchActivation', { userId, factorId: push.id }, readOnly), 'at_okta', 'PERMISSION_DENIED', { action: 'restart_activation' });
  });

  it('succeeded (stopping the watch afterwards journals nothing more)', async () => {
    const userId = await userWithoutFactors();
    const push = await org.pendingPush(userId);
    const { records, error, value } = await journaled('watchActivation', { userId, factorId: push.id });
    expectSucceeded(records, error, { action: 'restart_activation', outcome: 'success', factorId: push.id });
    const recordsBefore = (await readJournal(h.dataDir)).records.length;
    await h.call('cancelWatch', { watchId: value?.watchId ?? '' });
    expect(await h.nextEvent('activationStatus', (event) => event.watchId === value?.watchId)).toMatchObject({ state: 'CANCELLED' });
    expect((await readJournal(h.dataDir)).records).toHaveLength(recordsBefore);
  });
});

describe('startVerify', () => {
  it('refused: the factor is not active yet', async () => {
    const userId = await userWithoutFactors();
    const { factor } = await org.pendingSms(userId);
    expectFailed(await journaled('startVerify', { userId, factorId: factor.id }), 'refused', 'VALIDATION', { action: 'verify_start', factorType: 'sms' });
  });

  it('failed before Okta: the network is down while looking at the factor', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    expectFailed(
      await withNetworkDown(`/factors/${sms.id}$`, () => journaled('startVerify', { userId, factorId: sms.id })),
      'before_okta',
      'NETWORK',
      { action: 'verify_start', factorId: sms.id },
    );
  });

  it('failed at Okta: the token may not send a challenge', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    expectFailed(
      await journaled('startVerify', { userId, factorId: sms.id }, readOnly),
      'at_okta',
      'PERMISSION_DENIED',
      { action: 'verify_start', factorType: 'sms' },
    );
  });

  it('succeeded: a code sent', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    await h.control('POST', '/sandbox/v1/clock/advance', { seconds: 31 }); // past the enrollment code's resend wait
    const { records, error } = await journaled('startVerify', { userId, factorId: sms.id });
    expectSucceeded(records, error, { action: 'verify_start', outcome: 'success', factorId: sms.id, factorType: 'sms' });
  });

  it('succeeded with nothing to send: the caller answers a security question', async () => {
    const userId = await userWithoutFactors();
    const question = await org.question(userId, 'green parrot');
    const { records, error } = await journaled('startVerify', { userId, factorId: question.id });
    expectSucceeded(records, error, { action: 'verify_start', outcome: 'success', factorType: 'question', detail: expect.stringMatching(/^nothing sent/) });
  });
});

describe('checkVerification', () => {
  it('refused: a push factor is checked with a test push, not a code', async () => {
    const userId = await userWithoutFactors();
    const push = await org.activePush(userId);
    expectFailed(
      await journaled('checkVerification', { userId, factorId: push.id, passCode: '123456' }),
      'refused',
      'VALIDATION',
      { action: 'verify_code', factorType: 'push' },
    );
  });

  it('failed before Okta: the factor is gone', async () => {
    const userId = await userWithoutFactors();
    expectFailed(
      await journaled('checkVerification', { userId, factorId: goneFactorId, passCode: '123456' }),
      'before_okta',
      'NOT_FOUND',
      { action: 'verify_code' },
    );
  });

  it('failed at Okta: a wrong answer', async () => {
    const userId = await userWithoutFactors();
    const question = await org.question(userId, 'green parrot');
    expectFailed(
      await journaled('checkVerification', { userId, factorId: question.id, answer: 'red parrot' }),
      'at_okta',
      'WRONG_CODE',
      { action: 'verify_code', factorType: 'question' },
    );
  });

  it('succeeded', async () => {
    const userId = await userWithoutFactors();
    const question = await org.question(userId, 'green parrot');
    const { records, error } = await journaled('checkVerification', { userId, factorId: question.id, answer: 'green parrot' });
    expectSucceeded(records, error, { action: 'verify_code', outcome: 'success', factorId: question.id });
  });
});

describe('resetFactor', () => {
  const verified = { method: 'in_person', ticket: 'INC-7' } as const;

  it('refused: the org requires saying how the caller was verified', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    expectFailed(await journaled('resetFactor', { userId, factorId: sms.id }), 'refused', 'INVALID_INPUT', { action: 'reset_factor', factorId: sms.id });
    expect((await h.factorsOf(userId)).map((factor) => factor.id)).toEqual([sms.id]);
  });

  it('failed before Okta: the network is down while looking at the factor', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    expectFailed(
      await withNetworkDown(`/factors/${sms.id}$`, () => journaled('resetFactor', { userId, factorId: sms.id, callerVerification: verified })),
      'before_okta',
      'NETWORK',
      { action: 'reset_factor', factorId: sms.id, callerVerification: { method: 'in_person' } },
    );
    expect((await h.factorsOf(userId)).map((factor) => factor.id)).toEqual([sms.id]);
  });

  it('failed at Okta: the token may not remove factors (the attempt was journaled before the DELETE)', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    const result = await journaled('resetFactor', { userId, factorId: sms.id, callerVerification: verified }, readOnly);
    expectFailed(result, 'at_okta', 'PERMISSION_DENIED', { action: 'reset_factor', factorType: 'sms' });
    expect(outcomesIn(result)).toEqual(['attempt', 'failure']);
    expect(result.records[0]).toMatchObject({ factorId: sms.id, factorType: 'sms', callerVerification: { method: 'in_person', ticket: 'INC-7' } });
  });

  it('failed at Okta: the factor was removed by someone else between the look and the DELETE', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    // FactorDesk's DELETE is held at the org; meanwhile someone else removes the factor; then the DELETE gets Okta's plain 404.
    await h.control('POST', '/sandbox/v1/faults', { latencyMs: 500, count: 1, paths: `/factors/${sms.id}$`, methods: ['DELETE'] });
    const removing = journaled('resetFactor', { userId, factorId: sms.id, callerVerification: verified });
    await faultTaken();
    await h.client.request({ method: 'DELETE', path: `/api/v1/users/${userId}/factors/${sms.id}`, schema: z.unknown() });
    const result = await removing;
    expectFailed(result, 'at_okta', 'NOT_FOUND', { action: 'reset_factor' });
    expect(result.error?.message).toMatch(/removed by someone else/);
    expect(outcomesIn(result)).toEqual(['attempt', 'failure']);
  });

  it('succeeded', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    const { records, error } = await journaled('resetFactor', { userId, factorId: sms.id, callerVerification: verified });
    expectSucceeded(
      records,
      error,
      { action: 'reset_factor', outcome: 'success', factorId: sms.id, callerVerification: { method: 'in_person', ticket: 'INC-7' } },
    );
    expect(outcomesIn({ records })).toEqual(['attempt', 'success']);
    expect(await h.factorsOf(userId)).toEqual([]);
  });

  it('unknown: the DELETE\'s answer was lost and the factors cannot be read back', async () => {
    const userId = await userWithoutFactors();
    const sms = await org.activeSms(userId);
    // The look at the factor is held at the org; while it waits, the network to the factor and the list goes down.
    await h.control('POST', '/sandbox/v1/faults', { latencyMs: 500, count: 1, paths: `/factors/${sms.id}$`, methods: ['GET'] });
    const removing = journaled('resetFactor', { userId, factorId: sms.id, callerVerification: verified });
    await faultTaken();
    await h.control('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, paths: `/factors(/${sms.id})?$` });
    const result = await removing.finally(() => h.control('DELETE', '/sandbox/v1/faults'));
    expect(result.error?.code).toBe('OUTCOME_UNKNOWN');
    expect(result.error?.message).toMatch(/cannot tell whether the factor was removed/);
    expect(theOnlyRecord(result.records)).toMatchObject({ action: 'reset_factor', outcome: 'unknown', errorCode: 'OUTCOME_UNKNOWN', factorId: sms.id });
    expect(outcomesIn(result)).toEqual(['attempt', 'unknown']);
    // The DELETE never reached the handler: the factor is still there, which is why "unknown" and not "removed".
    expect((await h.factorsOf(userId)).map((factor) => factor.id)).toEqual([sms.id]);
  });
});

describe('resetAllFactors', () => {
  const verified = { method: 'id_check', ticket: 'INC-8' } as const;
  const loginOf = async (userId: string): Promise<string> => (await h.userByLogin(userId)).login;

  it('refused: the confirmation is not the user\'s login', async () => {
    const userId = await userWithoutFactors();
    await org.activeSms(userId);
    expectFailed(
      await journaled('resetAllFactors', { userId, confirmLogin: 'someone.else@example.org', callerVerification: verified }),
      'refused',
      'INVALID_INPUT',
      { action: 'reset_all_factors' },
    );
    expect(await h.factorsOf(userId)).toHaveLength(1);
  });

  it('failed before Okta: the network is down while listing the factors', async () => {
    const userId = await userWithoutFactors();
    await org.activeSms(userId);
    const login = await loginOf(userId);
    expectFailed(
      await withNetworkDown('/factors$', () => journaled('resetAllFactors', { userId, confirmLogin: login, callerVerification: verified })),
      'before_okta',
      'NETWORK',
      { action: 'reset_all_factors', userLogin: login },
    );
    expect(await h.factorsOf(userId)).toHaveLength(1);
  });

  it('failed at Okta: the token may not reset factors', async () => {
    const userId = await userWithoutFactors();
    await org.activeSms(userId);
    const login = await loginOf(userId);
    const result = await journaled('resetAllFactors', { userId, confirmLogin: login, callerVerification: verified }, readOnly);
    expectFailed(result, 'at_okta', 'PERMISSION_DENIED', { action: 'reset_all_factors', detail: '1 factor(s): sms' });
    expect(outcomesIn(result)).toEqual(['attempt', 'failure']);
  });

  it('succeeded', async () => {
    const userId = await userWithoutFactors();
    await org.activeSms(userId);
    const login = await loginOf(userId);
    const { records, error } = await journaled('resetAllFactors', { userId, confirmLogin: login, callerVerification: verified });
    expectSucceeded(
      records,
      error,
      { action: 'reset_all_factors', outcome: 'success', userLogin: login, callerVerification: { method: 'id_check', ticket: 'INC-8' } },
    );
    expect(outcomesIn({ records })).toEqual(['attempt', 'success']);
    expect(await h.factorsOf(userId)).toEqual([]);
  });
});
