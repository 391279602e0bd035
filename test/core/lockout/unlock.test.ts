// Unlocking a locked-out user, and saying why Okta locked them, against the sandbox org over HTTP:
// the lock reason from the System Log, the unlock journaled however it ends, and every Okta error
// on the way (not locked, 403, 404, 429, 500, a lost answer, a lock that ended meanwhile).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readJournalSince } from '../../../main/core/audit';
import { OktaClient } from '../../../main/core/okta';
import { control as sandboxControl } from '../../support/sandbox-control';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';

const T = String.raw`\d{1,2}:\d{2}(?: [AP]M)?`;
let sandbox: SharedSandbox;
let harness: CoreHarness;
const others: CoreHarness[] = [];

/** The sandbox's control and Okta APIs with its admin token (test/support/sandbox-control.ts). */
const control = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> => sandboxControl<T>(sandbox, method, path, body);

/** Active users of the sandbox with no lock yet, one per test. */
async function activeUser(index: number): Promise<{ id: string; login: string }> {
  const users = await control<Array<{ id: string; status: string; profile: { login: string } }>>('GET', `/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=60`);
  const user = users.filter((candidate) => candidate.profile.login.endsWith('@example.org') && !/^(sandbox|isaac)/.test(candidate.profile.login))[index];
  if (!user) throw new Error('not enough active users');
  return { id: user.id, login: user.profile.login };
}

const lockedByTests = new Set<string>();
async function lock(userId: string, cause: 'password' | 'mfa' | 'push' = 'password') {
  lockedByTests.add(userId);
  return control<{ events: Array<{ uuid: string; eventType: string }> }>('POST', '/sandbox/v1/scenarios/lockout', { userId, cause });
}

async function journal(userId: string) {
  return (await readJournalSince(harness.dataDir, { since: new Date(0) })).records.filter((record) => record.action === 'unlock_user' && record.userId === userId);
}

async function coreWith(options: { token?: string; noRateLimitWait?: boolean }): Promise<CoreHarness> {
  const other = await makeCore({
    sandbox: { ...sandbox, start: async () => ({ url: sandbox.url, token: options.token ?? sandbox.token, close: async () => {} }) },
    ...(options.noRateLimitWait ? { createClient: (org) => new OktaClient({ ...org, retry: { maxRateLimitWaitMs: 0 } }) } : {}),
  });
  await call(other.core, 'connectSandbox', {});
  others.push(other);
  return other;
}

beforeAll(async () => {
  sandbox = await shareSandbox(150);
  harness = await makeCore({ sandbox });
  await call(harness.core, 'connectSandbox', {});
});
afterEach(() => control('DELETE', '/sandbox/v1/faults'));
afterAll(async () => {
  for (const other of others) await other.close();
  await harness.close();
  await sandbox.close();
});

describe('why a user is locked out', () => {
  it('ten wrong passwords: when, how many, from where, and the History entry of the lock', async () => {
    const user = await activeUser(0);
    const seeded = await lock(user.id);
    const lockout = await call(harness.core, 'getLockout', { userId: user.id });
    const lockEvent = seeded.events.find((event) => event.eventType === 'user.account.lock')!;
    expect(lockout).toMatchObject({ userId: user.id, status: 'LOCKED_OUT', locked: true, cause: 'password', failedAttempts: 10, historyEntryId: `sl:${lockEvent.uuid}`, systemLog: { readable: true } });
    expect(lockout.reason).toMatch(new RegExp(`^Locked at ${T} after 10 wrong passwords \\(${T}–${T}\\) from 192\\.0\\.2\\.10 · San Francisco, United States · Example Office Network \\(AS64496\\)$`));
  });

  it('five wrong MFA codes', async () => {
    const user = await activeUser(1);
    await lock(user.id, 'mfa');
    const lockout = await call(harness.core, 'getLockout', { userId: user.id });
    expect(lockout).toMatchObject({ locked: true, cause: 'mfa', failedAttempts: 5 });
    expect(lockout.reason).toMatch(/after 5 wrong MFA codes/);
  });

  it('five denied Okta Verify pushes: said as pushes, not codes', async () => {
    const users = await control<Array<{ id: string; profile: { login: string } }>>('GET', `/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=60`);
    let user: { id: string } | undefined;
    for (const candidate of users.filter((each) => each.profile.login.endsWith('@example.org') && !/^(sandbox|isaac)/.test(each.profile.login)).slice(5)) {
      const factors = await control<Array<{ factorType: string; status: string }>>('GET', `/api/v1/users/${candidate.id}/factors`);
      if (factors.some((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE')) {
        user = candidate;
        break;
      }
    }
    if (!user) throw new Error('no active user with Okta Verify');
    const seeded = await lock(user.id, 'push');
    expect(seeded.events.filter((event) => event.eventType === 'system.push.send_factor_verify_push')).toHaveLength(5);
    const lockout = await call(harness.core, 'getLockout', { userId: user.id });
    expect(lockout).toMatchObject({ locked: true, cause: 'push', failedAttempts: 5 });
    expect(lockout.reason).toMatch(new RegExp(`^Locked at ${T} after 5 denied Okta Verify pushes \\(${T}–${T}\\) from 192\\.0\\.2\\.10 · San Francisco, United States`));
    expect(lockout.reason).not.toMatch(/code/);
  });

  it('a user locked before the log begins: locked, reason unknown, said so', async () => {
    const locked = (await control<Array<{ id: string }>>('GET', `/api/v1/users?search=${encodeURIComponent('status eq "LOCKED_OUT"')}&limit=200`)).find((user) => !lockedByTests.has(user.id))!;
    const lockout = await call(harness.core, 'getLockout', { userId: locked.id });
    expect(lockout).toMatchObject({ locked: true, reason: null, lockedAt: null, historyEntryId: null, systemLog: { readable: true, message: expect.stringMatching(/does not say when or why/) } });
  });

  it('not locked: nothing to say, nothing read', async () => {
    const user = await activeUser(2);
    expect(await call(harness.core, 'getLockout', { userId: user.id })).toMatchObject({ locked: false, status: 'ACTIVE', reason: null });
  });

  it('a connection that cannot read the System Log: locked, and why is not known', async () => {
    const user = await activeUser(3);
    await lock(user.id);
    const readOnly = await coreWith({ token: sandbox.readOnlyToken });
    expect(await call(readOnly.core, 'getLockout', { userId: user.id })).toMatchObject({ locked: true, reason: null, systemLog: { readable: false, message: expect.stringMatching(/can't read the System Log/) } });
  });
});

describe('unlocking', () => {
  it('unlocks, says ACTIVE, journals it, and Okta logs the unlock', async () => {
    const user = await activeUser(4);
    await lock(user.id);
    const unlocked = await call(harness.core, 'unlockUser', { userId: user.id });
    expect(unlocked).toMatchObject({ userId: user.id, status: 'ACTIVE' });
    expect(await journal(user.id)).toEqual([expect.objectContaining({ outcome: 'success', userLogin: user.login, id: unlocked.auditId, detail: 'status before: LOCKED_OUT' })]);
    expect((await call(harness.core, 'getLockout', { userId: user.id })).locked).toBe(false);
    const history = await call(harness.core, 'getHistory', { userId: user.id });
    expect(history.entries.map((entry) => entry.summary)).toEqual(expect.arrayContaining([expect.stringMatching(/unlocked/i)]));
  });

  it('not locked out: refused before Okta, in words, journaled as refused', async () => {
    const user = await activeUser(5);
    const refused = await callError(harness.core, 'unlockUser', { userId: user.id });
    expect(refused).toMatchObject({ code: 'VALIDATION', message: `${user.login} is not locked out (Okta says ACTIVE), so there is nothing to unlock.`, causes: ['status: ACTIVE'] });
    expect(await journal(user.id)).toEqual([expect.objectContaining({ outcome: 'failure', stage: 'refused', errorCode: 'VALIDATION' })]);
  });

  it('unlocked by someone else meanwhile: Okta\'s 403 E0000032 in words for this user', async () => {
    const user = await activeUser(6);
    await lock(user.id);
    // The desk's unlock is held at the org for a moment; meanwhile an admin unlocks the user in Okta.
    await control('POST', '/sandbox/v1/faults', { latencyMs: 400, paths: '/lifecycle/unlock$', count: 1 });
    const pending = callError(harness.core, 'unlockUser', { userId: user.id });
    while (Object.keys(await control<object>('GET', '/sandbox/v1/faults')).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await control('POST', `/api/v1/users/${user.id}/lifecycle/unlock`);
    const refused = await pending;
    expect(refused).toMatchObject({ code: 'VALIDATION', oktaErrorCode: 'E0000032', httpStatus: 403 });
    expect(refused.message).toBe(`Okta does not allow unlocking ${user.login}: they are not locked out any more, or their account is managed elsewhere (for example Active Directory).`);
    expect(await journal(user.id)).toEqual([expect.objectContaining({ outcome: 'failure', stage: 'at_okta', oktaErrorCode: 'E0000032' })]);
  });

  it("Okta's answer lost after it unlocked: read back, confirmed, journaled as a success saying so", async () => {
    const user = await activeUser(9);
    await lock(user.id);
    await control('POST', '/sandbox/v1/faults', { dropAnswerRate: 1, count: 1, paths: '/lifecycle/unlock$' });
    const unlocked = await call(harness.core, 'unlockUser', { userId: user.id });
    expect(unlocked).toMatchObject({ userId: user.id, status: 'ACTIVE' });
    expect(await journal(user.id)).toEqual([
      expect.objectContaining({ outcome: 'success', id: unlocked.auditId, detail: "confirmed unlocked: Okta's answer was lost, and the user reads back as ACTIVE" }),
    ]);
  });

  it('a 500 from Okta and the user still locked: nothing changed, said so, journaled as a failure at Okta', async () => {
    const user = await activeUser(10);
    await lock(user.id);
    await control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 500, count: 1, paths: '/lifecycle/unlock$' });
    const failed = await callError(harness.core, 'unlockUser', { userId: user.id });
    expect(failed).toMatchObject({ message: `Okta's answer was lost, and ${user.login} still reads back as locked out: the unlock did not take effect.`, action: 'Try the unlock again.' });
    expect(await journal(user.id)).toEqual([expect.objectContaining({ outcome: 'failure', stage: 'at_okta' })]);
    expect((await control<{ status: string }>('GET', `/api/v1/users/${user.id}`)).status).toBe('LOCKED_OUT');
  });

  it('the answer lost and the user unreadable afterwards: OUTCOME_UNKNOWN, journaled as unknown', async () => {
    const user = await activeUser(11);
    await lock(user.id);
    // The unlock is held at the org, then its answer is cut; meanwhile reading the user starts failing.
    await control('POST', '/sandbox/v1/faults', { latencyMs: 400, dropAnswerRate: 1, count: 1, paths: '/lifecycle/unlock$' });
    const pending = callError(harness.core, 'unlockUser', { userId: user.id });
    while (Object.keys(await control<object>('GET', '/sandbox/v1/faults')).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 503, methods: ['GET'], paths: `^/api/v1/users/${user.id}$` });
    const unknown = await pending;
    await control('DELETE', '/sandbox/v1/faults');
    expect(unknown).toMatchObject({ code: 'OUTCOME_UNKNOWN', message: "Okta's answer was lost, so FactorDesk cannot tell whether the user was unlocked, and reading the user back failed." });
    expect(await journal(user.id)).toEqual([expect.objectContaining({ outcome: 'unknown', errorCode: 'OUTCOME_UNKNOWN' })]);
  });

  it('403 E0000006: the connection may not unlock', async () => {
    const user = await activeUser(7);
    await lock(user.id);
    const readOnly = await coreWith({ token: sandbox.readOnlyToken });
    const refused = await callError(readOnly.core, 'unlockUser', { userId: user.id });
    expect(refused).toMatchObject({ code: 'PERMISSION_DENIED', oktaErrorCode: 'E0000006', httpStatus: 403 });
    expect((await readJournalSince(readOnly.dataDir, { since: new Date(0) })).records).toEqual([expect.objectContaining({ action: 'unlock_user', outcome: 'failure', stage: 'at_okta', oktaErrorCode: 'E0000006' })]);
    expect((await control<{ status: string }>('GET', `/api/v1/users/${user.id}`)).status).toBe('LOCKED_OUT');
  });

  it('404: an unknown user', async () => {
    const refused = await callError(harness.core, 'unlockUser', { userId: '00uNoSuchUser0000000' });
    expect(refused).toMatchObject({ code: 'NOT_FOUND', oktaErrorCode: 'E0000007' });
  });

  it("429: Okta's bucket for the call is used up: rate limited until when, nothing unlocked, journaled", async () => {
    const user = await activeUser(8);
    await lock(user.id);
    const hasty = await coreWith({ noRateLimitWait: true });
    const defaults = await control<{ effective: { api: number } }>('GET', '/sandbox/v1/rate-limits');
    await control('POST', '/sandbox/v1/rate-limits', { api: 2 });
    try {
      // The API token's share of the "other /api/v1" bucket (where unlock is counted) is used up.
      await fetch(`${sandbox.url}/api/v1/users/${user.id}/factors`, { headers: { authorization: `SSWS ${sandbox.token}` } });
      const refused = await callError(hasty.core, 'unlockUser', { userId: user.id });
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', httpStatus: 429, oktaErrorCode: 'E0000047', message: 'Okta is rate-limiting this org right now, so the unlock was not sent through.' });
      expect(Date.parse(refused.retryAt ?? '')).toBeGreaterThan(Date.now() - 1000);
      expect((await readJournalSince(hasty.dataDir, { since: new Date(0) })).records).toEqual([expect.objectContaining({ action: 'unlock_user', outcome: 'failure', stage: 'at_okta', errorCode: 'RATE_LIMITED' })]);
    } finally {
      await control('POST', '/sandbox/v1/rate-limits', { api: defaults.effective.api });
    }
    expect((await control<{ status: string }>('GET', `/api/v1/users/${user.id}`)).status).toBe('LOCKED_OUT');
  });
});
