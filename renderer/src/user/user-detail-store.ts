import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BridgeErrorData, FactorSummary, UserSummary } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';

/** The user the agent opened, with their factors. Only the latest load may write (sequence numbers). */
export const useUserDetailStore = defineStore('userDetail', () => {
  const userId = ref<string | null>(null);
  const user = ref<UserSummary | null>(null);
  const factors = ref<FactorSummary[]>([]);
  const fetchedAt = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<BridgeErrorData | null>(null);

  let sequence = 0;

  /** Open a user; the search result fills the header at once while the factors load. */
  function open(summary: UserSummary): Promise<void> {
    userId.value = summary.id;
    user.value = summary;
    factors.value = [];
    fetchedAt.value = null;
    return refresh();
  }

  async function refresh(): Promise<void> {
    const id = userId.value;
    if (!id) return;
    const mine = ++sequence;
    loading.value = true;
    error.value = null;
    try {
      const answer = await call('listFactors', { userId: id });
      if (mine !== sequence) return;
      user.value = answer.user;
      factors.value = answer.factors;
      fetchedAt.value = answer.fetchedAt;
    } catch (failure) {
      if (mine !== sequence) return;
      error.value = toErrorData(failure);
    } finally {
      if (mine === sequence) loading.value = false;
    }
  }

  function close(): void {
    sequence++;
    userId.value = null;
    user.value = null;
    factors.value = [];
    fetchedAt.value = null;
    loading.value = false;
    error.value = null;
  }

  return { userId, user, factors, fetchedAt, loading, error, open, refresh, close };
});
