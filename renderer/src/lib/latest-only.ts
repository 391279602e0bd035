import type { Ref } from 'vue';
import type { BridgeErrorData } from '../../../contract';
import { toErrorData } from './errors';

/**
 * Loads of which only the latest may write: each `run` supersedes the loads before it and `cancel`
 * supersedes them all, so a slow answer for "is" never overwrites the one for "isaac", and a user
 * closed meanwhile never gets the previous one's factors.
 */
export interface LatestOnly {
  /**
   * Start a load, with `busy` on until the latest load settles. `done` or `failed` runs only when
   * no load began (and no cancel came) meanwhile. Resolves once this load settled, dropped or not.
   */
  run<T>(busy: Ref<boolean>, load: () => Promise<T>, done: (value: T) => void, failed: (error: BridgeErrorData) => void): Promise<void>;
  /** For a follow-up of the current load (its next page): ask the returned check, when it answers, whether it still belongs. */
  stillCurrent(): () => boolean;
  /** Drop every load still on its way. */
  cancel(): void;
}

export function latestOnly(): LatestOnly {
  let sequence = 0;

  async function run<T>(busy: Ref<boolean>, load: () => Promise<T>, done: (value: T) => void, failed: (error: BridgeErrorData) => void): Promise<void> {
    const mine = ++sequence;
    busy.value = true;
    try {
      const value = await load();
      if (mine === sequence) done(value);
    } catch (failure) {
      if (mine === sequence) failed(toErrorData(failure));
    } finally {
      if (mine === sequence) busy.value = false;
    }
  }

  function stillCurrent(): () => boolean {
    const mine = sequence;
    return () => mine === sequence;
  }

  function cancel(): void {
    sequence++;
  }

  return { run, stillCurrent, cancel };
}
