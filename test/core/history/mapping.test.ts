// Pure parts of the history: event-type table, event wording, observation diffs, CSV, filters.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchesHistoryFilters, type TimelineEntry } from '../../../contract/history';
import type { FactorSummary } from '../../../contract/users';
import { csvCell, entriesToCsv, factorEventTypeNames, FactorDirectory, mapLogEvent } from '../../../main/core/history';
import { accountEventTypeNames } from '../../../main/core/history/account-event-types';
import { mapAccountEvent } from '../../../main/core/history/map-account-event';
import { lockEventTypes } from '../../../main/core/lockout/lock-reason';
import { mapLogEvents } from '../../../main/core/history/oie-resets';
import { diffFactors, FactorObservations, toSnapshot } from '../../../main/core/observations';
import { riskEventTypes } from '../../../main/core/risk/risk-query';
import { oktaLogEventSchema } from '../../../main/core/okta';
import { oktaReferenceDir, sharedMaterialPresent } from '../../support/shared-material';
import { useTempDirs } from '../../support/temp-dirs';

const eventTypesFile = join(oktaReferenceDir, 'event-types.json');
const haveReference = sharedMaterialPresent(eventTypesFile, 'the System Log event type check (test/core/history/mapping.test.ts)');

describe('System Log event types', () => {
  it.skipIf(!haveReference)('every factor event type we query is in Okta\'s event type catalog', () => {
    const catalog = JSON.parse(readFileSync(eventTypesFile, 'utf8')) as { versions: Array<{ eventTypes: Array<{ id: string }> }> };
    const known = new Set(catalog.versions.flatMap((version) => version.eventTypes.map((type) => type.id)));
    expect(factorEventTypeNames.filter((name) => !known.has(name))).toEqual([]);
    expect(factorEventTypeNames.length).toBeGreaterThan(12);
    // The account events History tells, the risk card's and the lock reason's.
    for (const names of [accountEventTypeNames, riskEventTypes, lockEventTypes]) expect(names.filter((name) => !known.has(name))).toEqual([]);
  });
});

const userId = '00uREALUSER';
function oktaEvent(overrides: Record<string, unknown>) {
  return oktaLogEventSchema.parse({
    uuid: 'b0f1c2d3-0000-4000-8000-000000000001',
    published: '2026-05-04T09:10:11.123Z',
    eventType: 'user.mfa.factor.activate',
    severity: 'INFO',
    displayMessage: 'Activate factor for user',
    actor: { id: userId, type: 'User', alternateId: 'isaac@example.org', displayName: 'Isaac Brock' },
    target: [{ id: userId, type: 'User', alternateId: 'isaac@example.org', displayName: 'Isaac Brock' }],
    outcome: { result: 'SUCCESS', reason: null },
    debugContext: { debugData: { factor: 'OKTA_VERIFY_PUSH' } },
    ...overrides,
  });
}

describe('System Log events in agent words', () => {
  const directory = FactorDirectory.from({
    snapshot: [
      { id: 'opfPUSH', factorType: 'push', provider: 'OKTA', label: 'Okta Verify (push)', status: 'ACTIVE', device: { name: 'Isaac iPhone', platform: 'IOS', version: '17.4' }, detail: null, created: null },
    ],
    observations: [],
    journal: [],
  });

  it('names the factor from debugData when Okta gives no enrollment target (classic orgs)', () => {
    const entry = mapLogEvent(oktaEvent({}), userId, FactorDirectory.from({ snapshot: null, observations: [], journal: [] }));
    expect(entry).toMatchObject({ kind: 'activated', factorType: 'push', factorLabel: 'Okta Verify (push)', summary: 'Okta Verify (push) enrolled', outcome: 'success' });
    expect(entry?.actor).toEqual({ kind: 'user', name: 'Isaac Brock (the user)', id: userId });
  });

  it("labels a factor FactorDesk never saw by Okta's own names: YubiKey, RSA SecurID, Symantec VIP, Duo, Google Authenticator, FastPass", () => {
    const nothingKnown = FactorDirectory.from({ snapshot: null, observations: [], journal: [] });
    const admin = { id: '00uADMIN', type: 'User', alternateId: 'jdoe@example.org', displayName: 'Jane Doe' };
    const labelled = (factor: string | null, displayName: string | null, reason: string | null = null) =>
      mapLogEvent(
        oktaEvent({
          eventType: 'user.mfa.factor.deactivate',
          actor: admin,
          outcome: { result: 'SUCCESS', reason },
          debugContext: { debugData: factor ? { factor } : {} },
          target: [{ id: userId, type: 'User', displayName: 'Isaac Brock' }, ...(displayName ? [{ id: 'xyzFACTOR', type: 'AuthenticatorEnrollment', displayName }] : [])],
        }),
        userId,
        nothingKnown,
      )?.factorLabel;
    // Okta's factor enum in debugData (the management spec's and the event catalog's names)…
    expect(labelled('YUBIKEY_OTP_FACTOR', null)).toBe('YubiKey');
    expect(labelled('SECURID_FACTOR', null)).toBe('RSA SecurID');
    expect(labelled('VIP_FACTOR', null)).toBe('Symantec VIP');
    expect(labelled('DUO_SECURITY', null)).toBe('Duo Security');
    expect(labelled('FIDO_WEBAUTHN', null)).toBe('Security key or biometric');
    expect(labelled('SIGNED_NONCE', null)).toBe('Okta FastPass');
    expect(labelled('HOTP_FACTOR', null)).toBe('Custom HOTP token');
    // …or the factor type with the provider in the enrollment's name or an Identity Engine reset's reason.
    expect(labelled('token', 'RSA SecurID')).toBe('RSA SecurID');
    expect(labelled('token', 'Symantec VIP')).toBe('Symantec VIP');
    expect(labelled('token:hardware', 'YubiKey OTP', 'User reset YUBIKEY_TOKEN factor')).toBe('YubiKey');
    expect(labelled('web', null, 'User reset DUO factor')).toBe('Duo Security');
    expect(labelled('token:software:totp', 'Google Authenticator')).toBe('Google Authenticator');
    expect(labelled('token:software:totp', 'Okta Verify TOTP', 'User reset OKTA_SOFT_TOKEN factor')).toBe('Okta Verify (code)');
    // A type nobody knows is shown as Okta sent it.
    expect(labelled('something:new', null)).toBe('something:new');
  });

  it('uses what FactorDesk knows about the device', () => {
    const target = [
      { id: userId, type: 'User', displayName: 'Isaac Brock' },
      { id: 'opfPUSH', type: 'AuthenticatorEnrollment', displayName: 'Okta Verify' },
    ];
    expect(mapLogEvent(oktaEvent({ target }), userId, directory)?.summary).toBe("Okta Verify (push) enrolled on 'Isaac iPhone' (iOS 17.4)");
    const denied = mapLogEvent(oktaEvent({ target, eventType: 'user.mfa.okta_verify.deny_push', outcome: { result: 'DENY', reason: 'WRONG_NUMBER_CHALLENGE_ANSWER' } }), userId, directory);
    expect(denied).toMatchObject({ kind: 'denied', outcome: 'denied', summary: 'Push denied on the phone (wrong number tapped)' });
    const admin = { id: '00uADMIN', type: 'User', alternateId: 'jdoe@example.org', displayName: 'Jane Doe' };
    const resetAll = mapLogEvent(oktaEvent({ eventType: 'user.mfa.factor.reset_all', actor: admin, target: [target[0]] }), userId, directory);
    expect(resetAll).toMatchObject({ kind: 'reset_all', factorId: null, summary: 'All factors reset by Jane Doe (admin)', actor: { kind: 'admin' } });
  });

  it("reads Identity Engine's per-factor deactivations of one request as one reset of all, but not an Okta Verify device's", () => {
    const admin = { id: '00uADMIN', type: 'User', alternateId: 'jdoe@example.org', displayName: 'Jane Doe' };
    const deactivation = (uuid: string, key: string, transaction: string, uri?: string) =>
      oktaEvent({
        uuid,
        eventType: 'user.mfa.factor.deactivate',
        actor: admin,
        outcome: { result: 'SUCCESS', reason: `User reset ${key} factor` },
        transaction: { type: 'WEB', id: transaction },
        debugContext: { debugData: { factor: key, ...(uri ? { requestUri: uri } : {}) } },
      });
    // One device's push, code and FastPass: a removal of Okta Verify, shown factor by factor.
    const device = ['OKTA_VERIFY_PUSH', 'OKTA_SOFT_TOKEN', 'SIGNED_NONCE'].map((key, i) => deactivation(`d${i}`, key, 'reqDEVICE'));
    expect(mapLogEvents(device, userId, directory).map(({ entry, transactionId }) => [entry.kind, transactionId])).toEqual([
      ['reset', 'reqDEVICE'],
      ['reset', 'reqDEVICE'],
      ['reset', 'reqDEVICE'],
    ]);
    // Okta Verify and an SMS in one request: a reset of all, even without the request's address.
    const all = ['OKTA_VERIFY_PUSH', 'OKTA_SOFT_TOKEN', 'SIGNED_NONCE', 'SMS_FACTOR'].map((key, i) => deactivation(`a${i}`, key, 'reqALL'));
    const [resetAll, ...rest] = mapLogEvents([...all, oktaEvent({ uuid: 'later' })], userId, directory).map(({ entry }) => entry);
    expect(resetAll).toMatchObject({ id: 'sl:a0', kind: 'reset_all', factorId: null, summary: 'All factors reset by Jane Doe (admin) (4 factors: Okta Verify (push), Okta Verify (code), Okta FastPass, SMS)' });
    expect(rest.map((entry) => entry.kind)).toEqual(['activated']);
    // Okta Verify alone, by lifecycle/reset_factors: a reset of all too.
    const byAddress = device.map((event, i) => deactivation(`r${i}`, ['OKTA_VERIFY_PUSH', 'OKTA_SOFT_TOKEN', 'SIGNED_NONCE'][i] ?? '', 'reqRESET', `/api/v1/users/${userId}/lifecycle/reset_factors`));
    expect(mapLogEvents(byAddress, userId, directory).map(({ entry, transactionId }) => [entry.kind, transactionId])).toEqual([['reset_all', 'reqRESET']]);
  });

  it('leaves out events about someone else and event types it does not show', () => {
    const other = [{ id: '00uSOMEONEELSE', type: 'User', displayName: 'Someone' }];
    expect(mapLogEvent(oktaEvent({ target: other }), userId, directory)).toBeNull();
    expect(mapLogEvent(oktaEvent({ eventType: 'user.session.start' }), userId, directory)).toBeNull();
    expect(mapAccountEvent(oktaEvent({ eventType: 'user.account.privilege.grant' }), userId)).toBeNull();
    expect(mapAccountEvent(oktaEvent({ eventType: 'user.session.start', target: other }), userId)).toBeNull();
  });

  it('tells the account around the factors: sign-ins with where from, reports, locks, unlocks, passwords', () => {
    const where = {
      client: { ipAddress: '198.51.100.23', geographicalContext: { city: 'São Paulo', country: 'Brazil' } },
      securityContext: { asNumber: 64500, asOrg: 'Example Telecom Brasil', isProxy: false },
    };
    const signIn = mapAccountEvent(oktaEvent({ eventType: 'user.session.start', ...where }), userId);
    expect(signIn).toMatchObject({ kind: 'signed_in', factorId: null, factorLabel: null, summary: 'Signed in from 198.51.100.23 · São Paulo, Brazil · Example Telecom Brasil (AS64500)' });
    const failed = mapAccountEvent(oktaEvent({ eventType: 'user.session.start', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } }), userId);
    expect(failed).toMatchObject({ kind: 'signed_in', outcome: 'failure' });
    expect(failed?.summary).toMatch(/^Sign-in failed \(wrong password\)/);
    const report = mapAccountEvent(
      oktaEvent({ eventType: 'user.account.report_suspicious_activity_by_enduser', debugContext: { debugData: { suspicious_activity_event_type: 'system.push.send_factor_verify_push', suspicious_activity_event_ip: '203.0.113.77', suspicious_activity_event_country: 'Netherlands' } } }),
      userId,
    );
    expect(report).toMatchObject({ kind: 'suspicious_activity', summary: 'The user reported suspicious activity (a push they did not start from 203.0.113.77, Netherlands)' });
    expect(mapAccountEvent(oktaEvent({ eventType: 'user.account.lock', displayMessage: 'Max sign in attempts exceeded' }), userId)).toMatchObject({ kind: 'locked', summary: 'Account locked: Max sign in attempts exceeded' });
    const admin = { id: '00uADMIN', type: 'User', alternateId: 'jane@example.org', displayName: 'Jane Admin' };
    expect(mapAccountEvent(oktaEvent({ eventType: 'user.account.unlock_by_admin', actor: admin }), userId)).toMatchObject({ kind: 'unlocked', summary: 'Account unlocked by Jane Admin (admin)' });
    expect(mapAccountEvent(oktaEvent({ eventType: 'user.account.reset_password', actor: admin }), userId)).toMatchObject({ kind: 'password_reset', summary: 'Password reset by Jane Admin (admin)' });
  });
});

function factor(overrides: Partial<FactorSummary>): FactorSummary {
  return {
    id: 'opf1',
    factorType: 'push',
    provider: 'OKTA',
    vendorName: 'OKTA',
    status: 'PENDING_ACTIVATION',
    label: 'Okta Verify (push)',
    deviceName: null,
    platform: null,
    platformVersion: null,
    detail: null,
    created: '2026-01-01T00:00:00.000Z',
    lastUpdated: '2026-01-01T00:00:00.000Z',
    callerCheck: 'push',
    oktaVerifyDevice: null,
    removesAlso: [],
    ...overrides,
  };
}

describe('observed transitions', () => {
  it('first sight, activation, device change and removal', () => {
    const pending = toSnapshot(factor({}));
    const active = toSnapshot(factor({ status: 'ACTIVE', deviceName: 'Isaac iPhone', platform: 'IOS', platformVersion: '17.4' }));
    const moved = toSnapshot(factor({ status: 'ACTIVE', deviceName: 'Isaac Pixel', platform: 'ANDROID', platformVersion: '14' }));
    const sms = toSnapshot(factor({ id: 'sms1', factorType: 'sms', label: 'SMS', status: 'ACTIVE', detail: '+1 555 0100' }));
    expect(diffFactors(null, [pending]).map((t) => t.change)).toEqual(['first_seen']);
    expect(diffFactors([], [pending]).map((t) => t.change)).toEqual(['new']);
    expect(diffFactors([pending], [active])).toMatchObject([{ change: 'status', statusBefore: 'PENDING_ACTIVATION', statusAfter: 'ACTIVE' }]);
    expect(diffFactors([active], [moved])).toMatchObject([{ change: 'device', deviceBefore: { name: 'Isaac iPhone' }, device: { name: 'Isaac Pixel' } }]);
    expect(diffFactors([active, sms], [active, { ...sms, detail: '+1 555 0199' }])).toMatchObject([{ change: 'device', factorId: 'sms1' }]);
    expect(diffFactors([active, sms], [sms])).toMatchObject([{ change: 'removed', factorId: 'opf1', statusAfter: 'REMOVED' }]);
    expect(diffFactors([active], [active])).toEqual([]);
  });
});

describe('observation store', () => {
  const tempDataDir = useTempDirs('observations');

  it('records transitions per org and user, survives a restart, and forgets the stalest users past the bound', async () => {
    const dataDir = await tempDataDir();
    let clock = new Date('2026-02-01T10:00:00Z');
    const options = { dataDir, now: () => clock, maxUsers: 2 };
    const first = new FactorObservations(options);
    expect(await first.recordListing('org1', 'u1', [])).toEqual([]);
    clock = new Date('2026-02-01T10:05:00Z');
    expect((await first.recordListing('org1', 'u1', [factor({})])).map((r) => r.change)).toEqual(['new']);
    // Same user id in another org is someone else.
    expect((await first.recordListing('org2', 'u1', [factor({})])).map((r) => r.change)).toEqual(['first_seen']);
    await first.close();

    const second = new FactorObservations(options);
    clock = new Date('2026-02-01T10:10:00Z');
    expect(await second.recordListing('org1', 'u1', [factor({ status: 'ACTIVE' })])).toMatchObject([{ change: 'status', statusAfter: 'ACTIVE' }]);
    await second.recordListing('org1', 'u2', []);
    // org2/u1 was the stalest of three: forgotten, so it is "first seen" again.
    expect((await second.recordListing('org2', 'u1', [factor({})])).map((r) => r.change)).toEqual(['first_seen']);
    const { records } = await second.read({ orgId: 'org1', userId: 'u1', since: '2026-02-01T10:01:00Z' });
    expect(records.map((r) => [r.at, r.change])).toEqual([
      ['2026-02-01T10:05:00.000Z', 'new'],
      ['2026-02-01T10:10:00.000Z', 'status'],
    ]);
    await second.close();
    const stored = await readFile(join(dataDir, 'observations', 'snapshots.json'), 'utf8');
    expect(Object.keys((JSON.parse(stored) as { users: object }).users)).toEqual(['org1/u2', 'org2/u1']);
  });
});

function entry(overrides: Partial<TimelineEntry>): TimelineEntry {
  return {
    id: 'x',
    at: '2026-01-01T00:00:00.000Z',
    source: 'system_log',
    factorId: 'opf1',
    factorType: 'push',
    factorLabel: 'Okta Verify (push)',
    kind: 'sent',
    summary: 'Push sent',
    actor: { kind: 'system', name: 'Okta', id: null },
    outcome: 'success',
    statusAfter: null,
    raw: null,
    ...overrides,
  };
}

describe('filters and CSV', () => {
  it('filters by factor, kind, outcome and source; a reset of all factors concerns every factor', () => {
    const entries = [
      entry({ id: 'a' }),
      entry({ id: 'b', factorId: 'sms1', kind: 'denied', outcome: 'denied' }),
      entry({ id: 'c', factorId: null, kind: 'reset_all', source: 'journal' }),
    ];
    const ids = (filters: Parameters<typeof matchesHistoryFilters>[1]) => entries.filter((e) => matchesHistoryFilters(e, filters)).map((e) => e.id);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ factorIds: ['opf1'] })).toEqual(['a', 'c']);
    expect(ids({ kinds: ['denied'] })).toEqual(['b']);
    expect(ids({ outcomes: ['success'] })).toEqual(['a', 'c']);
    expect(ids({ sources: ['journal'] })).toEqual(['c']);
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(null)).toBe('');
    const csv = entriesToCsv([entry({ summary: "Push sent to 'Isaac, iPhone'" })]);
    expect(csv.split('\r\n')[1]).toBe('2026-01-01T00:00:00.000Z,System Log,Okta Verify (push),opf1,push,sent,success,Okta,"Push sent to \'Isaac, iPhone\'",x');
  });
});
