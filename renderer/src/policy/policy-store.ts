import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BridgeErrorData, ConnectionMethod, DeskPolicy, PolicyField, PolicyRules } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';

/**
 * This desk's managed policy, read once per window: which rules the organization set (shown locked,
 * "Set by your organization"), and whether the policy file is invalid (FactorDesk then shows only
 * the blocking screen). Main enforces every rule; the window only shows them.
 */
export const usePolicyStore = defineStore('policy', () => {
  const policy = ref<DeskPolicy | null>(null);
  const loaded = ref(false);
  const loadError = ref<BridgeErrorData | null>(null);

  const invalid = computed(() => (policy.value?.state === 'invalid' ? policy.value : null));
  const managed = computed(() => policy.value?.state === 'managed');
  /** The rules in force; null until loaded, or when the file is invalid. */
  const rules = computed<PolicyRules | null>(() => (policy.value && policy.value.state !== 'invalid' ? policy.value.rules : null));
  const path = computed(() => policy.value?.path ?? '');
  const allowSandbox = computed(() => rules.value?.allowSandbox ?? true);

  /** Whether the policy file sets this field (then nobody changes it here). */
  function isLocked(field: PolicyField): boolean {
    const current = policy.value;
    return current?.state === 'managed' && current.locked.includes(field);
  }

  function allows(method: ConnectionMethod): boolean {
    return rules.value?.allowedConnectionMethods.includes(method) ?? true;
  }

  async function load(): Promise<void> {
    try {
      policy.value = await call('getPolicy', {});
      loadError.value = null;
    } catch (error) {
      loadError.value = toErrorData(error);
    } finally {
      loaded.value = true;
    }
  }

  return { policy, loaded, loadError, invalid, managed, rules, path, allowSandbox, isLocked, allows, load };
});
