import type { BulkJobStatus, BulkRowOutcome, BulkRowResolution } from '../../../contract';

export const statusWords: Record<BulkJobStatus, string> = {
  resolving: 'Dry run in progress',
  ready: 'Dry run done: ready to run',
  running: 'Running',
  pausing: 'Pausing after the rows in flight',
  paused: 'Paused',
  interrupted: 'Interrupted (FactorDesk stopped): resume it',
  cancelling: 'Cancelling after the rows in flight',
  cancelled: 'Cancelled',
  done: 'Done',
  resolve_failed: 'The dry run did not finish',
};

export const resolutionWords: Record<BulkRowResolution, string> = {
  ready: 'Ready',
  not_found: 'Not found',
  ambiguous: 'Ambiguous',
  not_allowed: 'Not allowed for your role',
  nothing_to_do: 'Nothing to do',
  duplicate: 'Duplicate',
  invalid: 'Not a user',
  error: 'Could not be checked',
};

export const outcomeWords: Record<BulkRowOutcome, string> = {
  success: 'Succeeded',
  failed: 'Failed',
  refused: 'Refused',
  skipped: 'Skipped',
  unknown: 'Unknown',
  not_run: 'Not run',
};

/** "1 h 05 min", "4 min 10 s", "35 s". */
export function durationWords(seconds: number | null): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}
