// One History row per action: the parts main linked (entry.group) merge into one row led by the
// desk's own result, in the order of the action; a user's own push (sent, answered) pairs up over
// whatever pages are loaded; everything else stays a row of its own. And the "Desk actions"
// preset in the store: the same filter on the view and the export.
import { describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelineGroup, TimelineKind, TimelineOutcome } from '../../../contract';
import { useHistoryStore } from '../../../renderer/src/history/history-store';
import { timelineRows } from '../../../renderer/src/history/timeline-rows';
import { useFakeBridge } from '../support/fake-bridge';

const bridge = useFakeBridge();

const T0 = Date.parse('2026-03-12T13:00:00.000Z');
const PUSH = 'opfpush0000000000001';

function part(
  id: string,
  seconds: number,
  fields: Partial<TimelineEntry> & { kind: TimelineKind; source: TimelineEntry['source'] },
  group?: Omit<TimelineGroup, 'desk'> & { desk?: boolean },
  eventType?: string,
): TimelineEntry {
  return {
    id,
    at: new Date(T0 + seconds * 1000).toISOString(),
    factorId: PUSH,
    factorType: 'push',
    factorLabel: 'Okta Verify (push)',
    summary: id,
    actor: { kind: 'system', name: 'Okta', id: null },
    outcome: 'success' as TimelineOutcome,
    statusAfter: null,
    raw: eventType ? { eventType } : null,
    ...fields,
    ...(group ? { group: { desk: true, ...group } } : {}),
  };
}

/** Newest first, as pages arrive. */
const newestFirst = (entries: TimelineEntry[]) => entries.toSorted((a, b) => Date.parse(b.at) - Date.parse(a.at));

const testPush = (key: string, at: number, answer: 'verified' | 'denied' = 'verified') => [
  part(`${key}-started`, at, { source: 'journal', kind: 'challenged' }, { key, action: 'test_push', part: 'started' }),
  // Okta logs the push a moment before the journal writes that it was sent.
  part(`${key}-sent`, at - 0.2, { source: 'system_log', kind: 'sent' }, { key, action: 'test_push', part: 'sent' }),
  part(`${key}-answered`, at + 9, { source: 'system_log', kind: answer, outcome: answer === 'verified' ? 'success' : 'denied' }, { key, action: 'test_push', part: 'answered' }),
  part(`${key}-result`, at + 10, { source: 'journal', kind: answer, outcome: answer === 'verified' ? 'success' : 'denied' }, { key, action: 'test_push', part: 'result' }),
];

describe('History rows', () => {
  it('one row per test push across its sources, led by the desk’s result, its parts in the order of the action', () => {
    const rows = timelineRows(newestFirst(testPush('desk:1', 0)));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.lead.id).toBe('desk:1-result');
    expect(row?.parts.map((each) => each.id)).toEqual(['desk:1-started', 'desk:1-sent', 'desk:1-answered', 'desk:1-result']);
    expect(row).toMatchObject({ id: 'desk:1', action: 'test_push', desk: true, sources: ['journal', 'system_log'], troubled: [] });
    expect(row?.at).toBe(new Date(T0 - 200).toISOString());
  });

  it('unmatched parts stay rows of their own, newest first', () => {
    const lone = [
      part('admin-reset', 300, { source: 'system_log', kind: 'reset' }),
      part('seen', 200, { source: 'observed', kind: 'status_changed' }),
      // A push the user got but never answered, then one they did: the first stays alone.
      part('sent-1', 100, { source: 'system_log', kind: 'sent' }, undefined, 'system.push.send_factor_verify_push'),
      part('sent-2', 130, { source: 'system_log', kind: 'sent' }, undefined, 'system.push.send_factor_verify_push'),
      part('approved-2', 134, { source: 'system_log', kind: 'verified' }, undefined, 'user.mfa.okta_verify'),
      // An answer long after the last push is not its answer.
      part('sent-3', 1000, { source: 'system_log', kind: 'sent' }, undefined, 'system.push.send_factor_verify_push'),
      part('approved-late', 1000 + 6 * 60, { source: 'system_log', kind: 'verified' }, undefined, 'user.mfa.okta_verify'),
    ];
    const rows = timelineRows(newestFirst([...lone, ...testPush('desk:1', 0)]));
    expect(rows.map((row) => [row.id, row.parts.map((each) => each.id)])).toEqual([
      ['approved-late', ['approved-late']],
      ['sent-3', ['sent-3']],
      ['admin-reset', ['admin-reset']],
      ['seen', ['seen']],
      ['push:sent-2', ['sent-2', 'approved-2']],
      ['sent-1', ['sent-1']],
      ['desk:1', ['desk:1-started', 'desk:1-sent', 'desk:1-answered', 'desk:1-result']],
    ]);
    expect(rows.find((row) => row.id === 'push:sent-2')).toMatchObject({ action: 'okta_push', desk: false, lead: { id: 'approved-2' } });
  });

  it('a user’s push pairs up even when its two events arrived on different pages', () => {
    const newer = [part('approved', 20, { source: 'system_log', kind: 'verified' }, undefined, 'user.mfa.okta_verify')];
    const older = [part('sent', 15, { source: 'system_log', kind: 'sent' }, undefined, 'system.push.send_factor_verify_push')];
    expect(timelineRows(newer).map((row) => row.id)).toEqual(['approved']);
    expect(timelineRows([...newer, ...older]).map((row) => row.id)).toEqual(['push:sent']);
  });

  it('a code check that ended well says how many attempts inside did not, counting the desk’s record once', () => {
    const key = 'desk:9';
    const check = [
      part('started', 0, { source: 'journal', kind: 'challenged', factorType: 'sms' }, { key, action: 'code_check', part: 'started' }),
      part('wrong', 20, { source: 'journal', kind: 'failed', outcome: 'failure' }, { key, action: 'code_check', part: 'result' }),
      part('okta-wrong', 20, { source: 'system_log', kind: 'failed', outcome: 'failure' }, { key, action: 'code_check', part: 'answered' }),
      part('right', 40, { source: 'journal', kind: 'verified' }, { key, action: 'code_check', part: 'result' }),
    ];
    const [row] = timelineRows(newestFirst(check));
    expect(row?.lead.id).toBe('right');
    expect(row?.troubled.map((each) => each.id)).toEqual(['wrong']);
    // A denied push leads with the denial: nothing "inside" to point at.
    expect(timelineRows(newestFirst(testPush('desk:2', 0, 'denied')))[0]?.troubled).toEqual([]);
  });
});

describe('the "Desk actions" preset', () => {
  it('keeps what this desk did and Okta’s echoes, drops the rest, and exports with the same filter', async () => {
    const history = useHistoryStore();
    void history.open('00uisaac');
    const entries = newestFirst([
      ...testPush('desk:1', 0),
      part('admin-reset', 300, { source: 'system_log', kind: 'reset' }, { key: 'tx:1', action: 'okta_transaction', part: 'logged', desk: false }),
      part('seen', 200, { source: 'observed', kind: 'status_changed' }),
    ]);
    await bridge.next('getHistory').answer({
      userId: '00uisaac',
      since: '2026-03-01T00:00:00.000Z',
      until: '2026-03-31T00:00:00.000Z',
      entries,
      nextCursor: null,
      systemLog: { available: true, searchedSince: '2026-03-01T00:00:00.000Z' },
    });
    expect(history.rows.map((row) => row.id)).toEqual(['tx:1', 'seen', 'desk:1']);
    history.deskOnly = true;
    expect(history.rows.map((row) => row.id)).toEqual(['desk:1']);
    expect(history.rows[0]?.parts).toHaveLength(4);
    expect(history.filtering).toBe(true);
    void history.exportAs('json');
    expect(bridge.next('exportHistory').input).toMatchObject({ filters: { deskActions: true, factorIds: [], kinds: [], outcomes: [], sources: [] } });
    history.clearFilters();
    expect(history.deskOnly).toBe(false);
    expect(history.rows).toHaveLength(3);
  });
});
