// "Sign them out everywhere": after a reset, in the same call, the user's Okta sessions, the OAuth
// tokens apps hold for them and their remembered devices are cleared at the org (read back through the
// sandbox's control API), each step journaled as its own action with an attempt and one outcome; every
// way Okta can answer the DELETE (403, 404, 429, a lost answer) ends as a journaled, explained outcome.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ISAAC_LOGIN } from '../../../sandbox/directory/generate';
import { call, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { journaledDuring, orgApi, userIdOf, type SandboxSessions } from './support/recovery-org';

let sandbox: SharedSandbox;
let harness: CoreHarness;
let api: ReturnType<typeof orgApi>;
/** Active users who signed in before (so they have seeded sessions), handed out one per test. */
const users: Array<{ id: string; login: string }> = [];

const manual = { method: 'id_check', ticket: 'INC-7' } as const;

beforeAll(async () => {
  sandbox = await shareSandbox(60);
  api = orgApi(sandbox);
  harness = await makeCore({ sandbox, recovery: { signOutReadBackDelaysMs: [50, 150, 300] } });
  await call(harness.core, 'connectSandbox', {});
  const listed = await api<Array<{ id: string; status: string; profile: { login: string } }>>('GET', '/api/v1/users?limit=200');
  for (const user of listed.body.filter((each) => each.status === 'ACTIVE')) {
    const state = await sessionsOf(user.id);
    if (state.sessions.length > 0 && state.oauthTokens.length > 0) users.push({ id: user.id, login: user.profile.login });
  }
});
afterEach(async () => {
  await api('DELETE', '/sandbox/v1/faults');
});
afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

async function sessionsOf(userId: string): Promise<SandboxSessions> {
  return (await api<SandboxSessions>('GET', `/sandbox/v1/users/${userId}/sessions`)).body;
}
function nextUser(): { id: string; login: string } {
  const user = users.shift();
  if (!user) throw new Error('no more seeded users with sessions');
  return user;
}

describe('reset and sign out everywhere', () => {
  it('resets all factors, then clears sessions, OAuth tokens and remembered devices at the org: two actions, each with its attempt and outcome', async () => {
    const isaac = await userIdOf(sandbox, ISAAC_LOGIN);
    expect((await sessionsOf(isaac)).sessions.length).toBeGreaterThan(0);
    const { value, records } = await journaledDuring(harness.dataDir, () =>
      call(harness.core, 'resetAllFactors', { userId: isaac, confirmLogin: ISAAC_LOGIN, callerVerification: manual, signOutEverywhere: true }),
    );
    expect(value.signOut).toMatchObject({ userId: isaac, outcome: 'success', oauthTokens: true, forgetDevices: true, error: null, auditId: expect.any(String) });
    expect(await sessionsOf(isaac)).toMatchObject({ sessions: [], oauthTokens: [], rememberedDevices: [] });

    expect(records.map((record) => `${record.action}:${record.outcome}`)).toEqual(['reset_all_factors:attempt', 'reset_all_factors:success', 'clear_sessions:attempt', 'clear_sessions:success']);
    const [resetAttempt, reset, signOutAttempt, signOut] = records;
    expect(reset?.attemptId).toBe(resetAttempt?.id);
    expect(signOut).toMatchObject({ attemptId: signOutAttempt?.id, id: value.signOut?.auditId, detail: `after resetting all factors (journal ${value.auditId}): sign out everywhere (sessions ended, OAuth tokens revoked, remembered devices forgotten)` });

    // Okta's System Log has it, as the clear with both flags.
    const logs = await api<Array<{ debugContext: { debugData: Record<string, string> } }>>('GET', `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.session.clear" and target.id eq "${isaac}"`)}`);
    expect(logs.body.at(-1)?.debugContext.debugData).toMatchObject({ revokeOauthTokens: 'true', forgetDevices: 'true' });
  });

  it('a reset without it leaves the sessions alone; a reset that fails signs nobody out', async () => {
    const user = nextUser();
    const before = await sessionsOf(user.id);
    const { factors } = await call(harness.core, 'listFactors', { userId: user.id });
    const factor = factors[0];
    if (factor) {
      const result = await call(harness.core, 'resetFactor', { userId: user.id, factorId: factor.id, callerVerification: manual });
      expect(result.signOut).toBeUndefined();
    }
    const refused = await harness.core.dispatch('resetAllFactors', { userId: user.id, confirmLogin: 'someone.else@example.org', callerVerification: manual, signOutEverywhere: true }, { clientId: 'w' });
    expect(refused.ok).toBe(false);
    expect((await sessionsOf(user.id)).sessions).toEqual(before.sessions);
  });
});

describe("Okta's answers to clearing sessions", () => {
  const fault = (failureStatus: number) => api('POST', '/sandbox/v1/faults', { failureStatus, failureRate: 1, count: 10, paths: '/sessions$', methods: ['DELETE'] });

  it('403: failed at Okta, in words about the admin role, journaled as a failure after its attempt', async () => {
    const user = nextUser();
    await fault(403);
    const { value, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'signOutEverywhere', { userId: user.id }));
    expect(value).toMatchObject({ outcome: 'failure', auditId: null, error: { code: 'PERMISSION_DENIED', oktaErrorCode: 'E0000006', httpStatus: 403 } });
    expect(records.map((record) => record.outcome)).toEqual(['attempt', 'failure']);
    expect(records[1]).toMatchObject({ action: 'clear_sessions', stage: 'at_okta', errorCode: 'PERMISSION_DENIED', attemptId: records[0]?.id });
    expect((await sessionsOf(user.id)).sessions.length).toBeGreaterThan(0);
  });

  it('404: the user is gone at Okta', async () => {
    const user = nextUser();
    await fault(404);
    const { value, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'signOutEverywhere', { userId: user.id }));
    expect(value).toMatchObject({ outcome: 'failure', error: { code: 'NOT_FOUND', oktaErrorCode: 'E0000007' } });
    expect(records.map((record) => record.outcome)).toEqual(['attempt', 'failure']);
  });

  it('429: rate limited (after the client waited and retried what it could)', async () => {
    const user = nextUser();
    await fault(429);
    const { value, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'signOutEverywhere', { userId: user.id }));
    expect(value).toMatchObject({ outcome: 'failure', error: { code: 'RATE_LIMITED', oktaErrorCode: 'E0000047', httpStatus: 429 } });
    expect(records.map((record) => record.outcome)).toEqual(['attempt', 'failure']);
  });

  it('a lost answer after Okta cleared them: the System Log confirms it, journaled as a success that says so', async () => {
    const user = nextUser();
    await api('POST', '/sandbox/v1/faults', { dropAnswerRate: 1, count: 10, paths: '/sessions$', methods: ['DELETE'] });
    const { value, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'signOutEverywhere', { userId: user.id }));
    expect(value).toMatchObject({ outcome: 'success', error: null });
    expect(records.map((record) => record.outcome)).toEqual(['attempt', 'success']);
    expect(records[1]?.detail).toMatch(/confirmed by the System Log after Okta's answer was lost$/);
    expect((await sessionsOf(user.id)).sessions).toEqual([]);
  });

  it('a lost answer nobody can settle (cut before Okta acted, nothing in the System Log): unknown, safe to repeat', async () => {
    const user = nextUser();
    await api('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, count: 10, paths: '/sessions$', methods: ['DELETE'] });
    const { value, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'signOutEverywhere', { userId: user.id }));
    expect(value).toMatchObject({ outcome: 'unknown', error: { code: 'OUTCOME_UNKNOWN', action: 'Sign them out everywhere again: it is safe to repeat.' } });
    expect(value.error?.message).toMatch(/cannot tell whether the user's sessions and tokens were cleared/);
    expect(records.map((record) => record.outcome)).toEqual(['attempt', 'unknown']);
    expect((await sessionsOf(user.id)).sessions.length).toBeGreaterThan(0);

    // Repeating it is the fix.
    await api('DELETE', '/sandbox/v1/faults');
    expect((await call(harness.core, 'signOutEverywhere', { userId: user.id })).outcome).toBe('success');
    expect((await sessionsOf(user.id)).sessions).toEqual([]);
  });
});
