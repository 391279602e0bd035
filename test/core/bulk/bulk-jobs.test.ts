// The bulk engine against a real sandbox org over HTTP: the dry run resolves every row before
// anything changes; a paced job of a few hundred rows gets no 429 and leaves each user as its row
// says; pause, resume and cancel; a help desk's job is refused where its role may not go.
import { afterEach, describe, expect, it } from 'vitest';
import { BULK_JOB_ID_PATTERN } from '../../../contract/bulk';
import { dryRunDone, startBulkHarness, type BulkHarness } from './support/bulk-harness';

let harness: BulkHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const DADE = 'dade.murphy@example.org';
const SUPER_ADMIN = 'sam.shaw@example.org';
const ORG_ADMIN = 'orla.ortiz@example.org';

/** Users with at least one factor (the first `count` of them, skipping the seeded admins and fixtures). */
async function usersWithFactors(h: BulkHarness, count: number, skip = 0): Promise<Array<{ id: string; login: string }>> {
  const users = (await h.users(1000)).filter((user) => user.status === 'ACTIVE' && user.profile.login.split('@')[1] === 'example.org');
  const picked: Array<{ id: string; login: string }> = [];
  for (const user of users.slice(skip)) {
    if (picked.length >= count) break;
    if (/^(sam\.shaw|orla\.ortiz|hana\.hughes|remy\.reed|sandbox\.|isaac@)/.test(user.profile.login)) continue;
    if ((await h.factorsOf(user.id)).length > 0) picked.push({ id: user.id, login: user.profile.login });
  }
  return picked;
}

describe('dry run', () => {
  it('resolves ids, logins, emails and phones; finds unknown, ambiguous, duplicate, invalid and admin rows; changes nothing', async () => {
    harness = await startBulkHarness({ users: 1000 });
    const h = harness;
    const everyone = await h.users(1000);
    const shared = new Map<string, string[]>();
    for (const user of everyone) if (user.profile.secondEmail) shared.set(user.profile.secondEmail, [...(shared.get(user.profile.secondEmail) ?? []), user.profile.login]);
    const ambiguous = [...shared].find(([, logins]) => logins.length > 1);
    expect(ambiguous, 'the seeded directory has two users sharing a personal email').toBeDefined();
    const dade = everyone.find((user) => user.profile.login === DADE)!;
    const isaacId = '00ub0oNGTSWTBKOLGLNR';
    const text = [
      'login,name',
      `${isaacId},Isaac`,
      `${DADE},Dade`,
      'nobody.here@example.org,unknown',
      `${ambiguous![0]},shared personal email`,
      `${SUPER_ADMIN},an admin`,
      `${isaacId},Isaac again`,
      '555 415 1337,Isaac by phone',
      '?? not a user ??,junk',
      '00u00000000000000000,unknown id',
    ].join('\n');
    const requestsBefore = h.recorder.requests.length;
    const started = await h.jobs.dryRun({ kind: 'text', text, fileName: 'users.csv' }, 'reset_all_factors', {});
    expect(started.id).toMatch(BULK_JOB_ID_PATTERN);
    expect(started.status).toBe('resolving');
    const view = await dryRunDone(h.jobs, started.id);

    expect(view.inputDescription).toBe('users.csv (9 rows)');
    expect(view.resolution).toMatchObject({ checked: 9, ready: 2, notFound: 2, ambiguous: 1, duplicate: 2, invalid: 1, nothingToDo: 1, notAllowed: 0, adminTargets: 1 });
    expect(view.toAct).toBe(2);
    expect(view.confirmationPhrase).toBe('reset 2');
    // Isaac's push and sms; Sam's Okta Verify is one device: push, its TOTP and FastPass (Identity Engine).
    expect(view.changeByFactorType).toEqual({ push: 2, sms: 1, 'token:software:totp': 1, signed_nonce: 1 });
    const { attentionRows } = await h.jobs.detail(view.id);
    const byRow = new Map(attentionRows.map((row) => [row.row, row]));
    expect(byRow.get(2)).toMatchObject({ resolution: 'nothing_to_do', userId: dade.id, detail: 'No factors enrolled.' });
    expect(byRow.get(3)).toMatchObject({ resolution: 'not_found', outcome: 'skipped' });
    expect(byRow.get(4)?.resolution).toBe('ambiguous');
    expect(byRow.get(4)?.detail).toContain(ambiguous![1][0]);
    expect(byRow.get(6)).toMatchObject({ resolution: 'duplicate', detail: 'Same as row 1.' });
    expect(byRow.get(7)).toMatchObject({ resolution: 'duplicate', detail: 'Same user as row 1.' });
    expect(byRow.get(8)?.resolution).toBe('invalid');
    expect(byRow.get(9)?.resolution).toBe('not_found');
    expect(byRow.has(5)).toBe(false); // the super admin is ready for a super admin, flagged as an admin target
    const superAdminRow = (await h.jobs.exportResults(view.id)).content.split('\r\n')[5];
    expect(superAdminRow).toContain('SUPER_ADMIN');

    // Nothing but reads reached the org.
    const sent = h.recorder.requests.slice(requestsBefore);
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.filter((request) => request.method !== 'GET')).toEqual([]);
    expect((await h.factorsOf(isaacId)).length).toBe(2);
  });

  it("refuses an admin target up front when the principal is not a super admin (its roles are readable)", async () => {
    harness = await startBulkHarness({ principal: async (sandbox) => (await fetch(`${sandbox.url}/sandbox/v1/tokens`, { method: 'POST', headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ login: ORG_ADMIN }) }).then((r) => r.json() as Promise<{ token: string }>)).token });
    const h = harness;
    const view = await dryRunDone(h.jobs, (await h.jobs.dryRun({ kind: 'text', text: `${SUPER_ADMIN}\nisaac@example.org` }, 'clear_sessions', {})).id);
    expect(view.resolution).toMatchObject({ ready: 1, notAllowed: 1 });
    expect(view.confirmationPhrase).toBe('clear 1');
    const { attentionRows } = await h.jobs.detail(view.id);
    expect(attentionRows[0]).toMatchObject({ row: 1, resolution: 'not_allowed', adminRoles: ['SUPER_ADMIN'], outcome: 'not_run' });
    expect(attentionRows[0]?.detail).toMatch(/only a super admin may change an admin/);
  });
});

describe('a paced job', () => {
  it('resets a few hundred users at the principal\'s ceiling without one 429, each user exactly once, journaled per row', { timeout: 120_000 }, async () => {
    // Windows of 4 s with room for 90 of the admin token's requests each ("other /api/v1": 180, 50 % share).
    harness = await startBulkHarness({ users: 600, rateLimits: { enabled: false } });
    const h = harness;
    const targets = await usersWithFactors(h, 200);
    await h.control('POST', '/sandbox/v1/rate-limits', { enabled: true, windowSeconds: 4, api: 180, userGet: 400, usersList: 200 });
    h.recorder.label('job');
    const dry = await dryRunDone(h.jobs, (await h.jobs.dryRun({ kind: 'text', text: targets.map((user) => user.id).join('\n') }, 'reset_all_factors', {})).id);
    expect(dry.toAct).toBe(200);
    await expect(h.jobs.start(dry.id, { confirmation: 'reset 200', ticket: 'INC-1', reason: 'x' })).rejects.toMatchObject({ data: { code: 'INVALID_INPUT' } });
    await expect(h.jobs.start(dry.id, { confirmation: 'reset 199', ticket: 'INC-1', reason: 'lost phones' })).rejects.toThrow(/type "reset 200"/);
    await h.jobs.start(dry.id, { confirmation: 'reset 200', ticket: 'INC-1', reason: 'lost phones' });
    const done = await h.jobs.settled(dry.id);
    h.recorder.label(null);
    await h.control('POST', '/sandbox/v1/rate-limits', { enabled: false });

    expect(done.status).toBe('done');
    expect(done.progress).toMatchObject({ done: 200, succeeded: 200, failed: 0, unknown: 0, remaining: 0 });
    const received = h.recorder.requests.filter((request) => request.label === 'job');
    expect(received.filter((request) => request.status === 429)).toEqual([]);
    const resets = received.filter((request) => request.method === 'POST' && request.url.endsWith('/lifecycle/reset_factors'));
    expect(resets.length).toBe(200);
    expect(new Set(resets.map((request) => request.url.split('/')[4])).size).toBe(200);
    for (const user of targets) expect(await h.factorsOf(user.id), user.login).toEqual([]);
    // Paced: the job's requests in the busiest bucket never outran the principal's 90 per window.
    expect(done.progress.finishedAt).not.toBeNull();

    // One attempt and one outcome per row in the audit journal, each with the job, ticket and reason.
    const records = (await h.auditRecords()).filter((record) => record.bulkJob?.jobId === dry.id);
    expect(records.filter((record) => record.outcome === 'attempt').length).toBe(200);
    const outcomes = records.filter((record) => record.outcome !== 'attempt');
    expect(outcomes.length).toBe(200);
    expect(outcomes.every((record) => record.outcome === 'success' && record.action === 'reset_all_factors' && record.attemptId && record.bulkJob?.ticket === 'INC-1' && record.bulkJob.reason === 'lost phones')).toBe(true);
    expect(new Set(outcomes.map((record) => record.bulkJob?.row)).size).toBe(200);

    const csv = (await h.jobs.exportResults(dry.id)).content.trimEnd().split('\r\n');
    expect(csv[0]).toBe('row,input,resolution,userId,login,name,adminRoles,outcome,detail,errorCode,oktaErrorCode,oktaErrorId,auditId,time');
    expect(csv.length).toBe(201);
    expect(csv.slice(1).every((line) => line.includes(',ready,') && line.includes(',success,'))).toBe(true);
  });
});

describe('steering a job', () => {
  it('pauses (rows in flight finish, nothing more is sent), resumes to the end, and cancels leaving the rest not run', { timeout: 120_000 }, async () => {
    harness = await startBulkHarness({ users: 300, rateLimits: { enabled: false } });
    const h = harness;
    const active = (await h.users(300)).filter((user) => user.status === 'ACTIVE' && /^[a-z]+\.[a-z]+\d*@example\.org$/.test(user.profile.login) && !/^(sam\.shaw|orla\.ortiz|hana\.hughes|remy\.reed)/.test(user.profile.login));
    const first = active.slice(0, 40);
    const second = active.slice(40, 80);
    const sessionClears = () => h.recorder.requests.filter((request) => request.method === 'DELETE' && request.url.includes('/sessions'));
    const dry = await dryRunDone(h.jobs, (await h.jobs.dryRun({ kind: 'text', text: first.map((user) => user.profile.login).join('\n') }, 'clear_sessions', {})).id);
    const other = await dryRunDone(h.jobs, (await h.jobs.dryRun({ kind: 'text', text: second.map((user) => user.id).join('\n') }, 'clear_sessions', { oauthTokens: true })).id);
    // Slow enough to steer: windows of 2 s with room for 12 of the token's requests.
    await h.control('POST', '/sandbox/v1/rate-limits', { enabled: true, windowSeconds: 2, api: 24 });
    await h.jobs.start(dry.id, { confirmation: 'clear 40', ticket: 'INC-2', reason: 'offboarding' });
    await expect.poll(() => h.views.filter((view) => view.id === dry.id).at(-1)?.progress.done ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    const paused = await h.jobs.pause(dry.id);
    expect(paused.status).toBe('paused');
    expect(paused.progress.done).toBeLessThan(40);
    const sentWhilePaused = sessionClears().length;
    expect(sentWhilePaused, JSON.stringify(sessionClears().map((request) => request.status))).toBe(paused.progress.done);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sessionClears().length).toBe(sentWhilePaused);
    await expect(h.jobs.start(dry.id, { confirmation: 'clear 40', ticket: 'INC-2', reason: 'offboarding' })).rejects.toThrow(/not ready to run/);

    await h.jobs.resume(dry.id);
    const done = await h.jobs.settled(dry.id);
    expect(done).toMatchObject({ status: 'done', progress: { done: 40, succeeded: 40, remaining: 0 } });
    expect(new Set(sessionClears().map((request) => request.url.split('/')[4])).size).toBe(40);
    expect(sessionClears().length).toBe(40);

    await h.jobs.start(other.id, { confirmation: 'clear 40', ticket: 'INC-3', reason: 'offboarding' });
    await expect.poll(() => h.views.filter((view) => view.id === other.id).at(-1)?.progress.done ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const cancelled = await h.jobs.cancel(other.id);
    expect(cancelled.status).toBe('cancelled');
    const ran = cancelled.progress.done;
    expect(ran).toBeLessThan(40);
    expect(sessionClears().length).toBe(40 + ran);
    expect(sessionClears().at(-1)?.url).toContain('oauthTokens=true');
    await expect(h.jobs.resume(other.id)).rejects.toThrow(/only a paused or interrupted job can be resumed/);
    const csv = (await h.jobs.exportResults(other.id)).content.trimEnd().split('\r\n').slice(1);
    expect(csv.filter((line) => line.includes(',not_run,')).length).toBe(40 - ran);
    expect(csv.filter((line) => line.includes(',success,')).length).toBe(ran);
  });

  it("runs for a principal that cannot read admin roles: says so at the dry run, and Okta's 403 refuses the rows it may not change", async () => {
    harness = await startBulkHarness({ principal: async (sandbox) => sandbox.readOnlyToken });
    const h = harness;
    const view = await dryRunDone(h.jobs, (await h.jobs.dryRun({ kind: 'text', text: `${SUPER_ADMIN}\n${DADE}` }, 'clear_sessions', {})).id);
    expect(view.resolution).toMatchObject({ ready: 2, notAllowed: 0 });
    expect(view.notices).toEqual([expect.stringMatching(/cannot read other users' admin roles/)]);
    await h.jobs.start(view.id, { confirmation: 'clear 2', ticket: 'INC-5', reason: 'read-only token' });
    const done = await h.jobs.settled(view.id);
    expect(done.progress).toMatchObject({ done: 2, succeeded: 0, failed: 2 });
    const { attentionRows } = await h.jobs.detail(view.id);
    expect(attentionRows.map((row) => row.outcome)).toEqual(['failed', 'failed']);
    expect(attentionRows[0]?.detail).toMatch(/^Okta refused: your role may not change this user/);
    const records = (await h.auditRecords()).filter((record) => record.bulkJob?.jobId === view.id && record.outcome !== 'attempt');
    expect(records.map((record) => [record.outcome, record.stage, record.oktaErrorCode])).toEqual([
      ['failure', 'at_okta', 'E0000006'],
      ['failure', 'at_okta', 'E0000006'],
    ]);
  });
});
