import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ThemePreference = 'os' | 'light' | 'dark';
export type WorkspaceView = 'console' | 'bulk' | 'training';

const THEME_KEY = 'factordesk.theme';

function storedThemePreference(): ThemePreference {
  const stored = window.localStorage.getItem(THEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'os';
}

/** Window-wide UI state: theme choice, the org dialog, the policy panel, the shortcuts overlay, and requests to move the focus. */
export const useUiStore = defineStore('ui', () => {
  const themePreference = ref<ThemePreference>(storedThemePreference());
  /** Bumped by Ctrl/Cmd+K; the search box focuses itself whenever it changes. */
  const searchFocusRequests = ref(0);
  /** The connection dialog: closed, adding a new org, or editing the org with this id. */
  const orgDialog = ref<{ mode: 'add' } | { mode: 'edit'; orgId: string } | null>(null);
  /** "About this desk's policy". */
  const policyPanelOpen = ref(false);
  /** The workspace's main view: finding and helping one caller, bulk jobs, or the sandbox org's training calls. */
  const view = ref<WorkspaceView>('console');
  /** The "?" overlay listing the keyboard shortcuts. */
  const shortcutsOpen = ref(false);
  /** A user opened from the keyboard (Enter in the search box): their page takes the focus once it shows them. */
  const userFocusPending = ref<string | null>(null);

  function setThemePreference(preference: ThemePreference): void {
    themePreference.value = preference;
    if (preference === 'os') window.localStorage.removeItem(THEME_KEY);
    else window.localStorage.setItem(THEME_KEY, preference);
  }

  function focusSearch(): void {
    searchFocusRequests.value++;
  }

  function openAddOrg(): void {
    orgDialog.value = { mode: 'add' };
  }

  function openEditOrg(orgId: string): void {
    orgDialog.value = { mode: 'edit', orgId };
  }

  function closeOrgDialog(): void {
    orgDialog.value = null;
  }

  function openPolicyPanel(): void {
    policyPanelOpen.value = true;
  }

  function closePolicyPanel(): void {
    policyPanelOpen.value = false;
  }

  function showView(next: WorkspaceView): void {
    view.value = next;
  }

  function setShortcutsOpen(open: boolean): void {
    shortcutsOpen.value = open;
  }

  function focusUserWhenShown(userId: string | null): void {
    userFocusPending.value = userId;
  }

  return {
    view,
    showView,
    shortcutsOpen,
    setShortcutsOpen,
    userFocusPending,
    focusUserWhenShown,
    themePreference,
    searchFocusRequests,
    orgDialog,
    setThemePreference,
    focusSearch,
    openAddOrg,
    openEditOrg,
    closeOrgDialog,
    policyPanelOpen,
    openPolicyPanel,
    closePolicyPanel,
  };
});
