// The headless command (`npm run bulk`) as a scheduler runs it: a child process without a terminal,
// the org's saved credentials from the keychain, an https org behind a proxy. Its exit codes, JSON
// lines and results CSV; a service app and a signed-in agent as the org's connection; and a crash
// in the middle of a reset (SIGKILL), resumed: every row once.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../main/core/audit';
import { JobStore } from '../../main/core/bulk/job-store';
import { haveOpenssl } from '../core/okta/support/test-certificates';
import { keychainAvailable, runCli, startCliOrg, type CliOrg } from './support/cli-org';

const usable = haveOpenssl() && (await keychainAvailable());
if (!usable) console.warn('Skipping the headless bulk command tests: they need the openssl CLI and a Secret Service (npm test runs them in a private one).');

type Listed = { id: string; status: string; profile: { login: string } };

describe.skipIf(!usable)('npm run bulk (headless)', { timeout: 180_000 }, () => {
  let org: CliOrg;
  let users: Listed[];
  beforeAll(async () => {
    org = await startCliOrg({ users: 400 });
    users = (await org.api<Listed[]>('GET', '/api/v1/users?limit=200')).filter((user) => user.status === 'ACTIVE' && /^[a-z]+\.[a-z]+\d*@example\.org$/.test(user.profile.login) && !/^(sam\.shaw|orla\.ortiz|hana\.hughes|remy\.reed|sandbox\.|dade\.)/.test(user.profile.login));
  });
  afterAll(async () => {
    await org?.close();
  });

  const file = async (name: string, text: string): Promise<string> => {
    const path = join(org.dataDir, name);
    await writeFile(path, text);
    return path;
  };

  it('answers 2 for usage mistakes and 3 when it cannot run, saying why in a JSON line', async () => {
    const noOrg = await runCli(org, ['inventory', '--input', 'x.csv']);
    expect(noOrg.code).toBe(2);
    expect(noOrg.lines.at(-1)).toMatchObject({ event: 'usage', message: 'Give the org: --org <name or id>.' });
    expect((await runCli(org, ['explode', '--org', 'Acme', '--input', 'x.csv'])).code).toBe(2);
    const unknownOrg = await runCli(org, ['inventory', '--org', 'Globex', '--input', await file('one.csv', users[0]!.id)]);
    expect(unknownOrg.code).toBe(3);
    expect(unknownOrg.lines.at(-1)).toMatchObject({ event: 'error', code: 'NOT_CONNECTED' });

    const list = await file('two.csv', `login\n${users[0]!.profile.login}\n${users[1]!.profile.login}\n`);
    const noTicket = await runCli(org, ['clear-sessions', '--org', 'Acme', '--input', list]);
    expect(noTicket.code).toBe(3);
    expect(noTicket.lines.at(-1)).toMatchObject({ event: 'refused', why: 'ticket_and_reason' });
    const wrong = await runCli(org, ['clear-sessions', '--org', 'Acme', '--input', list, '--ticket', 'INC-7', '--reason', 'offboarding', '--confirm', 'clear 3']);
    expect(wrong.code).toBe(3);
    expect(wrong.lines.at(-1)).toMatchObject({ event: 'refused', why: 'confirmation', expected: 'clear 2' });
    // Nothing was changed by the refused runs: only reads reached the org.
    expect(org.recorder.requests.filter((request) => request.method !== 'GET' && request.url.startsWith('/api/'))).toEqual([]);
  });

  it('runs a job to the end: JSON lines, a results CSV, exit 0 when every row succeeded and 1 when one did not', async () => {
    const list = await file('sessions.csv', `email\n${users[2]!.profile.login}\n${users[3]!.profile.login}\n`);
    const out = join(org.dataDir, 'sessions-results.csv');
    const ok = await runCli(org, ['clear-sessions', '--org', 'Acme', '--input', list, '--ticket', 'INC-8', '--reason', 'offboarding wave', '--confirm', 'clear 2', '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const events = ok.lines.map((line) => line.event);
    expect(events[0]).toBe('progress');
    expect(events).toEqual(expect.arrayContaining(['dry_run', 'started', 'results', 'finished']));
    expect(ok.lines.find((line) => line.event === 'dry_run')).toMatchObject({ resolution: { ready: 2 }, confirmationPhrase: 'clear 2' });
    expect(ok.lines.at(-1)).toMatchObject({ event: 'finished', status: 'done', exitCode: 0, succeeded: 2, failed: 0 });
    const csv = (await readFile(out, 'utf8')).trimEnd().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(`,${users[2]!.profile.login},`);
    expect(csv.slice(1).every((line) => line.includes(',success,'))).toBe(true);
    const cleared = org.recorder.requests.filter((request) => request.method === 'DELETE' && request.url.includes('/sessions'));
    expect(cleared.map((request) => request.url.split('/')[4]).sort()).toEqual([users[2]!.id, users[3]!.id].sort());

    // An inventory with one unknown row: the others are inventoried, the exit code says not every row did.
    const mixed = await file('mixed.txt', `${users[4]!.id}, nobody@example.org; ${users[5]!.profile.login}`);
    const inventoryOut = join(org.dataDir, 'inventory.csv');
    const inventory = await runCli(org, ['inventory', '--org', 'Acme', '--input', mixed, '--out', inventoryOut]);
    expect(inventory.code).toBe(1);
    expect(inventory.lines.at(-1)).toMatchObject({ event: 'finished', status: 'done', exitCode: 1, succeeded: 2 });
    const rows = (await readFile(inventoryOut, 'utf8')).trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/,factorCount,factorTypes,factors,lastUsed$/);
    expect(rows[2]).toMatch(/^2,nobody@example\.org,not_found,/);
    expect(rows[2]).toContain(',skipped,');

    // A dry run changes nothing and answers 0 only when every row would go.
    const dry = await runCli(org, ['reset-all', '--org', 'Acme', '--input', list, '--dry-run']);
    expect(dry.lines.find((line) => line.event === 'dry_run')).toMatchObject({ confirmationPhrase: expect.stringMatching(/^reset \d$/) });
    expect([0, 1]).toContain(dry.code);
  });

  it("refuses the rows a help desk may not touch (a super admin), journals the refusal, and runs the rest", async () => {
    await org.saveOrgFor('hana.hughes@example.org', 'Acme help desk');
    const list = await file('desk.csv', 'login\nsam.shaw@example.org\nisaac@example.org\n');
    const out = join(org.dataDir, 'desk.csv.out');
    const run = await runCli(org, ['clear-sessions', '--org', 'Acme help desk', '--input', list, '--ticket', 'INC-9', '--reason', 'desk test', '--confirm', 'clear 1', '--out', out]);
    expect(run.code, run.stdout).toBe(1);
    expect(run.lines.find((line) => line.event === 'dry_run')).toMatchObject({ resolution: { ready: 1, notAllowed: 1 }, confirmationPhrase: 'clear 1' });
    const csv = (await readFile(out, 'utf8')).trimEnd().split('\r\n');
    expect(csv[1]).toMatch(/^1,sam\.shaw@example\.org,not_allowed,.*,SUPER_ADMIN,refused,.*only a super admin may change an admin.*,PERMISSION_DENIED,/);
    expect(csv[2]).toMatch(/^2,isaac@example\.org,ready,.*,success,/);
    const sam = (await org.api<Listed>('GET', '/api/v1/users/sam.shaw@example.org')).id;
    expect(org.recorder.requests.filter((request) => request.method === 'DELETE' && request.url.includes(sam))).toEqual([]);
    const refusal = (await readJournal(org.dataDir)).records.find((record) => record.userId === sam && record.action === 'clear_sessions');
    expect(refusal).toMatchObject({ outcome: 'failure', stage: 'refused', bulkJob: { row: 1, ticket: 'INC-9', reason: 'desk test' } });
  });

  it('runs as a service app, the way for scheduled jobs: its own key, DPoP-bound tokens, the app named in the journal', async () => {
    const { clientId } = await org.saveServiceAppOrg('Acme automation', { scopes: ['okta.users.read', 'okta.users.manage', 'okta.roles.read'], roles: ['HELP_DESK_ADMIN'] });
    const targets = [users[6]!, users[7]!];
    const list = await file('service.csv', `login\n${targets.map((user) => user.profile.login).join('\n')}\n`);
    org.recorder.label('service-app');
    const run = await runCli(org, ['clear-sessions', '--org', 'Acme automation', '--input', list, '--ticket', 'INC-12', '--reason', 'nightly offboarding', '--confirm', 'clear 2']);
    org.recorder.label(null);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.lines.at(-1)).toMatchObject({ event: 'finished', status: 'done', exitCode: 0, succeeded: 2, failed: 0 });

    const sent = org.recorder.requests.filter((request) => request.label === 'service-app');
    expect(sent.filter((request) => request.url === '/oauth2/v1/token' && request.status === 200)).toHaveLength(1);
    const apiCalls = sent.filter((request) => request.url.startsWith('/api/v1/'));
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((request) => request.authScheme === 'DPoP' && request.dpop !== null)).toBe(true);
    const cleared = apiCalls.filter((request) => request.method === 'DELETE' && request.url.includes('/sessions'));
    expect(cleared.map((request) => request.url.split('/')[4]).sort()).toEqual(targets.map((user) => user.id).sort());
    const outcomes = (await readJournal(org.dataDir)).records.filter((record) => record.bulkJob?.ticket === 'INC-12' && record.outcome === 'success');
    expect(outcomes.map((record) => record.userId).sort()).toEqual(targets.map((user) => user.id).sort());
    expect(outcomes.map((record) => record.actingAs)).toEqual([`service app ${clientId}`, `service app ${clientId}`]);
  });

  it('reads a group as a service app granted okta.groups.read, and says which scope is missing when it is not', async () => {
    const groups = await org.api<{ id: string; profile: { name: string } }[]>('GET', '/api/v1/groups?limit=200');
    const group = groups.find((candidate) => candidate.profile.name !== 'Everyone') ?? groups[0]!;
    await org.saveServiceAppOrg('Acme groups', { scopes: ['okta.users.read', 'okta.groups.read'], roles: ['READ_ONLY_ADMIN'] });
    const read = await runCli(org, ['inventory', '--org', 'Acme groups', '--group', group.id, '--dry-run']);
    expect(read.stderr).toBe('');
    expect(read.code, read.stdout).toBe(0);

    await org.saveServiceAppOrg('Acme no groups', { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    const refused = await runCli(org, ['inventory', '--org', 'Acme no groups', '--group', group.id, '--dry-run']);
    expect(refused.code).toBe(3);
    expect(JSON.stringify(refused.lines.at(-1))).toContain('okta.groups.read');
  });

  it("runs as a signed-in agent from the sign-in the app kept (its refresh token rotated and kept again); when the sign-in is gone or ended it exits 3 and says to sign in in the app", async () => {
    const { orgId } = await org.saveSignInOrg('Acme agents', 'sam.shaw@example.org');
    const kept = async () => JSON.parse((await org.keptSecret(orgId, 'refresh-token')) ?? 'null') as { refreshToken: string; agent: { login: string } } | null;
    const before = await kept();
    const targets = [users[6]!, users[7]!];
    const list = await file('agent.csv', `id\n${targets.map((user) => user.id).join('\n')}\n`);
    org.recorder.label('agent');
    const run = await runCli(org, ['clear-sessions', '--org', 'Acme agents', '--input', list, '--ticket', 'INC-13', '--reason', 'agent at a script', '--confirm', 'clear 2']);
    org.recorder.label(null);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.lines.at(-1)).toMatchObject({ event: 'finished', status: 'done', exitCode: 0, succeeded: 2 });
    const after = await kept();
    expect(after?.agent.login).toBe('sam.shaw@example.org');
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    const apiCalls = org.recorder.requests.filter((request) => request.label === 'agent' && request.url.startsWith('/api/v1/'));
    expect(apiCalls.every((request) => request.authScheme === 'DPoP')).toBe(true);
    const outcomes = (await readJournal(org.dataDir)).records.filter((record) => record.bulkJob?.ticket === 'INC-13' && record.outcome === 'success');
    expect(outcomes.map((record) => record.actingAs)).toEqual(['sam.shaw@example.org', 'sam.shaw@example.org']);

    // The sign-in revoked at Okta (the agent signed out elsewhere): the refresh is refused, nothing runs, the spent sign-in is forgotten.
    const revoked = await fetch(`${org.sandbox.url}/oauth2/v1/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: after?.refreshToken ?? '', token_type_hint: 'refresh_token', client_id: org.sandbox.oauth.nativeClientId }).toString(),
    });
    expect(revoked.status).toBe(200);
    const ended = await runCli(org, ['clear-sessions', '--org', 'Acme agents', '--input', list, '--ticket', 'INC-14', '--reason', 'again', '--confirm', 'clear 2']);
    expect(ended.code).toBe(3);
    expect(ended.lines.at(-1)).toMatchObject({
      event: 'error',
      code: 'SIGN_IN_REQUIRED',
      message: expect.stringMatching(/^Acme agents needs a new sign-in with Okta, which only the FactorDesk app can do \(the command line has no browser\)\. Sign in with Okta to work in Acme agents\. Okta ended your sign-in/),
      action: 'Open FactorDesk, sign in to Acme agents with Okta, then run the command again. For scheduled jobs, connect the org with a service app instead.',
    });
    expect(await kept()).toBeNull();
    const store = new JobStore(org.dataDir);
    const jobsOfOrg = (await Promise.all((await store.listIds()).map((jobId) => store.readJob(jobId)))).filter((job) => job?.orgId === orgId);
    expect(jobsOfOrg).toHaveLength(1); // the first run's: the refused one made none

    // Nobody signed in at all.
    await org.saveSignInOrg('Acme nobody');
    const nobody = await runCli(org, ['inventory', '--org', 'Acme nobody', '--input', list]);
    expect(nobody.code).toBe(3);
    expect(nobody.lines.at(-1)).toMatchObject({
      event: 'error',
      code: 'SIGN_IN_REQUIRED',
      message: 'Acme nobody needs a new sign-in with Okta, which only the FactorDesk app can do (the command line has no browser). Sign in with Okta to work in Acme nobody. Nobody is signed in to it in FactorDesk.',
    });
  });

  it('survives a SIGKILL in the middle of a reset: resumed, every user reset exactly once, one outcome per row', async () => {
    const targets: Listed[] = [];
    for (const user of users.slice(8)) {
      if (targets.length >= 60) break;
      if ((await org.api<unknown[]>('GET', `/api/v1/users/${user.id}/factors`)).length > 0) targets.push(user);
    }
    expect(targets.length).toBe(60);
    // Windows of 2 s with room for 30 of the token's requests each: the job takes a while, so the kill lands mid-run.
    await org.api('POST', '/sandbox/v1/rate-limits', { windowSeconds: 2, api: 60 });
    const list = await file('crash.csv', `id\n${targets.map((user) => user.id).join('\n')}\n`);
    org.recorder.label('crash');
    const first = await runCli(org, ['reset-all', '--org', 'Acme', '--input', list, '--ticket', 'INC-10', '--reason', 'lost devices', '--confirm', 'reset 60'], {
      killWhen: (line) => line.event === 'progress' && line.status === 'running' && Number(line.done) >= 15,
    });
    expect(first.signal).toBe('SIGKILL');
    const jobId = String(first.lines.find((line) => line.event === 'dry_run')?.jobId);
    const store = new JobStore(org.dataDir);
    const beforeResume = await store.readJournal(jobId);
    expect(beforeResume.filter((line) => line.type === 'outcome').length).toBeLessThan(60);

    const resumed = await runCli(org, ['resume', jobId]);
    org.recorder.label(null);
    await org.api('POST', '/sandbox/v1/rate-limits', { windowSeconds: 60, api: 1200 });
    expect(resumed.code).toBe(0);
    expect(resumed.lines.at(-1)).toMatchObject({ notices: [expect.stringMatching(/^Resumed after an interruption .*No row is done twice\.$/)] });

    // The org: every user's factors gone, and each got exactly one reset request over both runs.
    const resets = org.recorder.requests.filter((request) => request.label === 'crash' && request.method === 'POST' && request.url.endsWith('/lifecycle/reset_factors'));
    const perUser = new Map<string, number>();
    for (const request of resets) perUser.set(request.url.split('/')[4]!, (perUser.get(request.url.split('/')[4]!) ?? 0) + 1);
    expect([...perUser.keys()].sort()).toEqual(targets.map((user) => user.id).sort());
    expect([...perUser.values()].every((count) => count === 1)).toBe(true);
    expect(org.recorder.requests.filter((request) => request.label === 'crash' && request.status === 429)).toEqual([]);
    for (const user of targets) expect(await org.api<unknown[]>('GET', `/api/v1/users/${user.id}/factors`)).toEqual([]);

    // The journals: one outcome per row in the job's own, one outcome per row in the audit journal.
    const lines = await store.readJournal(jobId);
    const outcomes = lines.filter((line) => line.type === 'outcome');
    expect(outcomes.map((line) => line.row).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(outcomes.every((line) => line.type === 'outcome' && line.outcome === 'success')).toBe(true);
    const audit = (await readJournal(org.dataDir)).records.filter((record) => record.bulkJob?.jobId === jobId);
    const attempts = audit.filter((record) => record.outcome === 'attempt');
    const closing = audit.filter((record) => record.outcome !== 'attempt');
    expect(new Set(attempts.map((attempt) => attempt.id))).toEqual(new Set(closing.map((record) => record.attemptId)));
    const successes = closing.filter((record) => record.outcome === 'success');
    expect(successes.map((record) => record.bulkJob?.row).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
  });
});
