import { computed, type ComputedRef } from 'vue';
import { useOrgsStore } from '../orgs/orgs-store';

/** The active org's "a reset must say how the caller was verified" setting; on when unknown, as it is by default. */
export function useRequireCallerVerification(): ComputedRef<boolean> {
  const orgs = useOrgsStore();
  return computed(() => orgs.activeOrg?.requireCallerVerification ?? true);
}
