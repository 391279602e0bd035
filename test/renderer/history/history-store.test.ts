// The History store against a fake bridge: the latest load wins (another user, another range), an
// older page is dropped once a new load began, and each kind of failure lands in its own state.
import { describe, expect, it } from 'vitest';
import type { HistoryPage } from '../../../contract';
import { useHistoryStore } from '../../../renderer/src/history/history-store';
import { useFakeBridge } from '../support/fake-bridge';
import { entry } from '../support/fixtures';

const bridge = useFakeBridge();

function page(userId: string, ids: string[], nextCursor: string | null = null): HistoryPage {
  return {
    userId,
    since: '2024-04-01T00:00:00.000Z',
    until: '2024-05-01T00:00:00.000Z',
    entries: ids.map((id) => entry(id)),
    nextCursor,
    systemLog: { available: true, searchedSince: '2024-04-01T00:00:00.000Z' },
  };
}
const shownIds = (history: ReturnType<typeof useHistoryStore>) => history.shown.map((each) => each.id);

describe('the history store', () => {
  it("keeps the newest user's history when the previous user's arrives after it", async () => {
    const history = useHistoryStore();
    void history.open('00uisaac');
    const isaacs = bridge.next('getHistory');
    void history.open('00udade');
    await bridge.latest('getHistory').answer(page('00udade', ['dade-1']));
    await isaacs.answer(page('00uisaac', ['isaac-1', 'isaac-2']));
    expect(shownIds(history)).toEqual(['dade-1']);
    expect(history.loading).toBe(false);
  });

  it('asks for the chosen range and keeps only the answer for the latest choice', async () => {
    const history = useHistoryStore();
    void history.open('00uisaac');
    await bridge.next('getHistory').answer(page('00uisaac', ['old-range']));
    void history.setPreset('7d');
    const sevenDays = bridge.next('getHistory');
    void history.setPreset('90d');
    const ninetyDays = bridge.latest('getHistory');
    const span = (input: unknown) => {
      const { since, until } = input as { since: string; until: string };
      return (Date.parse(until) - Date.parse(since)) / 86_400_000;
    };
    expect(span(sevenDays.input)).toBe(7);
    expect(span(ninetyDays.input)).toBe(90);
    await ninetyDays.answer(page('00uisaac', ['ninety']));
    await sevenDays.answer(page('00uisaac', ['seven']));
    expect(shownIds(history)).toEqual(['ninety']);
  });

  it('appends older pages without repeating entries, and drops one that arrives after a reload began', async () => {
    const history = useHistoryStore();
    void history.open('00uisaac');
    await bridge.next('getHistory').answer(page('00uisaac', ['a', 'b'], 'cursor-2'));
    void history.loadOlder();
    expect(bridge.next('getHistory').input).toMatchObject({ cursor: 'cursor-2' });
    await bridge.next('getHistory').answer(page('00uisaac', ['b', 'c'], 'cursor-3'));
    expect(shownIds(history)).toEqual(['a', 'b', 'c']);

    void history.loadOlder();
    const stale = bridge.next('getHistory');
    void history.reload();
    expect(history.loadingOlder).toBe(false);
    await stale.answer(page('00uisaac', ['d']));
    await bridge.next('getHistory').answer(page('00uisaac', ['new-a'], 'cursor-9'));
    expect(shownIds(history)).toEqual(['new-a']);
    // The interrupted older page does not block the next one.
    void history.loadOlder();
    expect(bridge.next('getHistory').input).toMatchObject({ cursor: 'cursor-9' });
  });

  it('shows a failed load in `error`, a failed older page in `olderError`, a failed export in `exportError`', async () => {
    const history = useHistoryStore();
    void history.open('00uisaac');
    await bridge.next('getHistory').fail({ code: 'NETWORK', message: 'Could not reach Okta.' });
    expect(history.error).toMatchObject({ code: 'NETWORK', message: 'Could not reach Okta.' });
    expect(history.entries).toEqual([]);
    expect(history.loading).toBe(false);

    void history.reload();
    await bridge.next('getHistory').answer(page('00uisaac', ['a'], 'cursor-2'));
    expect(history.error).toBeNull();
    void history.loadOlder();
    await bridge.next('getHistory').fail({ code: 'RATE_LIMITED' });
    expect(history.olderError).toMatchObject({ code: 'RATE_LIMITED' });
    expect(shownIds(history)).toEqual(['a']);

    void history.exportAs('csv');
    expect(history.exporting).toBe('csv');
    await bridge.next('exportHistory').fail({ code: 'INTERNAL' });
    expect(history.exportError).toMatchObject({ code: 'INTERNAL' });
    expect(history.exporting).toBeNull();
  });
});
