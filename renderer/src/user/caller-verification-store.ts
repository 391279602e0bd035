import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BridgeErrorData, CallerVerificationStatus } from '../../../contract';
import { call, onEvent } from '../bridge';
import { latestOnly } from '../lib/latest-only';
import { toErrorData } from '../lib/errors';

/**
 * The open user's caller verification, as main's timeline has it: the pass that counts now (the
 * header badge), or the failed check that voided it. Main tells the window of every check it runs
 * (`callerVerificationChanged`); the status is also read when a user opens. It is per user: opening
 * another user, or none, forgets it, so a pass is never shown on someone else.
 */
export const useCallerVerificationStore = defineStore('callerVerification', () => {
  const userId = ref<string | null>(null);
  const status = ref<CallerVerificationStatus | null>(null);
  const loading = ref(false);
  const ending = ref(false);
  const error = ref<BridgeErrorData | null>(null);
  const loads = latestOnly();

  onEvent('callerVerificationChanged', (changed) => {
    if (changed.userId === userId.value) status.value = changed;
  });

  /** Follow this user (null: nobody is open). */
  function follow(id: string | null): Promise<void> {
    if (id !== userId.value) {
      userId.value = id;
      status.value = null;
      error.value = null;
    }
    return refresh();
  }

  async function refresh(): Promise<void> {
    const id = userId.value;
    if (!id) {
      loads.cancel();
      return;
    }
    await loads.run(
      loading,
      () => call('getCallerVerification', { userId: id }),
      (answer) => {
        status.value = answer;
      },
      (failure) => {
        error.value = failure;
      },
    );
  }

  /** The call is over: the pass stops counting (main journals it). */
  async function endCall(): Promise<void> {
    const id = userId.value;
    if (!id || ending.value) return;
    ending.value = true;
    error.value = null;
    try {
      const answer = await call('endCall', { userId: id });
      if (userId.value === id) status.value = answer;
    } catch (failure) {
      error.value = toErrorData(failure);
    } finally {
      ending.value = false;
    }
  }

  return { userId, status, loading, ending, error, follow, refresh, endCall };
});
