import { computed, type ComputedRef } from 'vue';
import { useNow } from '../composables/useNow';
import { usePhoneStore } from './phone-store';

/** The phone's clock buttons: "+1 min", "+5 min" (a push's whole life), "+10 min" (an activation's). */
export const PHONE_CLOCK_STEPS_MINUTES = [1, 5, 10] as const;

/** "4:05" from seconds (never negative). */
export function minutesSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The org clock now (ms), ticking every second: the org's own time as last read, run on by the
 * local clock. The org clock can be ahead of real time ("+5 min"), so expiries the org wrote are
 * counted against it, not against this computer's clock.
 */
export function useOrgNow(): ComputedRef<number> {
  const now = useNow(1000);
  const phone = usePhoneStore();
  return computed(() => now.value + phone.orgClockOffsetMs);
}

/** Seconds from the org's now until `iso` (an org-clock time), never negative. */
export function secondsUntil(iso: string, orgNow: number): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - orgNow) / 1000));
}
