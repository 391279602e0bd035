// The History view's core against the sandbox org over real HTTP, with the System Log filled by
// the real workflows (enroll, test push approve and deny, reset, re-enroll) driven through the core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesHistoryFilters, type HistoryPage, type TimelineEntry } from '../../../contract/history';
import { AuditJournal, readJournal, type AuditRecord } from '../../../main/core/audit';
import { csvColumns, noPermissionMessage } from '../../../main/core/history';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { runJourney, type Journey } from './support/journey';

let sandbox: SharedSandbox;
let harness: CoreHarness;
let journey: Journey;
let range: { since: string; until: string };

beforeAll(async () => {
  sandbox = await shareSandbox(20);
  harness = await makeCore({ sandbox });
  await call(harness.core, 'connectSandbox', {});
  journey = await runJourney(harness.core, harness.events, sandbox);
  range = { since: journey.startedAt, until: new Date(Date.now() + 60_000).toISOString() };
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

async function wholeTimeline(pageSize: number, view?: { userId: string; since: string; until: string }): Promise<{ pages: HistoryPage[]; entries: TimelineEntry[] }> {
  const pages: HistoryPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(harness.core, 'getHistory', { ...(view ?? { userId: journey.userId, ...range }), pageSize, cursor });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { pages, entries: pages.flatMap((page) => page.entries) };
}

/** Find each expected entry in order (oldest first); answers the index of each in `oldestFirst`. */
type StoryStep = Partial<Omit<TimelineEntry, 'summary'>> & { summary?: string | RegExp };

function expectStory(oldestFirst: TimelineEntry[], story: StoryStep[]): number[] {
  const positions: number[] = [];
  let from = 0;
  for (const step of story) {
    const index = oldestFirst.findIndex(
      (entry, i) =>
        i >= from &&
        Object.entries(step).every(([key, value]) =>
          value instanceof RegExp ? value.test(String(entry[key as keyof TimelineEntry])) : entry[key as keyof TimelineEntry] === value,
        ),
    );
    expect(index, `after position ${from}, expected ${JSON.stringify(step, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}\n${oldestFirst.map((e, i) => `${i} ${e.source} ${e.kind} ${e.summary}`).join('\n')}`).toBeGreaterThanOrEqual(0);
    positions.push(index);
    from = index + 1;
  }
  return positions;
}

describe('history timeline', () => {
  it('tells the whole story in order, from the System Log, observations and the journal', async () => {
    const page = await call(harness.core, 'getHistory', { userId: journey.userId, ...range, pageSize: 200 });
    expect(page.nextCursor).toBeNull();
    expect(page.systemLog).toMatchObject({ available: true });
    expect(page.systemLog.message).toBeUndefined();
    const entries = page.entries;
    for (let i = 1; i < entries.length; i += 1) expect(Date.parse(entries[i - 1]!.at)).toBeGreaterThanOrEqual(Date.parse(entries[i]!.at));
    expect(new Set(entries.map((entry) => entry.source))).toEqual(new Set(['system_log', 'observed', 'journal']));
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);

    const first = journey.firstFactorId;
    const second = journey.secondFactorId;
    const oldestFirst = [...entries].reverse();
    expectStory(oldestFirst, [
      { source: 'journal', kind: 'enrolled', factorId: first },
      { source: 'system_log', kind: 'activated', factorId: first, summary: "Okta Verify (push) enrolled on 'Dade iPhone' (iOS 17.4)" },
      { source: 'observed', kind: 'activated', factorId: first, statusAfter: 'ACTIVE' },
      { source: 'system_log', kind: 'sent', factorId: first, summary: "Push sent to 'Dade iPhone'" },
      { source: 'system_log', kind: 'verified', factorId: first, summary: 'Push approved on the phone', outcome: 'success' },
      { source: 'journal', kind: 'verified', factorId: first, outcome: 'success' },
      { source: 'system_log', kind: 'sent', factorId: first },
      { source: 'system_log', kind: 'denied', factorId: first, summary: 'Push denied on the phone', outcome: 'denied' },
      { source: 'journal', kind: 'denied', factorId: first, outcome: 'denied' },
      { source: 'system_log', kind: 'reset', factorId: first, summary: /^Okta Verify \(push\) on 'Dade iPhone' \(iOS 17.4\) reset by .+ \(admin\)$/ },
      // Identity Engine: the device's code and FastPass went with the push (Okta logs each), and the journal says so.
      { source: 'system_log', kind: 'reset', summary: /^Okta Verify \(code\) reset by .+ \(admin\)$/ },
      { source: 'system_log', kind: 'reset', summary: /^Okta FastPass on 'Dade iPhone' \(iOS 17.4\) reset by .+ \(admin\)$/ },
      {
        source: 'journal',
        kind: 'reset',
        factorId: first,
        summary: /^Okta Verify \(push\) reset by the helpdesk \(agent: test-agent\); caller verified by id check \(ticket INC-1337\) \(Okta also removed Okta Verify \(code\) ost\w{17}, Okta FastPass crp\w{17}\)$/,
      },
      { source: 'observed', kind: 'removed', factorId: first, statusAfter: 'REMOVED' },
      { source: 'system_log', kind: 'activated', factorId: second, summary: "Okta Verify (push) enrolled on 'Dade Pixel' (Android 14)" },
      { source: 'observed', kind: 'activated', factorId: second },
    ]);

    // Who acted: the user on their phone, the admin token at Okta, the agent in FactorDesk.
    const denied = entries.find((entry) => entry.kind === 'denied' && entry.source === 'system_log');
    expect(denied?.actor).toMatchObject({ kind: 'user', name: 'Dade Murphy (the user)' });
    const journalReset = entries.find((entry) => entry.kind === 'reset' && entry.source === 'journal');
    expect(journalReset?.actor).toEqual({ kind: 'helpdesk', name: 'helpdesk (agent: test-agent)', id: 'test-agent' });
    // The raw event is there on demand, untouched.
    expect(denied?.raw).toMatchObject({ eventType: 'user.mfa.okta_verify.deny_push', outcome: { result: 'DENY' } });
    // Okta's echo of each push answer (auth_via_mfa in the same transaction) is not shown twice.
    expect(entries.filter((entry) => entry.source === 'system_log' && entry.kind === 'verified')).toHaveLength(1);
  });

  it('links the parts of each desk action across sources: a test push started, sent, answered and verified is one group', async () => {
    const { entries } = await wholeTimeline(200);
    const first = journey.firstFactorId;
    const groups = new Map<string, TimelineEntry[]>();
    for (const entry of entries) if (entry.group) groups.set(entry.group.key, [...(groups.get(entry.group.key) ?? []), entry]);
    // In the order of the action (Okta may log a push a moment before the journal writes that it was sent).
    const order = ['started', 'sent', 'answered', 'logged', 'result', 'seen'];
    const partsOf = (key: string) =>
      (groups.get(key) ?? [])
        .toSorted((a, b) => order.indexOf(a.group?.part ?? '') - order.indexOf(b.group?.part ?? ''))
        .map((entry) => `${entry.source}:${entry.group?.part}:${entry.kind}`);

    const pushes = [...groups.entries()].filter(([, parts]) => parts[0]?.group?.action === 'test_push').map(([key]) => key).reverse();
    expect(pushes).toHaveLength(2);
    expect(partsOf(pushes[0] ?? '')).toEqual(['journal:started:challenged', 'system_log:sent:sent', 'system_log:answered:verified', 'journal:result:verified']);
    expect(partsOf(pushes[1] ?? '')).toEqual(['journal:started:challenged', 'system_log:sent:sent', 'system_log:answered:denied', 'journal:result:denied']);
    for (const key of pushes) for (const part of groups.get(key) ?? []) expect(part.factorId).toBe(first);

    const resetKey = entries.find((entry) => entry.source === 'journal' && entry.kind === 'reset')?.group?.key ?? '';
    // Identity Engine: removing the push took the device's code and FastPass, each deactivated at Okta and seen gone.
    expect(partsOf(resetKey)).toEqual([
      ...Array(3).fill('system_log:logged:reset'),
      'journal:result:reset',
      ...Array(3).fill('observed:seen:removed'),
    ]);
    const resetFactors = new Set((groups.get(resetKey) ?? []).map((entry) => entry.factorId));
    expect(resetFactors).toEqual(new Set([first, ...journey.removedAlongFirst]));
    const enrollments = [...groups.values()].filter((parts) => parts[0]?.group?.action === 'enrollment');
    expect(enrollments).toHaveLength(2);
    for (const parts of enrollments) expect(new Set(parts.map((part) => part.source))).toEqual(new Set(['journal', 'system_log', 'observed']));
    // Every journal entry is a desk action; nothing of another user's or Okta's own doing is called one.
    for (const entry of entries) if (entry.source === 'journal') expect(entry.group?.desk).toBe(true);

    // "Desk actions" keeps the journal and Okta's echoes of it, and leaves out what the desk did not do.
    const desk = entries.filter((entry) => matchesHistoryFilters(entry, { deskActions: true }));
    expect(desk.length).toBeGreaterThan(0);
    expect(desk.every((entry) => entry.source === 'journal' || entry.group?.desk)).toBe(true);
    expect(desk.some((entry) => entry.source === 'system_log')).toBe(true);
    const notDesk = entries.filter((entry) => !desk.includes(entry));
    expect(notDesk.every((entry) => entry.source !== 'journal')).toBe(true);
  });

  it('pages back in time with a small page size and loses nothing, in the same order and the same groups', async () => {
    const all = await wholeTimeline(200);
    const paged = await wholeTimeline(3);
    expect(paged.pages.length).toBeGreaterThan(3);
    for (const page of paged.pages.slice(0, -1)) expect(page.nextCursor).not.toBeNull();
    expect(paged.entries.map((entry) => entry.id)).toEqual(all.entries.map((entry) => entry.id));
    expect(paged.entries.map((entry) => entry.group?.key ?? null)).toEqual(all.entries.map((entry) => entry.group?.key ?? null));
  });

  it('refuses a cursor from another user or range', async () => {
    const page = await call(harness.core, 'getHistory', { userId: journey.userId, ...range, pageSize: 2 });
    expect(page.nextCursor).not.toBeNull();
    const error = await callError(harness.core, 'getHistory', { userId: journey.userId, since: range.since, pageSize: 2, cursor: page.nextCursor ?? '' });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/another user or date range/) });
    const tooLong = await callError(harness.core, 'getHistory', { userId: journey.userId, since: '2020-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' });
    expect(tooLong.code).toBe('INVALID_INPUT');
  });

  it('exports what is shown: CSV header and rows, JSON equal to the entries, filters applied', async () => {
    const { entries } = await wholeTimeline(200);
    const json = await call(harness.core, 'exportHistory', { userId: journey.userId, ...range, format: 'json' });
    expect(json).toMatchObject({ mimeType: 'application/json', count: entries.length, truncated: false });
    expect(json.fileName).toMatch(new RegExp(`^factordesk-history-${journey.userId}-\\d{8}T\\d{6}Z\\.json$`));
    const document = JSON.parse(json.content) as { entries: TimelineEntry[]; userId: string };
    expect(document.userId).toBe(journey.userId);
    expect(document.entries).toEqual(entries);

    const csv = await call(harness.core, 'exportHistory', { userId: journey.userId, ...range, format: 'csv' });
    expect(csv.mimeType).toBe('text/csv');
    const lines = csv.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe(csvColumns.join(','));
    expect(lines).toHaveLength(entries.length + 1);
    const deniedRow = lines.find((line) => line.includes('Push denied on the phone'));
    expect(deniedRow).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,System Log,Okta Verify \(push\),\w+,push,denied,denied,Dade Murphy \(the user\),Push denied on the phone,sl:/);

    const filters = { kinds: ['denied' as const, 'reset' as const], factorIds: [journey.firstFactorId] };
    const filtered = await call(harness.core, 'exportHistory', { userId: journey.userId, ...range, format: 'json', filters });
    const shown = entries.filter((entry) => matchesHistoryFilters(entry, filters));
    expect(shown.length).toBe(4);
    expect((JSON.parse(filtered.content) as { entries: TimelineEntry[] }).entries).toEqual(shown);
  });

  it('when the token cannot read the System Log, says so in one line and still shows the local sources', async () => {
    const { entries } = await wholeTimeline(200);
    const local = entries.filter((entry) => entry.source !== 'system_log');
    // The same org, now connected with the read-only token, which may not read the System Log (403 E0000006).
    const readOnly = await makeCore({
      dataDir: harness.dataDir,
      sandbox: { ...sandbox, start: async () => ({ url: sandbox.url, token: sandbox.readOnlyToken, close: async () => {} }) },
    });
    try {
      await call(readOnly.core, 'connectSandbox', {});
      const page = await call(readOnly.core, 'getHistory', { userId: journey.userId, ...range, pageSize: 200 });
      expect(page.systemLog).toEqual({ available: false, message: noPermissionMessage, searchedSince: null });
      expect(noPermissionMessage).toBe("This connection can't read the System Log; showing what FactorDesk recorded.");
      expect(page.entries.map((entry) => entry.id)).toEqual(local.map((entry) => entry.id));
      expect(page.nextCursor).toBeNull();

      // Local-only paging works too.
      const first = await call(readOnly.core, 'getHistory', { userId: journey.userId, ...range, pageSize: 4 });
      expect(first.entries).toHaveLength(4);
      const second = await call(readOnly.core, 'getHistory', { userId: journey.userId, ...range, pageSize: 4, cursor: first.nextCursor ?? '' });
      expect([...first.entries, ...second.entries].map((entry) => entry.id)).toEqual(local.slice(0, 8).map((entry) => entry.id));
    } finally {
      await readOnly.close();
    }
  });

  it('an attempt with no outcome (FactorDesk stopped between the request and its answer) reads back as an unknown reset', async () => {
    const { records } = await readJournal(harness.dataDir, { userId: journey.userId });
    // The journey's own reset: its attempt and outcome are one entry, not two.
    const reset = records.filter((record) => record.action === 'reset_factor');
    expect(reset.map((record) => record.outcome)).toEqual(['attempt', 'success']);
    const before = await wholeTimeline(200);
    expect(before.entries.filter((entry) => entry.source === 'journal' && entry.kind === 'reset')).toHaveLength(1);

    // What a crash after the attempt was flushed leaves behind: the attempt, and nothing after it.
    const { id: _id, time: _time, agent: _agent, ...entry } = reset[0] as AuditRecord;
    const lost = new AuditJournal({ dataDir: harness.dataDir, agent: 'test-agent', now: () => new Date() });
    const attempt = await lost.append({ ...entry, factorId: journey.secondFactorId, outcome: 'attempt' });
    await lost.close();

    const restarted = await harness.restart();
    const page = await call(restarted, 'getHistory', { userId: journey.userId, ...range, pageSize: 200 });
    expect(page.entries.find((each) => each.id === `jr:${attempt.id}`)).toMatchObject({
      source: 'journal',
      kind: 'reset',
      outcome: 'unknown',
      factorId: journey.secondFactorId,
      summary: expect.stringMatching(/^Helpdesk tried to reset Okta Verify \(push\); whether it was removed is unknown \(no outcome was recorded: FactorDesk stopped/),
    });
  });

  it('counts an Identity Engine reset of all factors (one deactivation per factor) as one reset of all, whatever the page size', async () => {
    const [zoe] = (await call(harness.core, 'searchUsers', { query: 'zoe.angstrom@example.org' })).users;
    if (!zoe) throw new Error('the showcase user Zoë Ångström is missing');
    const listed = await call(harness.core, 'listFactors', { userId: zoe.id });
    expect(listed.factors).toHaveLength(8);
    const view = { userId: zoe.id, since: new Date(Date.now() - 1000).toISOString(), until: new Date(Date.now() + 60_000).toISOString() };
    await call(harness.core, 'resetAllFactors', { userId: zoe.id, confirmLogin: zoe.login, callerVerification: { method: 'id_check', ticket: 'INC-2001' } });

    const whole = await wholeTimeline(200, view);
    const fromOkta = whole.entries.filter((entry) => entry.source === 'system_log');
    expect(fromOkta.map((entry) => entry.kind)).toEqual(['reset_all']);
    expect(fromOkta[0]).toMatchObject({ factorId: null, factorType: null, actor: { kind: 'admin' } });
    // Okta's record of the desk's reset of all joins the desk's row.
    const deskReset = whole.entries.find((entry) => entry.source === 'journal' && entry.kind === 'reset_all');
    expect(fromOkta[0]?.group).toMatchObject({ key: deskReset?.group?.key, action: 'reset_all', desk: true });
    expect(fromOkta[0]?.summary).toMatch(/^All factors reset by .+ \(admin\) \(8 factors: (?=.*Okta Verify \(push\))(?=.*Okta Verify \(code\))(?=.*Okta FastPass)(?=.*Security key or biometric).+\)$/);
    // The eight events are kept with the entry, each as Okta wrote it.
    expect((fromOkta[0]?.raw as Array<{ eventType: string }>).map((event) => event.eventType)).toEqual(Array(8).fill('user.mfa.factor.deactivate'));
    expect(whole.entries.filter((entry) => entry.source === 'journal').map((entry) => entry.kind)).toEqual(['reset_all']);

    // Pages of two: the reset's events are read ahead so they stay one entry, and nothing is lost or repeated.
    const paged = await wholeTimeline(2, view);
    expect(paged.entries.map((entry) => entry.id)).toEqual(whole.entries.map((entry) => entry.id));
  });

  it("names factors reset in Okta's Admin Console, which FactorDesk never saw, as the factor table would (YubiKey, RSA SecurID, Duo)", async () => {
    const headers = { authorization: `SSWS ${sandbox.token}`, accept: 'application/json' };
    const since = new Date(Date.now() - 1000).toISOString();
    const labels: string[] = [];
    for (const [login, factorType] of [
      ['ken.watanabe@example.org', 'token:hardware'],
      ['jose.alvarez@example.org', 'token'],
      ['priya.raman@example.org', 'web'],
    ] as const) {
      const user = (await (await fetch(`${sandbox.url}/api/v1/users/${login}`, { headers })).json()) as { id: string };
      const factors = (await (await fetch(`${sandbox.url}/api/v1/users/${user.id}/factors`, { headers })).json()) as Array<{ id: string; factorType: string }>;
      const factor = factors.find((each) => each.factorType === factorType);
      expect((await fetch(`${sandbox.url}/api/v1/users/${user.id}/factors/${factor?.id}`, { method: 'DELETE', headers })).status).toBe(204);
      const { entries } = await call(harness.core, 'getHistory', { userId: user.id, since, until: new Date(Date.now() + 60_000).toISOString(), pageSize: 50 });
      const reset = entries.find((entry) => entry.kind === 'reset' && entry.factorId === factor?.id);
      labels.push(`${reset?.factorLabel} | ${reset?.summary}`);
    }
    expect(labels).toEqual([
      expect.stringMatching(/^YubiKey \| YubiKey .*reset by .+ \(admin\)$/),
      expect.stringMatching(/^RSA SecurID \| RSA SecurID .*reset by .+ \(admin\)$/),
      expect.stringMatching(/^Duo Security \| Duo Security .*reset by .+ \(admin\)$/),
    ]);
  });
});
