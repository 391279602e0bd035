import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BridgeErrorData, BulkInput, BulkJobView, BulkOperation, BulkParams, BulkRowView } from '../../../contract';
import { call, onEvent } from '../bridge';
import { toErrorData } from '../lib/errors';
import { saveFile } from '../history/save-file';

/** States after which the dry run's or the run's rows are worth reading again. */
const settledStatuses = new Set(['ready', 'done', 'paused', 'cancelled', 'interrupted', 'resolve_failed']);

/** Bulk jobs as the view shows them: the recent jobs, the one open, its rows worth a look, live progress. */
export const useBulkStore = defineStore('bulk', () => {
  const jobs = ref<BulkJobView[]>([]);
  const current = ref<BulkJobView | null>(null);
  const attentionRows = ref<BulkRowView[]>([]);
  const error = ref<BridgeErrorData | null>(null);
  const busy = ref(false);
  let listening = false;

  const interrupted = computed(() => jobs.value.filter((job) => job.status === 'interrupted'));

  function remember(view: BulkJobView): void {
    const index = jobs.value.findIndex((job) => job.id === view.id);
    if (index >= 0) jobs.value.splice(index, 1, view);
    else jobs.value.unshift(view);
  }

  function listen(): void {
    if (listening) return;
    listening = true;
    onEvent('bulkJobProgress', (view) => {
      const before = jobs.value.find((job) => job.id === view.id)?.status;
      remember(view);
      if (current.value?.id !== view.id) return;
      current.value = view;
      if (before !== view.status && settledStatuses.has(view.status)) void refreshRows(view.id);
    });
  }

  async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      return await work();
    } catch (caught) {
      error.value = toErrorData(caught);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  async function refreshRows(jobId: string): Promise<void> {
    try {
      const detail = await call('getBulkJob', { jobId });
      if (current.value?.id !== jobId) return;
      current.value = detail.job;
      attentionRows.value = detail.attentionRows;
      remember(detail.job);
    } catch (caught) {
      error.value = toErrorData(caught);
    }
  }

  async function load(): Promise<void> {
    listen();
    const listed = await attempt(() => call('listBulkJobs', {}));
    if (listed) jobs.value = listed;
  }

  async function dryRun(input: BulkInput, operation: BulkOperation, params: BulkParams): Promise<void> {
    listen();
    const view = await attempt(() => call('dryRunBulkJob', { input, operation, params }));
    if (!view) return;
    current.value = view;
    attentionRows.value = [];
    remember(view);
  }

  async function open(jobId: string): Promise<void> {
    listen();
    current.value = jobs.value.find((job) => job.id === jobId) ?? null;
    attentionRows.value = [];
    await attempt(() => refreshRows(jobId));
  }

  function close(): void {
    current.value = null;
    attentionRows.value = [];
    error.value = null;
  }

  async function steer(method: 'pauseBulkJob' | 'resumeBulkJob' | 'cancelBulkJob', jobId: string): Promise<void> {
    listen();
    const view = await attempt(() => call(method, { jobId }));
    if (!view) return;
    remember(view);
    if (current.value?.id === jobId || method === 'resumeBulkJob') current.value = view;
  }

  async function start(confirmation: { confirmation?: string; ticket?: string; reason?: string }): Promise<void> {
    const job = current.value;
    if (!job) return;
    const view = await attempt(() => call('startBulkJob', { jobId: job.id, ...confirmation }));
    if (view) {
      current.value = view;
      remember(view);
    }
  }

  async function exportResults(): Promise<void> {
    const job = current.value;
    if (!job) return;
    const file = await attempt(() => call('exportBulkJob', { jobId: job.id }));
    if (file) saveFile(file.fileName, file.mimeType, file.content);
  }

  return { jobs, current, attentionRows, error, busy, interrupted, load, dryRun, open, close, start, exportResults, pause: (id: string) => steer('pauseBulkJob', id), resume: (id: string) => steer('resumeBulkJob', id), cancel: (id: string) => steer('cancelBulkJob', id) };
});
