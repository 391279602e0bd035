import { defineStore } from 'pinia';
import { computed, ref, watch, type WatchStopHandle } from 'vue';
import type { BridgeErrorData, TrainingCall, TrainingDebrief, TrainingScenario, TrainingScenarioId } from '../../../contract';
import { useUiStore } from '../app/ui-store';
import { call } from '../bridge';
import { saveFile } from '../history/save-file';
import { lazyComponent } from '../lib/lazy-component';
import { toErrorData } from '../lib/errors';
import { usePhoneDockStore } from '../phone/phone-dock-store';
import { usePhoneStore } from '../phone/phone-store';
import { useUserDetailStore } from '../user/user-detail-store';

const CallerScript = lazyComponent(() => import('./CallerScript.vue'));

/** How long the real owner takes to deny a push they did not ask for. */
export const OWNER_DENIES_AFTER_MS = 1500;

/** A code the caller reads out that is not the one sent: every digit one off. */
export function wrongCodeFor(code: string): string {
  return code.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
}

function agentTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone) ? zone : undefined;
}

/**
 * Training calls (sandbox org): the scenario list, the call running (its caller opened, the phone
 * pinned to them with the caller's script beside it) and its debrief. The phone plays the caller
 * where the scenario says so: a real owner who is not on the call denies every push.
 */
export const useTrainingStore = defineStore('training', () => {
  const scenarios = ref<TrainingScenario[]>([]);
  const running = ref<TrainingCall | null>(null);
  const debrief = ref<TrainingDebrief | null>(null);
  const loading = ref(false);
  const starting = ref<TrainingScenarioId | null>(null);
  const ending = ref(false);
  const error = ref<BridgeErrorData | null>(null);
  /** Pushes the phone answered by itself in this call. */
  const answeredByPhone = ref<string[]>([]);
  let stopPhone: WatchStopHandle | null = null;

  /** What the caller reads out when asked for the latest code texted to the phone (never the right one). */
  const callerCode = computed(() => {
    const phone = usePhoneStore();
    if (!running.value || phone.userId !== running.value.caller.id) return null;
    const latest = phone.phone?.messages.find((message) => message.code);
    return latest?.code ? wrongCodeFor(latest.code) : null;
  });

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [list, current] = await Promise.all([call('listTrainingScenarios', {}), call('getTrainingCall', {})]);
      scenarios.value = list;
      if (current && current.callId !== running.value?.callId) await attach(current);
    } catch (failure) {
      error.value = toErrorData(failure);
    } finally {
      loading.value = false;
    }
  }

  /** The phone answers by itself where the scenario says so. */
  function playPhone(behaviour: TrainingCall['phone']): void {
    stopPhone?.();
    stopPhone = null;
    if (behaviour !== 'owner-denies') return;
    const phone = usePhoneStore();
    stopPhone = watch(
      () => phone.phone?.pushes ?? [],
      (pushes) => {
        for (const push of pushes) {
          if (answeredByPhone.value.includes(push.transactionId) || phone.userId !== running.value?.caller.id) continue;
          answeredByPhone.value.push(push.transactionId);
          setTimeout(() => void phone.deny(push.transactionId), OWNER_DENIES_AFTER_MS);
        }
      },
      { immediate: true },
    );
  }

  async function attach(next: TrainingCall): Promise<void> {
    running.value = next;
    debrief.value = null;
    answeredByPhone.value = [];
    const dock = usePhoneDockStore();
    dock.pin(next.caller.id);
    dock.showBeside(CallerScript);
    dock.show();
    playPhone(next.phone);
    useUiStore().showView('console');
    await useUserDetailStore().open(next.caller);
  }

  function detach(): void {
    stopPhone?.();
    stopPhone = null;
    const dock = usePhoneDockStore();
    dock.pin(null);
    dock.showBeside(null);
    running.value = null;
  }

  async function start(scenarioId: TrainingScenarioId): Promise<boolean> {
    if (starting.value || running.value) return false;
    starting.value = scenarioId;
    error.value = null;
    try {
      await attach(await call('startTrainingCall', { scenarioId }));
      return true;
    } catch (failure) {
      error.value = toErrorData(failure);
      return false;
    } finally {
      starting.value = null;
    }
  }

  async function end(escalatedToSecurity: boolean): Promise<boolean> {
    const current = running.value;
    if (!current || ending.value) return false;
    ending.value = true;
    error.value = null;
    try {
      const timeZone = agentTimeZone();
      debrief.value = await call('endTrainingCall', { callId: current.callId, escalatedToSecurity, ...(timeZone ? { timeZone } : {}) });
      detach();
      useUiStore().showView('training');
      return true;
    } catch (failure) {
      error.value = toErrorData(failure);
      return false;
    } finally {
      ending.value = false;
    }
  }

  async function exportDebrief(format: 'markdown' | 'json'): Promise<void> {
    if (!debrief.value) return;
    try {
      const file = await call('exportTrainingDebrief', { callId: debrief.value.callId, format });
      saveFile(file.fileName, file.mimeType, file.content);
    } catch (failure) {
      error.value = toErrorData(failure);
    }
  }

  function closeDebrief(): void {
    debrief.value = null;
  }

  /** Another org: nothing of this one's training carries over. */
  function reset(): void {
    detach();
    debrief.value = null;
    scenarios.value = [];
    error.value = null;
  }

  return { scenarios, running, debrief, loading, starting, ending, error, answeredByPhone, callerCode, load, start, end, exportDebrief, closeDebrief, reset };
});
