import { onScopeDispose, ref, type Ref } from 'vue';

/**
 * The current time (ms), refreshed every `periodMs` while the calling component lives:
 * drives countdowns and elapsed-time displays without each one keeping its own timer logic.
 */
export function useNow(periodMs = 1000): Ref<number> {
  const now = ref(Date.now());
  const timer = window.setInterval(() => {
    now.value = Date.now();
  }, periodMs);
  onScopeDispose(() => window.clearInterval(timer));
  return now;
}
