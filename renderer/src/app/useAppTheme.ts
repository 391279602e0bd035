import { darkTheme, useOsTheme, type GlobalTheme, type GlobalThemeOverrides } from 'naive-ui';
import { computed, watchEffect, type ComputedRef } from 'vue';
import { darkOverrides, lightOverrides } from '../lib/theme';
import { useUiStore } from './ui-store';

export interface AppTheme {
  isDark: ComputedRef<boolean>;
  /** For NConfigProvider's `theme` (null: naive-ui's light theme). */
  theme: ComputedRef<GlobalTheme | null>;
  overrides: ComputedRef<GlobalThemeOverrides>;
}

/**
 * The theme of a FactorDesk window (the console, or the caller's phone in its own window): the OS
 * decides unless the agent picked one in the header. Native scrollbars and form controls follow it
 * too (`color-scheme` on the document), and `data-theme` lets plain CSS tell the two apart.
 */
export function useAppTheme(): AppTheme {
  const ui = useUiStore();
  const osTheme = useOsTheme();
  const isDark = computed(() => (ui.themePreference === 'os' ? osTheme.value === 'dark' : ui.themePreference === 'dark'));
  watchEffect(() => {
    document.documentElement.style.colorScheme = isDark.value ? 'dark' : 'light';
    document.documentElement.dataset.theme = isDark.value ? 'dark' : 'light';
  });
  return {
    isDark,
    theme: computed(() => (isDark.value ? darkTheme : null)),
    overrides: computed(() => (isDark.value ? darkOverrides : lightOverrides)),
  };
}
