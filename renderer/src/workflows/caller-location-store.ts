import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallerLocation } from '../../../contract';
import { call } from '../bridge';

/**
 * Where the agent's callers usually are when enrolling (the enroll dialog's "Caller is remote" /
 * "Caller is here"), remembered for this agent in FactorDesk's settings. Until they choose, a help
 * desk's caller is on the phone: remote, activation link first.
 */
export const useCallerLocationStore = defineStore('callerLocation', () => {
  const location = ref<CallerLocation>('remote');
  const loaded = ref(false);
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= call('getAgentPreferences', {})
      .then((preferences) => {
        if (preferences.enrollCallerLocation) location.value = preferences.enrollCallerLocation;
      })
      .catch(() => undefined)
      .finally(() => {
        loaded.value = true;
      });
    return loading;
  }

  /** The agent picked one: shown at once, kept for next time (a failed save only loses the memory of it). */
  async function choose(next: CallerLocation): Promise<void> {
    location.value = next;
    try {
      await call('setAgentPreferences', { enrollCallerLocation: next });
    } catch {
      // The choice still holds for this session.
    }
  }

  return { location, loaded, load, choose };
});
