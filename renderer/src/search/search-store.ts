import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BridgeErrorData, PhoneMatch, PhoneSearchInfo, UserSummary } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';
import { latestOnly } from '../lib/latest-only';

/** Long enough to skip the keystrokes of a typed name, short enough to feel immediate. */
const SEARCH_DEBOUNCE_MS = 200;
const PAGE_SIZE = 50;

/** User search as you type; only the latest search's answer is shown (see latestOnly). */
export const useSearchStore = defineStore('search', () => {
  const query = ref('');
  /** The query the shown results belong to (results lag the input while a search runs). */
  const resultsQuery = ref<string | null>(null);
  // Thousands of rows: shallowRef keeps Vue from making every user object reactive.
  const results = shallowRef<UserSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  /** When the query was a phone number: which users it matched, and by which field (caller ID). */
  const phoneMatches = shallowRef<ReadonlyMap<string, PhoneMatch>>(new Map());
  const phoneSearch = ref<PhoneSearchInfo | null>(null);
  const highlightedIndex = ref(-1);
  const searching = ref(false);
  const loadingMore = ref(false);
  const error = ref<BridgeErrorData | null>(null);

  const searches = latestOnly();
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;

  const highlightedUser = computed(() => results.value[highlightedIndex.value] ?? null);
  const settled = computed(() => !searching.value && resultsQuery.value === query.value.trim());

  function setQuery(value: string): void {
    query.value = value;
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => void searchNow(), SEARCH_DEBOUNCE_MS);
  }

  function searchNow(): Promise<void> {
    clearTimeout(debounceTimer);
    debounceTimer = undefined;
    const searched = query.value.trim();
    error.value = null;
    const run = searches.run(
      searching,
      () => call('searchUsers', { query: searched, limit: PAGE_SIZE }),
      (page) => {
        results.value = page.users;
        nextCursor.value = page.nextCursor;
        phoneMatches.value = new Map((page.phoneMatches ?? []).map((match) => [match.userId, match]));
        phoneSearch.value = page.phoneSearch ?? null;
        resultsQuery.value = searched;
        highlightedIndex.value = page.users.length > 0 ? 0 : -1;
      },
      (failure) => {
        error.value = failure;
        resultsQuery.value = searched;
        results.value = [];
        nextCursor.value = null;
        phoneMatches.value = new Map();
        phoneSearch.value = null;
        highlightedIndex.value = -1;
      },
    );
    inFlight = run;
    return run;
  }

  /** Resolve once the results match what is typed (a pending debounced search runs at once). */
  async function settle(): Promise<void> {
    if (debounceTimer !== undefined) void searchNow();
    // inFlight is always the latest search; loop in case another starts while we wait.
    while (searching.value && inFlight) await inFlight;
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value || searching.value) return;
    const current = searches.stillCurrent();
    loadingMore.value = true;
    try {
      const page = await call('searchUsers', { query: resultsQuery.value ?? '', limit: PAGE_SIZE, cursor });
      if (!current()) return;
      // The first page listed the phone matches first; a later page of the name search may hold them again.
      const shown = new Set(results.value.map((user) => user.id));
      results.value = [...results.value, ...page.users.filter((user) => !shown.has(user.id))];
      nextCursor.value = page.nextCursor;
    } catch (failure) {
      if (!current()) return;
      error.value = toErrorData(failure);
    } finally {
      loadingMore.value = false;
    }
  }

  /** Move the keyboard highlight; moving past the last row fetches the next page when there is one. */
  function moveHighlight(delta: number): void {
    const count = results.value.length;
    if (count === 0) return;
    const target = highlightedIndex.value + delta;
    if (target >= count && nextCursor.value) void loadMore();
    highlightedIndex.value = Math.min(Math.max(target, 0), count - 1);
  }

  function clear(): void {
    setQuery('');
  }

  /** Forget everything (another org was selected); cancels answers still on their way. */
  function reset(): void {
    clearTimeout(debounceTimer);
    debounceTimer = undefined;
    searches.cancel();
    query.value = '';
    resultsQuery.value = null;
    results.value = [];
    nextCursor.value = null;
    phoneMatches.value = new Map();
    phoneSearch.value = null;
    highlightedIndex.value = -1;
    searching.value = false;
    loadingMore.value = false;
    error.value = null;
  }

  return {
    query,
    resultsQuery,
    results,
    nextCursor,
    phoneMatches,
    phoneSearch,
    highlightedIndex,
    highlightedUser,
    searching,
    loadingMore,
    error,
    settled,
    setQuery,
    searchNow,
    settle,
    loadMore,
    moveHighlight,
    clear,
    reset,
  };
});
