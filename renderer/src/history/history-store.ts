import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BridgeErrorData } from '../../../contract';
import {
  matchesHistoryFilters,
  type HistoryFilters,
  type SystemLogState,
  type TimelineEntry,
} from '../../../contract/history';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';
import { latestOnly } from '../lib/latest-only';
import { saveFile } from './save-file';
import { timelineRows } from './timeline-rows';

export type RangePreset = '24h' | '7d' | '30d' | '90d' | 'custom';

const hourMs = 3_600_000;
const presetMs: Record<Exclude<RangePreset, 'custom'>, number> = { '24h': 24 * hourMs, '7d': 7 * 24 * hourMs, '30d': 30 * 24 * hourMs, '90d': 90 * 24 * hourMs };

/** The lists the panel's selects edit; "Desk actions" is a preset beside them (`deskOnly`). */
type ListFilters = Required<Omit<HistoryFilters, 'deskActions'>>;

/** No filter: every loaded entry is shown. A fresh object each time, since the panel edits it. */
function noFilters(): ListFilters {
  return { factorIds: [], kinds: [], outcomes: [], sources: [] };
}

/** System Log events fetched per page; the first page comes quickly, older ones as the agent scrolls. */
const pageSize = 50;

/**
 * The open user's history: pages loaded so far (newest first), the range, and the filters applied
 * to what is loaded (the same rule the export uses). Only the latest load may write.
 */
export const useHistoryStore = defineStore('history', () => {
  const userId = ref<string | null>(null);
  const preset = ref<RangePreset>('30d');
  /** Custom range (ms), used when preset is 'custom'. */
  const customRange = ref<[number, number] | null>(null);
  /** The range the loaded pages cover, as main resolved it. */
  const range = ref<{ since: string; until: string } | null>(null);
  // Shallow: entries are replaced, never mutated, and their raw JSON is deep.
  const entries = shallowRef<TimelineEntry[]>([]);
  const nextCursor = ref<string | null>(null);
  const systemLog = ref<SystemLogState | null>(null);
  const loading = ref(false);
  const loadingOlder = ref(false);
  const error = ref<BridgeErrorData | null>(null);
  const olderError = ref<BridgeErrorData | null>(null);
  const exporting = ref<'csv' | 'json' | null>(null);
  const exportError = ref<BridgeErrorData | null>(null);
  const filters = ref<ListFilters>(noFilters());
  /** The "Desk actions" preset: only what this desk did and Okta's echoes of it. */
  const deskOnly = ref(false);
  /** What the view and the export apply: the same rule on both sides. */
  const appliedFilters = computed((): HistoryFilters => (deskOnly.value ? { ...filters.value, deskActions: true } : filters.value));
  /** An entry another panel pointed at (a risk card signal, the lock reason): highlighted and scrolled to. */
  const focusedEntryId = ref<string | null>(null);

  const loads = latestOnly();

  const shown = computed(() => entries.value.filter((entry) => matchesHistoryFilters(entry, appliedFilters.value)));
  /** One row per action (its parts from every source merged), newest first. */
  const rows = computed(() => timelineRows(shown.value));
  const allRows = computed(() => timelineRows(entries.value));
  const allLoaded = computed(() => range.value !== null && nextCursor.value === null);
  const filtering = computed(() => deskOnly.value || Object.values(filters.value).some((list) => list.length > 0));

  function requestedRange(now = Date.now()): { since?: string; until?: string } {
    if (preset.value === 'custom' && customRange.value) {
      return { since: new Date(customRange.value[0]).toISOString(), until: new Date(customRange.value[1]).toISOString() };
    }
    const span = presetMs[preset.value === 'custom' ? '30d' : preset.value];
    return { since: new Date(now - span).toISOString(), until: new Date(now).toISOString() };
  }

  async function open(id: string): Promise<void> {
    if (userId.value !== id) {
      filters.value = noFilters();
      focusedEntryId.value = null;
      deskOnly.value = false;
    }
    userId.value = id;
    await reload();
  }

  /** Load the newest page again (new range, refresh, or after an action on the user). */
  async function reload(): Promise<void> {
    const id = userId.value;
    if (!id) return;
    // An older page still on its way belongs to the previous load and will be dropped.
    loadingOlder.value = false;
    error.value = null;
    olderError.value = null;
    await loads.run(
      loading,
      () => call('getHistory', { userId: id, ...requestedRange(), pageSize }),
      (page) => {
        range.value = { since: page.since, until: page.until };
        entries.value = page.entries;
        nextCursor.value = page.nextCursor;
        systemLog.value = page.systemLog;
      },
      (failure) => {
        error.value = failure;
        entries.value = [];
        nextCursor.value = null;
      },
    );
  }

  /** The next page back in time; a failure is kept so "Load older" can be retried. */
  async function loadOlder(): Promise<void> {
    const id = userId.value;
    const cursor = nextCursor.value;
    if (!id || !cursor || !range.value || loadingOlder.value || loading.value) return;
    const current = loads.stillCurrent();
    loadingOlder.value = true;
    olderError.value = null;
    try {
      const page = await call('getHistory', { userId: id, ...range.value, cursor, pageSize });
      if (!current()) return;
      const seen = new Set(entries.value.map((entry) => entry.id));
      entries.value = [...entries.value, ...page.entries.filter((entry) => !seen.has(entry.id))];
      nextCursor.value = page.nextCursor;
      if (!page.systemLog.available) systemLog.value = page.systemLog;
    } catch (failure) {
      if (current()) olderError.value = toErrorData(failure);
    } finally {
      if (current()) loadingOlder.value = false;
    }
  }

  /** Everything in the range that matches the filters, saved as a file by the browser. */
  async function exportAs(format: 'csv' | 'json'): Promise<void> {
    const id = userId.value;
    if (!id || !range.value) return;
    exporting.value = format;
    exportError.value = null;
    try {
      const file = await call('exportHistory', { userId: id, ...range.value, format, filters: appliedFilters.value });
      saveFile(file.fileName, file.mimeType, file.content);
    } catch (failure) {
      exportError.value = toErrorData(failure);
    } finally {
      exporting.value = null;
    }
  }

  function setPreset(next: RangePreset, custom?: [number, number]): Promise<void> {
    preset.value = next;
    if (custom) customRange.value = custom;
    return reload();
  }

  function clearFilters(): void {
    filters.value = noFilters();
    deskOnly.value = false;
  }

  const isLoaded = (entryId: string): boolean => entries.value.some((entry) => entry.id === entryId);

  /** Load older pages until the entry is there (or the range ends), a bounded number of them. */
  async function loadUntil(entryId: string): Promise<boolean> {
    for (let pages = 0; !isLoaded(entryId) && nextCursor.value && pages < 20; pages++) {
      await loadOlder();
      if (olderError.value) return false;
    }
    return isLoaded(entryId);
  }

  /**
   * Show one entry: filters cleared, loaded (newer: the view is read again; older: pages back, the
   * range widened to 7 days if it was one), highlighted. Answers whether it is on the timeline.
   */
  async function reveal(entryId: string): Promise<boolean> {
    if (!userId.value) return false;
    clearFilters();
    let found = isLoaded(entryId) || (await loadUntil(entryId));
    if (!found) {
      // Newer than what is loaded (the view was read before it happened), or older than a one-day view.
      if (preset.value === '24h') preset.value = '7d';
      await reload();
      found = await loadUntil(entryId);
    }
    focusedEntryId.value = found ? entryId : null;
    return found;
  }

  function close(): void {
    loads.cancel();
    focusedEntryId.value = null;
    userId.value = null;
    range.value = null;
    entries.value = [];
    nextCursor.value = null;
    systemLog.value = null;
    loading.value = false;
    loadingOlder.value = false;
    error.value = null;
    olderError.value = null;
  }

  return {
    userId, preset, customRange, range, entries, nextCursor, systemLog, loading, loadingOlder, error, olderError,
    exporting, exportError, filters, deskOnly, shown, rows, allRows, allLoaded, filtering, focusedEntryId,
    open, reload, loadOlder, exportAs, setPreset, clearFilters, reveal, close,
  };
});
