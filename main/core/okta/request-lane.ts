import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which queue a request waits in. `interactive` (the default: an agent is waiting) goes out at once,
 * slowed only when its bucket is nearly empty; `bulk` (a bulk job's rows) is paced by the client's
 * BulkPacer to the principal's share, leaves a reserve, and never holds an interactive request up.
 */
export type RequestLane = 'interactive' | 'bulk';

const lanes = new AsyncLocalStorage<RequestLane>();

/** Run `work` with every Okta request it makes (however deep) in the bulk lane. */
export function inBulkLane<T>(work: () => Promise<T>): Promise<T> {
  return lanes.run('bulk', work);
}

export function currentLane(): RequestLane {
  return lanes.getStore() ?? 'interactive';
}
