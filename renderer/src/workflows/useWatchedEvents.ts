import { onScopeDispose, ref, type Ref } from 'vue';
import type { ActivationStatusEvent, PushVerifyStatusEvent } from '../../../contract';
import { call, onEvent } from '../bridge';

type WatchEventName = 'activationStatus' | 'pushVerifyStatus';
type WatchEvent<E extends WatchEventName> = E extends 'activationStatus' ? ActivationStatusEvent : PushVerifyStatusEvent;

export interface WatchedEvents<E extends WatchEventName> {
  /** The watch this component follows; null before one starts. */
  watchId: Ref<string | null>;
  /** The latest event for that watch; null until main sends one. */
  latest: Ref<WatchEvent<E> | null>;
  /** Follow a new watch (the old one, if still running, is cancelled). */
  follow(watchId: string): void;
  /** Stop the current watch at main (idempotent) and forget it. */
  cancel(): Promise<void>;
}

/**
 * Follow one live watch (push activation or test push) by its watchId.
 *
 * Main may push the first event before the call that started the watch has answered, so events
 * for watches we do not know yet are held briefly and applied when `follow` names them.
 * When the component goes away, a watch still WAITING is cancelled so main stops polling.
 */
export function useWatchedEvents<E extends WatchEventName>(
  name: E,
  onUpdate?: (event: WatchEvent<E>) => void,
): WatchedEvents<E> {
  const watchId = ref<string | null>(null);
  const latest = ref<WatchEvent<E> | null>(null) as Ref<WatchEvent<E> | null>;
  const early = new Map<string, WatchEvent<E>>();

  function apply(event: WatchEvent<E>): void {
    latest.value = event;
    onUpdate?.(event);
  }

  const unsubscribe = onEvent(name, (payload) => {
    const event = payload as WatchEvent<E>;
    if (event.watchId === watchId.value) apply(event);
    else if (watchId.value === null) {
      // Not ours yet, maybe soon: keep only the newest per watch, and only a handful.
      early.set(event.watchId, event);
      if (early.size > 20) early.delete(early.keys().next().value as string);
    }
  });

  function isRunning(): boolean {
    return watchId.value !== null && (latest.value === null || latest.value.state === 'WAITING');
  }

  function follow(id: string): void {
    if (isRunning() && watchId.value !== id) void stopQuietly(watchId.value as string);
    watchId.value = id;
    latest.value = null;
    const pending = early.get(id);
    early.clear();
    if (pending) apply(pending);
  }

  async function cancel(): Promise<void> {
    const id = watchId.value;
    if (!id) return;
    await call('cancelWatch', { watchId: id });
  }

  onScopeDispose(() => {
    unsubscribe();
    if (isRunning()) void stopQuietly(watchId.value as string);
  });

  return { watchId, latest, follow, cancel };
}

/** Cancelling on the way out: nothing on screen is left to report a failure to, and main also stops watches when the window closes. */
async function stopQuietly(watchId: string): Promise<void> {
  try {
    await call('cancelWatch', { watchId });
  } catch {
    // Deliberately ignored (see above).
  }
}
