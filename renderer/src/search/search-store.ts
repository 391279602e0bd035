import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BridgeErrorData, UserSummary } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';

/** Long enough to skip the keystrokes of a typed name, short enough to feel immediate. */
const SEARCH_DEBOUNCE_MS = 200;
const PAGE_SIZE = 50;

/**
 * User search as you type. Each search takes a sequence number; an answer whose number is no
 * longer the latest is dropped, so a slow answer for "is" never overwrites the one for "isaac".
 */
export const useSearchStore = defineStore('search', () => {
  const query = ref('');
  /** The query the shown results belong to (results lag the input while a search runs). */
  const resultsQuery = ref<string | null>(null);
  // Thousands of rows: shallowRef keeps Vue from making every user object reactive.
  const results = shallowRef<UserSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  const highlightedIndex = ref(-1);
  const searching = ref(false);
  const loadingMore = ref(false);
  const error = ref<BridgeErrorData | null>(null);

  let sequence = 0;
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
    const mine = ++sequence;
    const searched = query.value.trim();
    searching.value = true;
    error.value = null;
    const run = (async () => {
      try {
        const page = await call('searchUsers', { query: searched, limit: PAGE_SIZE });
        if (mine !== sequence) return;
        results.value = page.users;
        nextCursor.value = page.nextCursor;
        resultsQuery.value = searched;
        highlightedIndex.value = page.users.length > 0 ? 0 : -1;
      } catch (failure) {
        if (mine !== sequence) return;
        error.value = toErrorData(failure);
        resultsQuery.value = searched;
        results.value = [];
        nextCursor.value = null;
        highlightedIndex.value = -1;
      } finally {
        if (mine === sequence) searching.value = false;
      }
    })();
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
    const mine = sequence;
    loadingMore.value = true;
    try {
      const page = await call('searchUsers', { query: resultsQuery.value ?? '', limit: PAGE_SIZE, cursor });
      if (mine !== sequence) return;
      results.value = [...results.value, ...page.users];
      nextCursor.value = page.nextCursor;
    } catch (failure) {
      if (mine !== sequence) return;
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
    sequence++;
    query.value = '';
    resultsQuery.value = null;
    results.value = [];
    nextCursor.value = null;
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
