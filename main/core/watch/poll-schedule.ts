/**
 * How long to wait between polls of one watch, by how long it has been running.
 * A person usually answers a push (or scans a QR) within the first minute, so polls are quick
 * then — one a second, which keeps the time from "approved" to "shown" under a second — and back
 * off afterwards, down to the Sign-In Widget's own 4 s once a watch has been open for minutes.
 */
export interface PollSchedule {
  /** Delay before the poll that starts `elapsedMs` after the watch began. */
  intervalMs(elapsedMs: number): number;
  /** Wait after the n-th failed poll in a row (default `retryDelayMs`: 1 s, 2 s, 4 s, ... up to 30 s). */
  retryDelayMs?(consecutiveFailures: number): number;
}

export const adaptivePollSchedule: PollSchedule = {
  intervalMs(elapsedMs) {
    if (elapsedMs < 60_000) return 1_000;
    if (elapsedMs < 120_000) return 2_000;
    return 4_000;
  },
};

/** Waits after a failed poll (network blip, rate limit without a reset time): 1 s, 2 s, 4 s, ... up to 30 s. */
export function retryDelayMs(consecutiveFailures: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, consecutiveFailures - 1));
}
