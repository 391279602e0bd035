import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BridgeErrorData, SignInStarted } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';
import { useOrgsStore } from './orgs-store';

/** A sign-in the agent is doing in the browser now. */
export interface PendingSignIn {
  orgId: string;
  orgName: string;
  /** A fresh sign-in asked for before a risky action. */
  stepUp: boolean;
  /** The org's sign-in page: shown as a link too, in case the browser did not open a tab. */
  authorizationUrl: string;
  /** The desktop app opened it in the system browser itself. */
  openedInBrowser: boolean;
  signInId: string;
}

/**
 * "Sign in with Okta" as the window sees it: main starts the sign-in and keeps every secret; the
 * window opens the org's sign-in page in a new tab (the desktop app has it opened in the system
 * browser), waits for main to hear back, and refreshes the org list. Nothing here is a credential.
 */
export const useSignInStore = defineStore('sign-in', () => {
  const pending = ref<PendingSignIn | null>(null);
  const starting = ref(false);
  /** Why the last sign-in did not complete (not shown for one the agent cancelled). */
  const failure = ref<{ orgName: string; error: BridgeErrorData } | null>(null);

  /** Sign in to an org; resolves true once signed in, false when it failed or was cancelled. */
  async function signIn(orgId: string, options: { stepUp?: boolean } = {}): Promise<boolean> {
    const orgs = useOrgsStore();
    const orgName = orgs.orgs.find((org) => org.id === orgId)?.name ?? 'the org';
    failure.value = null;
    starting.value = true;
    let started: SignInStarted;
    try {
      started = await call('startSignIn', { id: orgId, stepUp: options.stepUp ?? false });
    } catch (error) {
      failure.value = { orgName, error: toErrorData(error) };
      return false;
    } finally {
      starting.value = false;
    }
    pending.value = { orgId, orgName, stepUp: options.stepUp ?? false, ...started };
    // A new tab, with no way back to this page (noopener); a blocked pop-up leaves the link in the dialog.
    if (!started.openedInBrowser) window.open(started.authorizationUrl, '_blank', 'noopener,noreferrer');
    try {
      await call('finishSignIn', { signInId: started.signInId });
      await orgs.load();
      return true;
    } catch (error) {
      const data = toErrorData(error);
      if (data.code !== 'CANCELLED' && pending.value?.signInId === started.signInId) failure.value = { orgName, error: data };
      await orgs.load();
      return false;
    } finally {
      if (pending.value?.signInId === started.signInId) pending.value = null;
    }
  }

  /** Give up the sign-in in progress (its answer, if it still comes, is refused). */
  async function cancel(): Promise<void> {
    const current = pending.value;
    if (!current) return;
    pending.value = null;
    await call('cancelSignIn', { signInId: current.signInId }).catch(() => undefined);
  }

  async function signOut(orgId: string): Promise<void> {
    await call('signOut', { id: orgId });
    await useOrgsStore().load();
  }

  function dismissFailure(): void {
    failure.value = null;
  }

  return { pending, starting, failure, signIn, cancel, signOut, dismissFailure };
});
