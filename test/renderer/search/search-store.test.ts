// The search store against a fake bridge: debounced typing, the latest answer wins whatever order
// answers arrive in, failures land in `error`, and paging follows the search it belongs to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserSummary } from '../../../contract';
import { useSearchStore } from '../../../renderer/src/search/search-store';
import { settled, useFakeBridge } from '../support/fake-bridge';
import { user } from '../support/fixtures';

const bridge = useFakeBridge();
const page = (logins: string[], nextCursor: string | null = null) => ({ users: logins.map(user), nextCursor });
const logins = (users: UserSummary[]) => users.map((each) => each.login);

/** Type `query` and search at once (no debounce wait); the bridge call it made. */
function searchFor(search: ReturnType<typeof useSearchStore>, query: string) {
  search.setQuery(query);
  void search.searchNow();
  return bridge.latest('searchUsers');
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the search store', () => {
  it('searches once typing pauses, for what was typed last', async () => {
    const search = useSearchStore();
    search.setQuery('i');
    await vi.advanceTimersByTimeAsync(100);
    search.setQuery('is');
    await vi.advanceTimersByTimeAsync(100);
    search.setQuery('isa');
    expect(bridge.count('searchUsers')).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(bridge.count('searchUsers')).toBe(1);
    expect(bridge.next('searchUsers').input).toMatchObject({ query: 'isa' });
  });

  it('keeps the newest answer when an older, slower one arrives after it', async () => {
    const search = useSearchStore();
    const older = searchFor(search, 'is');
    const newer = searchFor(search, 'isaac');

    await newer.answer(page(['isaac@example.org']));
    expect(logins(search.results)).toEqual(['isaac@example.org']);
    expect(search.resultsQuery).toBe('isaac');
    expect(search.searching).toBe(false);

    await older.answer(page(['isaac@example.org', 'isabel@example.org', 'chris@example.org']));
    expect(logins(search.results)).toEqual(['isaac@example.org']);
    expect(search.resultsQuery).toBe('isaac');
    expect(search.settled).toBe(true);
  });

  it('stays busy until the latest search answers, even when an older one answers first', async () => {
    const search = useSearchStore();
    const older = searchFor(search, 'is');
    searchFor(search, 'isaac');
    await older.answer(page(['isabel@example.org']));
    expect(search.searching).toBe(true);
    expect(search.results).toEqual([]);
    expect(search.resultsQuery).toBeNull();
  });

  it('shows a failure in `error` with nothing listed, and the next search clears it', async () => {
    const search = useSearchStore();
    await searchFor(search, 'dade').fail({ code: 'RATE_LIMITED', message: "Okta's rate limit was reached." });
    expect(search.error).toMatchObject({ code: 'RATE_LIMITED', message: "Okta's rate limit was reached." });
    expect(search.results).toEqual([]);
    expect(search.highlightedIndex).toBe(-1);
    expect(search.searching).toBe(false);

    void search.searchNow();
    expect(search.error).toBeNull();
    await bridge.next('searchUsers').answer(page(['dade.murphy@example.org']));
    expect(logins(search.results)).toEqual(['dade.murphy@example.org']);
    expect(search.highlightedIndex).toBe(0);
  });

  it('ignores an older search failing after a newer one answered', async () => {
    const search = useSearchStore();
    const older = searchFor(search, 'da');
    await searchFor(search, 'dade').answer(page(['dade.murphy@example.org']));
    await older.fail({ code: 'NETWORK' });
    expect(search.error).toBeNull();
    expect(logins(search.results)).toEqual(['dade.murphy@example.org']);
  });

  it('appends the next page, and drops a page that arrives after a new search began', async () => {
    const search = useSearchStore();
    void search.searchNow();
    await bridge.next('searchUsers').answer(page(['a@example.org'], 'cursor-2'));
    void search.loadMore();
    expect(bridge.next('searchUsers').input).toMatchObject({ query: '', cursor: 'cursor-2' });
    await bridge.next('searchUsers').answer(page(['b@example.org'], 'cursor-3'));
    expect(logins(search.results)).toEqual(['a@example.org', 'b@example.org']);
    expect(search.nextCursor).toBe('cursor-3');

    void search.loadMore();
    const stalePage = bridge.next('searchUsers');
    const newSearch = searchFor(search, 'z');
    await stalePage.answer(page(['c@example.org'], 'cursor-4'));
    expect(logins(search.results)).toEqual(['a@example.org', 'b@example.org']);
    await newSearch.answer(page(['zed@example.org']));
    expect(logins(search.results)).toEqual(['zed@example.org']);
    expect(search.nextCursor).toBeNull();
  });

  it('moving the highlight past the last row fetches the next page', async () => {
    const search = useSearchStore();
    void search.searchNow();
    await bridge.next('searchUsers').answer(page(['a@example.org', 'b@example.org'], 'cursor-2'));
    search.moveHighlight(1);
    expect(search.highlightedUser?.login).toBe('b@example.org');
    expect(bridge.count('searchUsers')).toBe(1);
    search.moveHighlight(1);
    expect(search.highlightedUser?.login).toBe('b@example.org');
    expect(bridge.next('searchUsers').input).toMatchObject({ cursor: 'cursor-2' });
  });

  it('settle runs a pending search at once and resolves when the results match what is typed', async () => {
    const search = useSearchStore();
    search.setQuery('kate');
    let done = false;
    const settling = search.settle().then(() => (done = true));
    await settled();
    expect(bridge.next('searchUsers').input).toMatchObject({ query: 'kate' });
    expect(done).toBe(false);
    await bridge.next('searchUsers').answer(page(['kate.libby@example.org']));
    await settling;
    expect(search.settled).toBe(true);
    expect(search.highlightedUser?.login).toBe('kate.libby@example.org');
  });

  it('reset (another org) drops answers still on their way', async () => {
    const search = useSearchStore();
    const inFlight = searchFor(search, 'isaac');
    search.setQuery('isaac brock');
    search.reset();
    await vi.advanceTimersByTimeAsync(1000);
    await inFlight.answer(page(['isaac@example.org']));
    expect(search.results).toEqual([]);
    expect(search.query).toBe('');
    expect(search.searching).toBe(false);
    expect(bridge.count('searchUsers')).toBe(1);
  });
});

describe('caller-ID matches', () => {
  it('keeps which users the number matched, and a later page of the name search never repeats them', async () => {
    const search = useSearchStore();
    const first = searchFor(search, '5554151337');
    await first.answer({
      ...page(['isaac@example.org', 'dade@example.org'], 'https://acme.okta.com/api/v1/users?after=x'),
      phoneMatches: [{ userId: user('isaac@example.org').id, fields: ['mobilePhone'], numbers: ['+1-555-415-1337'] }],
      phoneSearch: { e164: '+15554151337', region: 'US', regionSource: 'locale' },
    });
    expect(search.phoneMatches.get(user('isaac@example.org').id)?.fields).toEqual(['mobilePhone']);
    expect(search.phoneMatches.has(user('dade@example.org').id)).toBe(false);
    expect(search.phoneSearch?.e164).toBe('+15554151337');

    void search.loadMore();
    await bridge.latest('searchUsers').answer(page(['dade@example.org', 'zoe@example.org']));
    expect(logins(search.results)).toEqual(['isaac@example.org', 'dade@example.org', 'zoe@example.org']);

    // Another query forgets them.
    await searchFor(search, 'zoe').answer(page(['zoe@example.org']));
    expect(search.phoneMatches.size).toBe(0);
    expect(search.phoneSearch).toBeNull();
  });
});
