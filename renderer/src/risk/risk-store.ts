import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BridgeErrorData, RiskCard } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';

/**
 * The open user's risk card, shared by the user page and every dialog that resets or issues a code
 * (main keeps it for a minute, so a dialog opening reads no more of the System Log). Loads for
 * another user drop what they find.
 */
export const useRiskStore = defineStore('risk', () => {
  const userId = ref<string | null>(null);
  const card = shallowRef<RiskCard | null>(null);
  const loading = ref(false);
  const error = ref<BridgeErrorData | null>(null);
  let sequence = 0;

  /** Load the user's card (main's cached one unless `refresh`). */
  async function load(id: string, refresh = false): Promise<void> {
    const mine = ++sequence;
    if (userId.value !== id) {
      userId.value = id;
      card.value = null;
    }
    loading.value = true;
    error.value = null;
    try {
      const answer = await call('getRiskCard', { userId: id, refresh });
      if (mine === sequence) card.value = answer;
    } catch (failure) {
      if (mine === sequence) error.value = toErrorData(failure);
    } finally {
      if (mine === sequence) loading.value = false;
    }
  }

  function close(): void {
    sequence++;
    userId.value = null;
    card.value = null;
    loading.value = false;
    error.value = null;
  }

  return { userId, card, loading, error, load, close };
});
