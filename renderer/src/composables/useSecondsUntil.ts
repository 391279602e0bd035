import { computed, watch, type ComputedRef } from 'vue';
import { useNow } from './useNow';

/**
 * How a countdown rounds a part-second:
 * - 'up' for "available in" (a resend button must not enable before the org accepts it);
 * - 'down' for "expires in" (time left is never overstated: a 10-minute code starts at 10:00 or below).
 */
export type CountdownRounding = 'up' | 'down';

/**
 * Whole seconds from now until `deadline` (ISO), never negative; null when there is no deadline.
 *
 * The ticking clock is re-read the moment the deadline changes: a deadline that arrives with a
 * bridge answer would otherwise be measured against a clock reading taken before the request,
 * and the countdown would start above the org's own TTL ("Expires in 10:01").
 */
export function useSecondsUntil(deadline: () => string | null | undefined, rounding: CountdownRounding): ComputedRef<number | null> {
  const now = useNow();
  watch(deadline, () => (now.value = Date.now()), { flush: 'sync' });
  return computed(() => secondsUntil(deadline(), now.value, rounding));
}

function secondsUntil(deadline: string | null | undefined, nowMs: number, rounding: CountdownRounding): number | null {
  if (!deadline) return null;
  const at = new Date(deadline).getTime();
  if (Number.isNaN(at)) return null;
  const seconds = (at - nowMs) / 1000;
  return Math.max(0, rounding === 'up' ? Math.ceil(seconds) : Math.floor(seconds));
}
