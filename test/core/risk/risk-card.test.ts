// The risk card against the sandbox org over HTTP: a quiet user, an attack in progress seeded by
// the control API, the reset and the temporary access code that refuse a high-risk account without
// a second verification and a reason (journaled as refused), and every way the System Log or the
// roles can fail to be read.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RiskCard } from '../../../contract';
import { readJournalSince } from '../../../main/core/audit';
import { OktaClient } from '../../../main/core/okta';
import { control as sandboxControl } from '../../support/sandbox-control';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';

const ISAAC_ID = '00ub0oNGTSWTBKOLGLNR';
const manual = { method: 'id_check', ticket: 'INC-7' } as const;
/** A clock time as main writes it in this locale: "10:02", "10:02 AM". */
const T = String.raw`\d{1,2}:\d{2}(?: [AP]M)?`;
const second = { secondMethod: 'manager_callback', reason: 'His manager confirmed the request on a known number' } as const;

let sandbox: SharedSandbox;
let harness: CoreHarness;
const others: CoreHarness[] = [];

/** The sandbox's control and Okta APIs with its admin token (test/support/sandbox-control.ts). */
const control = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> => sandboxControl<T>(sandbox, method, path, body);

/** A core on the same sandbox org, connected with another token, or with a client that never waits out a 429. */
async function coreWith(options: { token?: string; noRateLimitWait?: boolean }): Promise<CoreHarness> {
  const other = await makeCore({
    sandbox: { ...sandbox, start: async () => ({ url: sandbox.url, token: options.token ?? sandbox.token, close: async () => {} }) },
    ...(options.noRateLimitWait ? { createClient: (org) => new OktaClient({ ...org, retry: { maxRateLimitWaitMs: 0 } }) } : {}),
  });
  await call(other.core, 'connectSandbox', {});
  others.push(other);
  return other;
}

async function userId(login: string): Promise<string> {
  return (await control<{ id: string }>('GET', `/api/v1/users/${encodeURIComponent(login)}`)).id;
}

beforeAll(async () => {
  sandbox = await shareSandbox(120);
  harness = await makeCore({ sandbox });
  await call(harness.core, 'connectSandbox', {});
});
afterEach(async () => {
  await control('DELETE', '/sandbox/v1/faults');
});
afterAll(async () => {
  for (const other of others) await other.close();
  await harness.close();
  await sandbox.close();
});

describe('the risk card', () => {
  it('a quiet user: no signals, "no signs of attack", nothing asked of a reset', async () => {
    const card = await call(harness.core, 'getRiskCard', { userId: ISAAC_ID });
    expect(card).toMatchObject({
      userId: ISAAC_ID,
      level: 'none',
      headline: 'No signs of attack in the last 72 hours',
      signals: [],
      requiresSecondVerification: false,
      systemLog: { readable: true, earlierSignIns: 0 },
      roles: { readable: true, admin: [] },
    });
    expect(Date.parse(card.freshUntil) - Date.parse(card.checkedAt)).toBe(60_000);
    expect(Date.parse(card.systemLog.until) - Date.parse(card.systemLog.since)).toBe(72 * 3_600_000);
  });

  it('an attack in progress: MFA fatigue, a report, an anonymizer, new countries, each linked to its History entry', async () => {
    const seeded = await control<{ events: Array<{ uuid: string; eventType: string; network: string | null }> }>('POST', '/sandbox/v1/scenarios/attack', { userId: ISAAC_ID });
    // Within the minute the card is reused (one System Log query serves the page, the dialog and the reset)…
    const cached = await call(harness.core, 'getRiskCard', { userId: ISAAC_ID });
    expect(cached.level).toBe('none');
    // …and read again when asked.
    const card: RiskCard = await call(harness.core, 'getRiskCard', { userId: ISAAC_ID, refresh: true });
    expect(card).toMatchObject({ level: 'high', requiresSecondVerification: true, headline: 'High risk: this account may be under attack right now' });
    // The sign-ins of 21 and 9 days ago (the one 2 days ago is inside the 72 hours).
    expect(card.systemLog).toMatchObject({ readable: true, earlierSignIns: 2 });
    const kinds = card.signals.map((signal) => signal.kind);
    expect(kinds).toEqual(expect.arrayContaining(['push_fatigue', 'suspicious_activity', 'anonymizer', 'okta_risk', 'new_country']));
    expect(card.signals.every((signal) => signal.severity === 'high' || signal.severity === 'medium')).toBe(true);
    // Highest first.
    expect(card.signals.findIndex((signal) => signal.severity === 'medium')).toBeGreaterThan(card.signals.findLastIndex((signal) => signal.severity === 'high'));

    const fatigue = card.signals.find((signal) => signal.kind === 'push_fatigue')!;
    expect(fatigue.summary).toMatch(new RegExp(`^5 pushes denied in 7 minutes \\(${T}–${T}\\): possible MFA fatigue attack$`));
    expect(fatigue.detail).toBe('203.0.113.77 · Amsterdam, Netherlands · Example Anonymizer VPN (AS64511) · anonymizing proxy');
    const denials = seeded.events.filter((event) => event.eventType === 'user.authentication.auth_via_mfa').map((event) => `sl:${event.uuid}`);
    expect(fatigue.historyEntryIds.sort()).toEqual(denials.sort());

    const report = card.signals.find((signal) => signal.kind === 'suspicious_activity')!;
    expect(report.summary).toMatch(new RegExp(`^The user reported suspicious activity \\(a push they did not start\\) at ${T}$`));
    expect(report.detail).toBe('Reported: 203.0.113.77 · Amsterdam, Netherlands');
    const reportEvent = seeded.events.find((event) => event.eventType === 'user.account.report_suspicious_activity_by_enduser')!;
    expect(report.historyEntryIds).toEqual([`sl:${reportEvent.uuid}`]);

    const countries = card.signals.filter((signal) => signal.kind === 'new_country').map((signal) => signal.summary);
    // The anonymizer's exit is not where the person is: only São Paulo is a new country.
    expect(countries).toEqual([expect.stringMatching(new RegExp(`^Sign-in from São Paulo, Brazil at ${T}: not seen in the last 30 days \\(usually United States\\)$`))]);
    // Every linked entry is one of the events the scenario logged, and is on the History timeline.
    const logged = new Set(seeded.events.map((event) => `sl:${event.uuid}`));
    for (const signal of card.signals) for (const id of signal.historyEntryIds) expect(logged.has(id), `${signal.kind} ${id}`).toBe(true);
    const onTimeline = new Set<string>();
    let cursor: string | undefined;
    const since = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    do {
      const page = await call(harness.core, 'getHistory', { userId: ISAAC_ID, since, until, pageSize: 50, ...(cursor ? { cursor } : {}) });
      for (const entry of page.entries) onTimeline.add(entry.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    for (const signal of card.signals) for (const id of signal.historyEntryIds) expect(onTimeline.has(id), `${signal.kind} ${id} on the timeline`).toBe(true);
  });

  it('a reset of the high-risk user is refused without a second, different method and a reason, and each refusal is journaled', async () => {
    const sms = (await call(harness.core, 'listFactors', { userId: ISAAC_ID })).factors.find((factor) => factor.factorType === 'sms')!;
    const attempt = (extra: Record<string, unknown>) => callError(harness.core, 'resetFactor', { userId: ISAAC_ID, factorId: sms.id, callerVerification: manual, ...extra });

    const missing = await attempt({});
    expect(missing).toMatchObject({ code: 'INVALID_INPUT', causes: ['riskAcknowledgement: required when the risk card is high'] });
    expect(missing.message).toMatch(/^This account shows signs of attack \(.*pushes denied.*\), so a reset needs a second verification by another method and the reason you go ahead\.$/);
    expect((await attempt({ riskAcknowledgement: { secondMethod: 'id_check', reason: 'Checked the badge twice over video' } })).causes).toEqual(['riskAcknowledgement: the second method is the same as the first']);
    expect((await attempt({ riskAcknowledgement: { secondMethod: 'recent_check', reason: 'He approved a test push just now' } })).causes).toEqual(['riskAcknowledgement: no recent passed check for the second verification']);
    expect((await attempt({ riskAcknowledgement: { secondMethod: 'manager_callback', reason: 'short' } })).code).toBe('INVALID_INPUT');
    expect((await call(harness.core, 'listFactors', { userId: ISAAC_ID })).factors.map((factor) => factor.id)).toContain(sms.id);

    const reset = await call(harness.core, 'resetFactor', { userId: ISAAC_ID, factorId: sms.id, callerVerification: manual, riskAcknowledgement: second });
    expect(reset.riskCheck).toMatchObject({ level: 'high', secondMethod: 'manager_callback', reason: second.reason, signals: expect.arrayContaining(['push_fatigue', 'suspicious_activity']) });

    const records = (await readJournalSince(harness.dataDir, { since: new Date(0) })).records.filter((record) => record.action === 'reset_factor' && record.outcome !== 'attempt');
    expect(records.map((record) => [record.outcome, record.stage ?? null])).toEqual([
      ['failure', 'refused'],
      ['failure', 'refused'],
      ['failure', 'refused'],
      ['success', null],
    ]);
    // A refusal says what the card said; the reset what was given.
    expect(records[0]?.riskCheck).toMatchObject({ level: 'high', signals: expect.arrayContaining(['push_fatigue']) });
    expect(records[0]?.riskCheck?.reason).toBeUndefined();
    expect(records[3]?.riskCheck).toMatchObject({ level: 'high', secondMethod: 'manager_callback', reason: second.reason });
    // The desk's own reset is now on the card (read again after the change).
    const after = await call(harness.core, 'getRiskCard', { userId: ISAAC_ID });
    expect(after.signals.map((signal) => signal.kind)).toContain('factor_reset');
  });

  it('a high-risk reset needs the caller verified first, even where the org would not ask', async () => {
    const org = (await call(harness.core, 'listOrgs', {})).orgs.find((candidate) => candidate.kind === 'sandbox')!;
    await call(harness.core, 'saveOrg', { id: org.id, name: org.name, url: org.url, tokenStorage: 'session', requireCallerVerification: false });
    try {
      const push = (await call(harness.core, 'listFactors', { userId: ISAAC_ID })).factors.find((factor) => factor.factorType === 'push')!;
      const refused = await callError(harness.core, 'resetFactor', { userId: ISAAC_ID, factorId: push.id, riskAcknowledgement: second });
      expect(refused).toMatchObject({ code: 'INVALID_INPUT', causes: ['riskAcknowledgement: the first verification is required when the risk card is high'] });
    } finally {
      await call(harness.core, 'saveOrg', { id: org.id, name: org.name, url: org.url, tokenStorage: 'session', requireCallerVerification: true });
    }
  });

  it('a temporary access code for the high-risk user passes the same gate: refused without a second method and a reason (journaled), issued with them', async () => {
    const refused = await callError(harness.core, 'issueTac', { userId: ISAAC_ID, multiUse: false, callerVerification: manual });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', causes: ['riskAcknowledgement: required when the risk card is high'] });
    expect(refused.message).toMatch(/^This account shows signs of attack \(.*\), so a temporary access code needs a second verification by another method and the reason you go ahead\.$/);
    expect((await callError(harness.core, 'issueTac', { userId: ISAAC_ID, multiUse: false, callerVerification: manual, riskAcknowledgement: { ...second, secondMethod: 'id_check' } })).causes).toEqual([
      'riskAcknowledgement: the second method is the same as the first',
    ]);

    const issued = await call(harness.core, 'issueTac', { userId: ISAAC_ID, multiUse: false, callerVerification: manual, riskAcknowledgement: second });
    expect(issued.riskCheck).toMatchObject({ level: 'high', secondMethod: 'manager_callback', reason: second.reason });
    const records = (await readJournalSince(harness.dataDir, { since: new Date(0) })).records.filter((record) => record.action === 'issue_tac' && record.outcome !== 'attempt');
    expect(records.map((record) => [record.outcome, record.stage ?? null])).toEqual([
      ['failure', 'refused'],
      ['failure', 'refused'],
      ['success', null],
    ]);
    expect(records[2]).toMatchObject({ id: issued.auditId, riskCheck: { level: 'high', secondMethod: 'manager_callback', reason: second.reason } });
    expect(JSON.stringify(records)).not.toContain(issued.code);
    await call(harness.core, 'revokeTac', { userId: ISAAC_ID });
  });

  it('an administrator is high risk by role alone', async () => {
    const sam = await userId('sam.shaw@example.org');
    const card = await call(harness.core, 'getRiskCard', { userId: sam });
    expect(card).toMatchObject({ level: 'high', requiresSecondVerification: true, roles: { readable: true, admin: ['Super Organization administrator'] } });
    expect(card.signals[0]).toMatchObject({ kind: 'admin_role', severity: 'high', at: null, historyEntryIds: [] });
    expect(card.headline).toBe('High risk: verify the caller twice before any reset or code');
  });
});

describe('when the System Log or the roles cannot be read', () => {
  it('403 E0000006 on the System Log: "risk unknown", never "no risk"', async () => {
    const readOnly = await coreWith({ token: sandbox.readOnlyToken });
    const dade = await userId('dade.murphy@example.org');
    const card = await call(readOnly.core, 'getRiskCard', { userId: dade });
    expect(card.level).toBe('unknown');
    expect(card.requiresSecondVerification).toBe(false);
    expect(card.headline).toMatch(/^Risk unknown: This connection can't read the System Log/);
    expect(card.systemLog).toMatchObject({ readable: false, comparedSince: null });
    expect(card.signals).toEqual([]);
  });

  it('404 for an unknown user: NOT_FOUND, no card', async () => {
    expect((await callError(harness.core, 'getRiskCard', { userId: '00uNoSuchUser0000000' })).code).toBe('NOT_FOUND');
  });

  it('429 on the System Log: unknown until when, and tried again sooner than a minute', async () => {
    const hasty = await coreWith({ noRateLimitWait: true });
    await control('POST', '/sandbox/v1/rate-limits', { logs: 1 });
    try {
      const dade = await userId('dade.murphy@example.org');
      expect((await call(hasty.core, 'getRiskCard', { userId: dade })).level).toBe('none');
      const limited = await call(hasty.core, 'getRiskCard', { userId: dade, refresh: true });
      expect(limited.level).toBe('unknown');
      expect(limited.systemLog.message).toMatch(/^Okta is rate-limiting System Log reads until \d{1,2}:\d{2}:\d{2}(?: [AP]M)?; refresh the risk card then\.$/);
      expect(Date.parse(limited.freshUntil) - Date.parse(limited.checkedAt)).toBe(15_000);
    } finally {
      await control('POST', '/sandbox/v1/rate-limits', { logs: 120 });
    }
  });

  it('5xx on the System Log: unknown, "refresh to try again"; roles refused: the card says so and goes on', async () => {
    const dade = await userId('dade.murphy@example.org');
    await control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 500, paths: '^/api/v1/logs$' });
    const failing = await call(harness.core, 'getRiskCard', { userId: dade, refresh: true });
    expect(failing).toMatchObject({ level: 'unknown', systemLog: { readable: false, message: expect.stringMatching(/^Couldn't read the System Log \(.*\)\. Refresh to try again\.$/) } });
    await control('DELETE', '/sandbox/v1/faults');

    await control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 403, paths: '/roles$' });
    const noRoles = await call(harness.core, 'getRiskCard', { userId: dade, refresh: true });
    expect(noRoles).toMatchObject({ level: 'none', roles: { readable: false, admin: [], message: expect.stringMatching(/can't read admin roles/) } });
  });
});
