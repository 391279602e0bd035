import { ref, type Ref } from 'vue';
import type { BridgeErrorData } from '../../../contract';
import { toErrorData } from '../lib/errors';

export interface WorkflowCall {
  /** The last failure, for ErrorNotice; cleared when the next call starts. */
  failure: Ref<BridgeErrorData | null>;
  /**
   * Run one step (enroll, activate, resend, check…) with `busy` on while it runs.
   * Resolves true when it worked; on failure keeps the error in `failure` and resolves false.
   */
  attempt(busy: Ref<boolean>, step: () => Promise<void>): Promise<boolean>;
  /** Run the last step again (after the agent signed in again for it: STEP_UP_REQUIRED, SIGN_IN_REQUIRED). */
  retryLast(): Promise<boolean>;
}

/** The call-main-and-show-what-failed bookkeeping every workflow screen does, in one place. */
export function useWorkflowCall(): WorkflowCall {
  const failure = ref<BridgeErrorData | null>(null);
  let last: (() => Promise<boolean>) | null = null;

  async function attempt(busy: Ref<boolean>, step: () => Promise<void>): Promise<boolean> {
    last = () => attempt(busy, step);
    busy.value = true;
    failure.value = null;
    try {
      await step();
      return true;
    } catch (error) {
      failure.value = toErrorData(error);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { failure, attempt, retryLast: () => last?.() ?? Promise.resolve(false) };
}
