// Which entries are one action: the journal's steps of a desk action, Okta's and FactorDesk's
// echoes of it (by factor and time window), and Okta events of one request; everything else stays
// a row of its own.
import { describe, expect, it } from 'vitest';
import { matchesHistoryFilters, type HistorySource, type TimelineEntry, type TimelineKind } from '../../../contract/history';
import { groupDeskActions, type AuditRecord } from '../../../main/core/audit';
import { DeskActionIndex, groupLogEntries } from '../../../main/core/history/action-groups';

const USER = '00udade0000000000001';
const PUSH = 'opfpush0000000000001';
const SMS = 'smssms00000000000001';
const T0 = Date.parse('2026-03-12T13:00:00.000Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

let ids = 0;
function record(seconds: number, fields: Partial<AuditRecord> & Pick<AuditRecord, 'action' | 'outcome'>): AuditRecord {
  ids += 1;
  return { id: `jr${ids}`, time: at(seconds), agent: 'jdoe', orgId: 'org-1', orgUrl: 'https://acme.okta.com', userId: USER, userLogin: 'dade@example.org', ...fields };
}

/** The System Log event type behind each kind in these stories. */
const eventTypes: Partial<Record<TimelineKind, string>> = {
  sent: 'system.push.send_factor_verify_push',
  verified: 'user.mfa.okta_verify',
  denied: 'user.mfa.okta_verify.deny_push',
  reset: 'user.mfa.factor.deactivate',
  reset_all: 'user.mfa.factor.reset_all',
};

function entry(source: HistorySource, seconds: number, kind: TimelineKind, factorId: string | null, eventType = eventTypes[kind], id = `${source}-${ids++}`): TimelineEntry {
  return {
    id,
    at: at(seconds),
    source,
    factorId,
    factorType: factorId === PUSH ? 'push' : factorId === SMS ? 'sms' : null,
    factorLabel: null,
    kind,
    summary: `${source} ${kind}`,
    actor: { kind: 'system', name: 'Okta', id: null },
    outcome: 'success',
    statusAfter: null,
    raw: source === 'system_log' ? { eventType: eventType ?? 'unknown' } : null,
  };
}

const log = (seconds: number, kind: TimelineKind, factorId: string | null, transactionId: string | null = null, eventType?: string) => ({
  entry: entry('system_log', seconds, kind, factorId, eventType),
  transactionId,
});

describe('desk actions from the journal', () => {
  it('joins a push to its answer, a code check to its attempts, an enrollment to its activation; a reset is one action', () => {
    const records = [
      record(0, { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push' }),
      record(12, { action: 'verify_push', outcome: 'success', factorId: PUSH, factorType: 'push' }),
      record(30, { action: 'verify_start', outcome: 'success', factorId: SMS, factorType: 'sms' }),
      record(40, { action: 'verify_code', outcome: 'failure', factorId: SMS, factorType: 'sms', errorCode: 'WRONG_CODE' }),
      record(50, { action: 'resend_code', outcome: 'success', factorId: SMS, factorType: 'sms', detail: 'verify' }),
      record(60, { action: 'verify_code', outcome: 'success', factorId: SMS, factorType: 'sms' }),
      record(70, { action: 'reset_factor', outcome: 'success', factorId: PUSH, factorType: 'push' }),
      record(80, { action: 'enroll', outcome: 'pending', factorId: PUSH, factorType: 'push' }),
      record(90, { action: 'activation_watch', outcome: 'success', factorId: PUSH, factorType: 'push' }),
      // A second test push on a factor whose first was answered: a new action.
      record(100, { action: 'verify_push', outcome: 'success', factorId: PUSH, factorType: 'push' }),
    ];
    const actions = groupDeskActions(records);
    expect(actions.map((action) => [action.kind, action.steps.map((step) => `${step.record.action}/${step.role}`)])).toEqual([
      ['test_push', ['verify_start/start', 'verify_push/result']],
      ['code_check', ['verify_start/start', 'verify_code/result', 'resend_code/send', 'verify_code/result']],
      ['reset', ['reset_factor/result']],
      ['enrollment', ['enroll/start', 'activation_watch/result']],
      ['test_push', ['verify_push/result']],
    ]);
  });
});

describe('one row per action across sources', () => {
  it('a test push: started, sent, answered and verified share one group; the user’s own sign-in push later stays apart', () => {
    const records = [
      record(0, { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push' }),
      record(14, { action: 'verify_push', outcome: 'success', factorId: PUSH, factorType: 'push' }),
    ];
    const desk = new DeskActionIndex(records);
    const key = desk.journalGroup(records[0]?.id ?? '')?.key;
    expect(key).toBe(`desk:${records[0]?.id}`);
    expect(desk.journalGroup(records[1]?.id ?? '')).toEqual({ key, action: 'test_push', part: 'result', desk: true });

    const page = groupLogEntries(
      [
        log(-0.2, 'sent', PUSH, 'req-1'),
        log(12, 'verified', PUSH, 'req-2'),
        // Ten minutes later the user signs in with a push of their own: not the desk's.
        log(600, 'sent', PUSH, 'req-3'),
        log(606, 'verified', PUSH, 'req-4'),
      ],
      desk,
    );
    expect(page.map((each) => each.group ?? null)).toEqual([
      { key, action: 'test_push', part: 'sent', desk: true },
      { key, action: 'test_push', part: 'answered', desk: true },
      null,
      null,
    ]);
  });

  it('an enrollment takes its activation and activation link, not a sign-in push to the new phone just after', () => {
    const enroll = record(0, { action: 'enroll', outcome: 'pending', factorId: PUSH, factorType: 'push' });
    const seen = record(40, { action: 'activation_watch', outcome: 'success', factorId: PUSH, factorType: 'push' });
    const desk = new DeskActionIndex([enroll, seen]);
    const key = `desk:${enroll.id}`;
    const page = groupLogEntries(
      [
        log(5, 'sent', PUSH, 'req-1', 'system.sms.send_okta_push_verify_message'),
        log(39, 'activated', PUSH, 'req-2', 'user.mfa.factor.activate'),
        // The user signs in with the new phone a minute later: their own push, not part of the enrollment.
        log(100, 'sent', PUSH, 'req-3', 'system.push.send_factor_verify_push'),
        log(104, 'verified', PUSH, 'req-4', 'user.mfa.okta_verify'),
      ],
      desk,
    );
    expect(page.map((each) => (each.group ? `${each.group.key}/${each.group.part}` : null))).toEqual([`${key}/sent`, `${key}/logged`, null, null]);
    expect(desk.echoGroup(entry('observed', 60, 'activated', PUSH))).toMatchObject({ key, part: 'seen' });
  });

  it('two pushes a few seconds apart: each echo goes to the nearest', () => {
    const records = [
      record(0, { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push' }),
      record(20, { action: 'verify_push', outcome: 'timeout', factorId: PUSH, factorType: 'push' }),
      record(25, { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push' }),
      record(31, { action: 'verify_push', outcome: 'rejected', factorId: PUSH, factorType: 'push' }),
    ];
    const desk = new DeskActionIndex(records);
    const [first, , second] = records.map((each) => desk.journalGroup(each.id)?.key);
    const page = groupLogEntries([log(0, 'sent', PUSH), log(24.9, 'sent', PUSH), log(30, 'denied', PUSH)], desk);
    expect(page.map((each) => each.group?.key)).toEqual([first, second, second]);
  });

  it('a reset takes Okta’s deactivation and the listing that no longer shows the factor; a reset refused before Okta takes nothing', () => {
    const done = record(0, { action: 'reset_factor', outcome: 'success', factorId: PUSH, factorType: 'push' });
    const refused = record(100, { action: 'reset_factor', outcome: 'failure', stage: 'refused', factorId: SMS, factorType: 'sms' });
    const desk = new DeskActionIndex([done, refused]);
    const removedLater = entry('observed', 3 * 3600, 'removed', PUSH);
    expect(desk.echoGroup(removedLater)).toMatchObject({ key: `desk:${done.id}`, part: 'seen' });
    expect(desk.echoGroup(entry('system_log', 1, 'reset', PUSH))).toMatchObject({ key: `desk:${done.id}`, part: 'logged' });
    // Someone removed the SMS factor in the Admin Console right after the desk's attempt was refused: not the desk's.
    expect(desk.echoGroup(entry('system_log', 101, 'reset', SMS))).toBeUndefined();
    expect(desk.echoGroup(entry('observed', 120, 'removed', SMS))).toBeUndefined();
    // Another factor's removal is not this reset's.
    expect(desk.echoGroup(entry('system_log', 1, 'reset', SMS))).toBeUndefined();
  });

  it('reset all takes every factor’s deactivation of its request; Okta events of one request share a row when no desk action took them', () => {
    const all = record(0, { action: 'reset_all_factors', outcome: 'success' });
    const desk = new DeskActionIndex([all]);
    const page = groupLogEntries(
      [
        log(-0.1, 'reset', PUSH, 'req-9'),
        log(-0.1, 'reset', SMS, 'req-9'),
        // An admin's reset of two factors an hour later, in one request.
        log(3600, 'reset', PUSH, 'req-10'),
        log(3600, 'reset', SMS, 'req-10'),
        // One event alone in its request: no group.
        log(3700, 'sent', SMS, 'req-11'),
        // Okta writes "unknown" when there was no request: never a group.
        log(3800, 'verified', SMS, 'unknown'),
        log(3801, 'verified', SMS, 'unknown'),
      ],
      desk,
    );
    expect(page.map((each) => each.group ? `${each.group.key}/${each.group.part}/${each.group.desk}` : null)).toEqual([
      `desk:${all.id}/logged/true`,
      `desk:${all.id}/logged/true`,
      'tx:req-10/logged/false',
      'tx:req-10/logged/false',
      null,
      null,
      null,
    ]);
  });

  it('an unlock takes Okta’s unlock_by_admin of the moment; a lock, or an unlock an hour later, stays apart', () => {
    const unlock = record(0, { action: 'unlock_user', outcome: 'success', detail: 'status before: LOCKED_OUT' });
    const desk = new DeskActionIndex([unlock]);
    expect(desk.echoGroup(entry('system_log', 0.5, 'unlocked', null, 'user.account.unlock_by_admin'))).toMatchObject({ key: `desk:${unlock.id}`, part: 'logged' });
    expect(desk.echoGroup(entry('system_log', -5, 'locked', null, 'user.account.lock'))).toBeUndefined();
    expect(desk.echoGroup(entry('system_log', 3600, 'unlocked', null, 'user.account.unlock_by_admin'))).toBeUndefined();
  });

  it('the Desk actions filter keeps journal entries and the desk’s echoes, and leaves out the rest', () => {
    const journal = { ...entry('journal', 0, 'reset', PUSH), group: { key: 'desk:1', action: 'reset', part: 'result' as const, desk: true } };
    const echo = { ...entry('system_log', 0, 'reset', PUSH), group: { key: 'desk:1', action: 'reset', part: 'logged' as const, desk: true } };
    const adminReset = { ...entry('system_log', 9, 'reset', SMS), group: { key: 'tx:9', action: 'okta_transaction', part: 'logged' as const, desk: false } };
    const signIn = entry('system_log', 10, 'verified', PUSH);
    const kept = [journal, echo, adminReset, signIn].filter((each) => matchesHistoryFilters(each, { deskActions: true }));
    expect(kept).toEqual([journal, echo]);
    // With the other filters as ever.
    expect(matchesHistoryFilters(echo, { deskActions: true, sources: ['journal'] })).toBe(false);
  });
});
