import { sleep } from '../okta/backoff';
import { isRateLimited } from './row-operations';

/**
 * Run `work` over `items` with at most `workers` at a time, in order of the items. Stops taking new
 * items once `keepGoing` says no (pause, cancel); items already started finish. Resolves when every
 * started item has ended.
 */
export async function runPool<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>, keepGoing: () => boolean = () => true): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (keepGoing() && next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
}

/**
 * Try `attempt` again while Okta answers with a rate limit that outlasted the client's own waits
 * (only another integration sharing the org's bucket gets a bulk job there): nothing happened at
 * Okta, so the same request goes again once the window has reset.
 */
export async function retryingRateLimits<T>(attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRateLimited(error)) throw error;
      const retryAt = Date.parse(error.data.retryAt ?? '');
      await sleep(Number.isFinite(retryAt) ? Math.max(1_000, retryAt - Date.now() + 1_000) : 5_000, signal);
    }
  }
}
