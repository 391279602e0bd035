import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BridgeErrorData, FactorSummary, OktaVerifyDevice, UserSummary } from '../../../contract';
import { call } from '../bridge';
import { latestOnly } from '../lib/latest-only';

/** The user the agent opened, with their factors. Only the latest load may write (see latestOnly). */
export const useUserDetailStore = defineStore('userDetail', () => {
  const userId = ref<string | null>(null);
  const user = ref<UserSummary | null>(null);
  const factors = ref<FactorSummary[]>([]);
  /** The user's Okta Verify devices (each a push, codes and FastPass in Identity Engine). */
  const oktaVerifyDevices = ref<OktaVerifyDevice[]>([]);
  const fetchedAt = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<BridgeErrorData | null>(null);

  const loads = latestOnly();

  /** Open a user; the search result fills the header at once while the factors load. */
  function open(summary: UserSummary): Promise<void> {
    userId.value = summary.id;
    user.value = summary;
    factors.value = [];
    oktaVerifyDevices.value = [];
    fetchedAt.value = null;
    return refresh();
  }

  async function refresh(): Promise<void> {
    const id = userId.value;
    if (!id) return;
    error.value = null;
    await loads.run(
      loading,
      () => call('listFactors', { userId: id }),
      (answer) => {
        user.value = answer.user;
        factors.value = answer.factors;
        oktaVerifyDevices.value = answer.oktaVerifyDevices;
        fetchedAt.value = answer.fetchedAt;
      },
      (failure) => {
        error.value = failure;
      },
    );
  }

  function close(): void {
    loads.cancel();
    userId.value = null;
    user.value = null;
    factors.value = [];
    oktaVerifyDevices.value = [];
    fetchedAt.value = null;
    loading.value = false;
    error.value = null;
  }

  return { userId, user, factors, oktaVerifyDevices, fetchedAt, loading, error, open, refresh, close };
});
