// The status strips are derived from timeline entries by a pure function: checked here without a browser.
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../contract/history';
import { buildFactorStrips, fitAxis, spreadPositions } from '../../../renderer/src/history/factor-strips';

let n = 0;
function entry(at: string, overrides: Partial<TimelineEntry>): TimelineEntry {
  n += 1;
  return {
    id: `e${String(n).padStart(3, '0')}`,
    at: `2026-03-01T${at}:00.000Z`,
    source: 'system_log',
    factorId: 'opf1',
    factorType: 'push',
    factorLabel: 'Okta Verify (push)',
    kind: 'sent',
    summary: '',
    actor: { kind: 'system', name: 'Okta', id: null },
    outcome: 'success',
    statusAfter: null,
    raw: null,
    ...overrides,
  };
}

const t = (hhmm: string): number => Date.parse(`2026-03-01T${hhmm}:00.000Z`);

describe('factor strips', () => {
  it('draws enrolled → active → challenged → reset → re-enrolled → active on one lane', () => {
    const entries = [
      entry('09:00', { kind: 'enrolled' }),
      entry('09:05', { kind: 'activated' }),
      entry('10:00', { kind: 'sent' }),
      entry('10:00', { kind: 'challenged', source: 'journal' }),
      entry('10:01', { kind: 'verified' }),
      entry('10:02', { kind: 'sent' }),
      entry('10:03', { kind: 'denied', outcome: 'denied' }),
      entry('11:00', { kind: 'reset' }),
      entry('11:00', { kind: 'removed', source: 'observed', statusAfter: 'REMOVED' }),
      entry('12:00', { kind: 'enrolled', factorId: 'opf2' }),
      entry('12:00', { kind: 'enrolled', factorId: 'opf2', source: 'journal' }),
      entry('12:10', { kind: 'activated', factorId: 'opf2', source: 'observed', statusAfter: 'ACTIVE' }),
      // Another factor, seen first when it was already active, then everything reset.
      entry('09:30', { factorId: 'sms1', factorType: 'sms', factorLabel: 'SMS', kind: 'status_changed', source: 'observed', statusAfter: 'ACTIVE', outcome: 'info' }),
      entry('13:00', { factorId: null, factorType: null, factorLabel: null, kind: 'reset_all', source: 'journal' }),
    ].reverse();
    const strips = buildFactorStrips(entries, { from: t('08:00'), to: t('14:00'), loadedFrom: null });
    expect(strips.map((strip) => strip.label)).toEqual(['Okta Verify', 'SMS']);

    const [push, sms] = strips;
    expect(push?.factorIds).toEqual(['opf1', 'opf2']);
    expect(push?.segments.map((s) => [s.state, new Date(s.from).toISOString().slice(11, 16), new Date(s.to).toISOString().slice(11, 16)])).toEqual([
      ['unknown', '08:00', '09:00'],
      ['pending', '09:00', '09:05'],
      ['active', '09:05', '11:00'],
      ['removed', '11:00', '12:00'],
      ['pending', '12:00', '12:10'],
      ['active', '12:10', '13:00'],
      ['removed', '13:00', '14:00'],
    ]);
    // Two sources telling the same moment make one marker; two pushes from one source stay two.
    expect(push?.markers.map((m) => m.kind)).toEqual(['enrolled', 'activated', 'challenge', 'verified', 'challenge', 'denied', 'reset', 're_enrolled', 'activated', 'reset']);
    expect(push?.markers[2]?.entryIds).toHaveLength(2);
    expect(push?.markers[7]?.sources).toEqual(['system_log', 'journal']);
    expect(push?.current).toBe('removed');
    expect(sms?.segments.map((s) => s.state)).toEqual(['unknown', 'active', 'removed']);
  });

  it("keeps an Identity Engine Okta Verify device's push, code and FastPass on one lane, each moment one marker", () => {
    const device = (at: string, kind: TimelineEntry['kind']) => [
      entry(at, { kind, factorId: 'opf9' }),
      entry(at, { kind, factorId: 'ost9', factorType: 'token:software:totp', factorLabel: 'Okta Verify (code)' }),
      entry(at, { kind, factorId: 'crp9', factorType: 'signed_nonce', factorLabel: 'Okta FastPass' }),
    ];
    const google = entry('09:30', { kind: 'activated', factorId: 'ostG', factorType: 'token:software:totp', factorLabel: 'Google Authenticator' });
    const strips = buildFactorStrips([...device('09:00', 'activated'), google, ...device('11:00', 'reset')], { from: t('08:00'), to: t('12:00'), loadedFrom: null });
    expect(strips.map((strip) => strip.label)).toEqual(['Okta Verify', 'Google Authenticator']);
    expect(strips[0]?.factorIds).toEqual(['opf9', 'ost9', 'crp9']);
    expect(strips[0]?.markers.map((marker) => [marker.kind, marker.entryIds.length])).toEqual([
      ['activated', 3],
      ['reset', 3],
    ]);
    expect(strips[0]?.current).toBe('removed');
  });

  it('fits the axis to what is loaded and marks the part not loaded yet', () => {
    const entries = [entry('10:00', {}), entry('10:10', {})];
    const range = { since: '2026-02-01T00:00:00.000Z', until: '2026-03-02T00:00:00.000Z' };
    const axis = fitAxis(entries, range, false, t('23:00'));
    expect(axis.from).toBeLessThan(t('10:00'));
    expect(axis.from).toBeGreaterThan(t('09:50'));
    expect(axis.to).toBeGreaterThan(t('10:10'));
    expect(axis.loadedFrom).toBe(t('10:00'));
    expect(fitAxis([], range, true, t('23:00'))).toEqual({ from: Date.parse(range.since), to: t('23:00'), loadedFrom: null });
  });

  it('spreads markers that would overlap, keeping their order, inside the track', () => {
    expect(spreadPositions([10, 11, 12, 100], 10, 0, 200)).toEqual([10, 20, 30, 100]);
    expect(spreadPositions([195, 196, 197], 10, 0, 200)).toEqual([180, 190, 200]);
    expect(spreadPositions([1, 2, 3], 100, 0, 150)).toEqual([1, 2, 3]);
  });
});
