import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, type Component } from 'vue';
import type { OrgSummary } from '../../../contract';

/** The caller's phone is for the local sandbox org only (main refuses it for any other org too). */
export function hasCallersPhone(org: Pick<OrgSummary, 'id' | 'kind' | 'hasToken'> | null): boolean {
  return org !== null && org.kind === 'sandbox' && org.id === 'sandbox' && org.hasToken;
}

/** Something shown beside the phone, e.g. a training call's caller script: a component and its props. */
export interface PhoneCompanion {
  component: Component;
  props: Record<string, unknown>;
}

/**
 * Where the caller's phone is (first screen: no bridge calls, no phone code): shown docked beside
 * the console, tucked away, or in a window of its own; whose phone it is (the user on screen
 * unless something pinned another); and what is shown beside it. A training scenario drives the
 * phone through these: `pin` the caller it plays, `showBeside` its caller script, `open` the dock.
 */
export const usePhoneDockStore = defineStore('phoneDock', () => {
  const open = ref(false);
  /** The phone is in its own window (desktop app): the dock only says so. */
  const detached = ref(false);
  /** A user whose phone is shown whoever is on screen (a training call's caller). */
  const pinnedUserId = ref<string | null>(null);
  const companion = shallowRef<PhoneCompanion | null>(null);

  function show(): void {
    open.value = true;
    detached.value = false;
  }

  function hide(): void {
    open.value = false;
  }

  function markDetached(): void {
    detached.value = true;
    open.value = false;
  }

  function pin(userId: string | null): void {
    pinnedUserId.value = userId;
  }

  /** Shows `component` beside the phone (a caller script), replacing what was there; null clears it. */
  function showBeside<C extends Component>(component: C | null, props: Record<string, unknown> = {}): void {
    companion.value = component ? { component: markRaw(component), props } : null;
  }

  return { open, detached, pinnedUserId, companion, show, hide, markDetached, pin, showBeside };
});
