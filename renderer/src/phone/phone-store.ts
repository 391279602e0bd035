import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BridgeErrorData, PhoneState } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';
import { latestOnly } from '../lib/latest-only';

/** How often a shown phone is read again: a push sent from the console shows within this. */
export const PHONE_POLL_MS = 1500;

/** What the phone just did, in the words the phone would show. */
export interface PhoneOutcome {
  kind: 'approved' | 'rejected' | 'denied' | 'scanned' | 'clock';
  text: string;
}

/**
 * One user's phone as last read from main (which asks the sandbox's control API), and what the
 * phone can do. It is read again every PHONE_POLL_MS while something shows it (`watch`/`unwatch`
 * count the viewers) and the page is visible, and after each of its own actions: main holds no
 * timers for it, so a closed panel or window leaves nothing running.
 */
export const usePhoneStore = defineStore('phone', () => {
  const userId = ref<string | null>(null);
  const phone = ref<PhoneState | null>(null);
  /** Local time (ms) the phone was read: the org clock and countdowns run on from it. */
  const readAt = ref(0);
  const loading = ref(false);
  const error = ref<BridgeErrorData | null>(null);
  /** The action in progress: a push's transaction id, a factor being scanned, or `clock`. */
  const busy = ref<string | null>(null);
  const outcome = ref<PhoneOutcome | null>(null);
  const reads = latestOnly();
  let viewers = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const orgClockOffsetMs = computed(() => (phone.value ? Date.parse(phone.value.now) - readAt.value : 0));

  function accept(next: PhoneState): void {
    if (next.userId !== userId.value) return;
    phone.value = next;
    readAt.value = Date.now();
    error.value = null;
  }

  async function refresh(): Promise<void> {
    const id = userId.value;
    if (!id) return;
    await reads.run(
      loading,
      () => call('getPhone', { userId: id }),
      accept,
      (failure) => {
        error.value = failure;
      },
    );
  }

  /** Shows this user's phone (a new user starts from nothing). */
  function showUser(id: string | null): void {
    if (id === userId.value) return;
    reads.cancel();
    loading.value = false;
    userId.value = id;
    phone.value = null;
    error.value = null;
    outcome.value = null;
    void refresh();
  }

  function poll(): void {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    if (!busy.value && !loading.value) void refresh();
  }

  /** A view of the phone appeared: read it now and keep reading it while any is shown. */
  function watch(): void {
    viewers++;
    if (timer === undefined) timer = setInterval(poll, PHONE_POLL_MS);
    if (!loading.value) void refresh();
  }

  function unwatch(): void {
    viewers = Math.max(0, viewers - 1);
    if (viewers === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  /** Runs one of the phone's actions; what it answers is the phone now. */
  async function act(key: string, action: () => Promise<PhoneState>, said: (state: PhoneState) => PhoneOutcome | null): Promise<boolean> {
    if (busy.value) return false;
    busy.value = key;
    // A read on its way would show the phone as it was before this action.
    reads.cancel();
    loading.value = false;
    try {
      const next = await action();
      accept(next);
      outcome.value = said(next);
      return true;
    } catch (failure) {
      error.value = toErrorData(failure);
      void refresh();
      return false;
    } finally {
      busy.value = null;
    }
  }

  /** Taps a number (number matching) or "Yes, it's me" (a plain push). */
  function approve(transactionId: string, answer?: number): Promise<boolean> {
    const id = userId.value;
    if (!id) return Promise.resolve(false);
    let result: 'SUCCESS' | 'REJECTED' = 'REJECTED';
    return act(
      transactionId,
      async () => {
        const answered = await call('answerPhonePush', { userId: id, transactionId, decision: 'approve', ...(answer === undefined ? {} : { answer }) });
        result = answered.factorResult;
        return answered.phone;
      },
      () =>
        result === 'SUCCESS'
          ? { kind: 'approved', text: 'Approved: the sign-in goes ahead.' }
          : { kind: 'rejected', text: 'Wrong number: that is not the one on the sign-in screen, so the sign-in was refused.' },
    );
  }

  function deny(transactionId: string): Promise<boolean> {
    const id = userId.value;
    if (!id) return Promise.resolve(false);
    return act(
      transactionId,
      async () => (await call('answerPhonePush', { userId: id, transactionId, decision: 'deny' })).phone,
      () => ({ kind: 'denied', text: "Denied: \"No, it's not me\". The sign-in was refused." }),
    );
  }

  function scan(factorId: string, deviceName: string, platform: 'IOS' | 'ANDROID'): Promise<boolean> {
    const id = userId.value;
    if (!id) return Promise.resolve(false);
    return act(
      factorId,
      () => call('scanPhoneQr', { userId: id, factorId, deviceName, platform }),
      () => ({ kind: 'scanned', text: `Okta Verify is set up on "${deviceName}".` }),
    );
  }

  function advanceClock(minutes: number): Promise<boolean> {
    const id = userId.value;
    if (!id) return Promise.resolve(false);
    return act(
      'clock',
      () => call('advancePhoneClock', { userId: id, minutes }),
      () => ({ kind: 'clock', text: `The org clock moved ${minutes} min ahead.` }),
    );
  }

  function dismissError(): void {
    error.value = null;
  }

  return { userId, phone, readAt, loading, error, busy, outcome, orgClockOffsetMs, showUser, refresh, watch, unwatch, approve, deny, scan, advanceClock, dismissError };
});
