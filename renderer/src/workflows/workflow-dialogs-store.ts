import { defineStore } from 'pinia';
import { markRaw, shallowRef, type Component } from 'vue';
import { useUserDetailStore } from '../user/user-detail-store';

/** What a workflow dialog takes besides the open user and their factors, which its host passes to every dialog. */
export type DialogProps<C> = C extends new (...args: never) => { $props: infer P } ? Omit<P, 'user' | 'factors'> : Record<string, never>;

interface OpenDialog {
  component: Component;
  props: Record<string, unknown>;
  /** A new mount for every opening, even of the same dialog. */
  key: number;
}

/**
 * The one workflow dialog that is open, and what follows a change. Buttons anywhere (the user
 * page's header, a factor row) open a dialog here; WorkflowActions hosts it; dialogs close
 * themselves and report changes here, so no event travels up through components.
 */
export const useWorkflowDialogsStore = defineStore('workflowDialogs', () => {
  const open = shallowRef<OpenDialog | null>(null);
  let opened = 0;

  /** Open `component` (a workflow dialog) with its own props, closing any other. */
  function show<C extends Component>(component: C, props: DialogProps<C>): void {
    open.value = { component: markRaw(component), props: props as Record<string, unknown>, key: ++opened };
  }

  function close(): void {
    open.value = null;
  }

  /** The open user's factors may have changed: reload them (and with them the History panel). */
  function afterChange(): Promise<void> {
    return useUserDetailStore().refresh();
  }

  return { open, show, close, afterChange };
});
