import type { AgentPreferences, preferenceMethods } from '../../../contract/preferences';
import type { Feature } from '../feature-context';
import type { SettingsStore } from './settings-store';

export type PreferenceMethodName = keyof typeof preferenceMethods;

/** The agent's own preferences (how they like the enroll dialog), kept in settings.json on this computer. */
export function createPreferencesFeature(store: SettingsStore): Feature<PreferenceMethodName> {
  const current = (preferences: AgentPreferences): AgentPreferences => ({ enrollCallerLocation: preferences.enrollCallerLocation });
  return {
    handlers: {
      getAgentPreferences: async () => current((await store.read()).preferences),
      setAgentPreferences: async (changes) => {
        const saved = await store.update((settings) => ({
          ...settings,
          preferences: { ...settings.preferences, ...(changes.enrollCallerLocation ? { enrollCallerLocation: changes.enrollCallerLocation } : {}) },
        }));
        return current(saved.preferences);
      },
    },
  };
}
