import type { BulkJobView } from '../../contract';

/** How the command reports: a progress bar and plain lines on a terminal, JSON lines (one object each) otherwise. */
export interface BulkOutput {
  event(name: string, fields: Record<string, unknown>, text: string): void;
  progress(view: BulkJobView): void;
  /** Ends the progress bar's line (before the final lines). */
  finish(): void;
}

const eta = (seconds: number | null): string => {
  if (seconds === null) return '…';
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
};

export function createOutput(options: { tty: boolean; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): BulkOutput {
  if (!options.tty) {
    let lastProgress = 0;
    const line = (value: Record<string, unknown>): void => void options.stdout.write(`${JSON.stringify(value)}\n`);
    return {
      event: (name, fields) => line({ event: name, time: new Date().toISOString(), ...fields }),
      progress(view) {
        // At most one progress line a second (and every change of state).
        const now = Date.now();
        if (now - lastProgress < 1_000 && (view.status === 'running' || view.status === 'resolving')) return;
        lastProgress = now;
        line({ event: 'progress', time: new Date(now).toISOString(), jobId: view.id, status: view.status, checked: view.resolution.checked, rows: view.rows, ...view.progress });
      },
      finish: () => {},
    };
  }
  let barShown = false;
  const write = (text: string): void => void options.stderr.write(text);
  return {
    event(_name, _fields, text) {
      if (barShown) write('\n');
      barShown = false;
      write(`${text}\n`);
    },
    progress(view) {
      const resolving = view.status === 'resolving';
      const total = resolving ? view.rows : view.progress.done + view.progress.remaining;
      const done = resolving ? view.resolution.checked : view.progress.done;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      const rate = view.progress.rowsPerMinute !== null ? ` ${view.progress.rowsPerMinute} rows/min` : '';
      const requests = view.progress.requestsPerMinute !== null ? ` ${view.progress.requestsPerMinute}${view.progress.ceilingPerMinute ? `/${view.progress.ceilingPerMinute}` : ''} req/min` : '';
      const tail = resolving ? 'dry run' : `${view.progress.failed} failed${rate}${requests} ETA ${eta(view.progress.etaSeconds)}`;
      write(`\r${bar} ${done}/${total} ${tail}\x1b[K`);
      barShown = true;
    },
    finish() {
      if (barShown) write('\n');
      barShown = false;
    },
  };
}
