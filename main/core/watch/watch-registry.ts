import { FactorDeskError } from '../../../contract/errors';
import type { PollBudget } from './poll-budget';
import { adaptivePollSchedule, retryDelayMs, type PollSchedule } from './poll-schedule';

/** Why a watch ended. `finished` means the watched thing reached a final state (its event is already out). */
export type WatchEndReason = 'finished' | 'cancelled' | 'client_closed' | 'shutdown' | 'failed' | 'expired';

export interface WatchSpec {
  watchId: string;
  /** The window/session that started it; only it gets the events, and closing it stops the watch. */
  clientId: string;
  /** The org's shared budget: every poll of every watch on that org takes one token. */
  budget: PollBudget;
  /** One poll. Answers true when a final state was reached and reported. Throws FactorDeskError on failure. */
  poll(signal: AbortSignal): Promise<boolean>;
  /**
   * Called exactly once when the watch ends for a reason other than `finished`: report CANCELLED /
   * ERROR / TIMEOUT to the client, cancel the transaction at Okta, ... Errors thrown here are swallowed.
   */
  onEnd(reason: Exclude<WatchEndReason, 'finished'>, error?: FactorDeskError): void | Promise<void>;
  /**
   * A poll failed in a way worth retrying and the watch will try again (called for each such
   * failure): tell the client FactorDesk is having trouble reaching Okta. Errors thrown here are swallowed.
   */
  onRetrying?(error: FactorDeskError, consecutiveFailures: number): void;
  /** A poll answered again (still not final) after one or more retried failures: clear that warning. */
  onRecovered?(): void;
  /** Safety net when the org never reports a final state (default 15 min). */
  maxDurationMs?: number;
}

interface ActiveWatch {
  spec: WatchSpec;
  controller: AbortController;
  ended: boolean;
  done: Promise<void>;
}

export interface WatchRegistryOptions {
  schedule?: PollSchedule;
  /** Consecutive failed polls tolerated before the watch ends as failed (default 5). */
  maxConsecutiveFailures?: number;
}

const DEFAULT_MAX_DURATION_MS = 15 * 60_000;
const retryableCodes = new Set(['NETWORK', 'TIMEOUT', 'RATE_LIMITED', 'BAD_RESPONSE']);

/**
 * Dropped connections, timeouts, rate limits, Okta 5xx answers and answers cut or garbled on the
 * way are passing trouble: poll again, within the same budget of consecutive failures.
 */
function isRetryablePollFailure(error: FactorDeskError): boolean {
  return retryableCodes.has(error.data.code) || (error.data.httpStatus ?? 0) >= 500;
}

/**
 * Runs live watches: one polling loop per transaction or activation, each waiting its own adaptive
 * interval and then a token from its org's shared budget. Watches stop on a final state, on
 * `stop` (cancel), when their client goes away, and on `close` (app quitting).
 */
export class WatchRegistry {
  private readonly watches = new Map<string, ActiveWatch>();
  private readonly schedule: PollSchedule;
  private readonly maxConsecutiveFailures: number;

  constructor(options: WatchRegistryOptions = {}) {
    this.schedule = options.schedule ?? adaptivePollSchedule;
    this.maxConsecutiveFailures = options.maxConsecutiveFailures ?? 5;
  }

  get size(): number {
    return this.watches.size;
  }

  has(watchId: string): boolean {
    return this.watches.has(watchId);
  }

  ownerOf(watchId: string): string | undefined {
    return this.watches.get(watchId)?.spec.clientId;
  }

  start(spec: WatchSpec): void {
    if (this.watches.has(spec.watchId)) throw new Error(`watch ${spec.watchId} already running`);
    const entry: ActiveWatch = { spec, controller: new AbortController(), ended: false, done: Promise.resolve() };
    this.watches.set(spec.watchId, entry);
    entry.done = this.run(entry);
  }

  /** End a watch (cancel). Answers false when it was not running (already final): stopping is idempotent. */
  async stop(watchId: string, reason: 'cancelled' | 'client_closed' | 'shutdown' = 'cancelled'): Promise<boolean> {
    const entry = this.watches.get(watchId);
    if (!entry) return false;
    await this.end(entry, reason);
    await entry.done;
    return true;
  }

  /** The window or browser session went away: its watches stop (and cancel their transactions). */
  clientClosed(clientId: string): Promise<void> {
    const stopping = [...this.watches.values()]
      .filter((entry) => entry.spec.clientId === clientId)
      .map((entry) => this.stop(entry.spec.watchId, 'client_closed'));
    return Promise.all(stopping).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.watches.keys()].map((watchId) => this.stop(watchId, 'shutdown')));
  }

  private async end(entry: ActiveWatch, reason: WatchEndReason, error?: FactorDeskError): Promise<void> {
    if (entry.ended) return;
    entry.ended = true;
    this.watches.delete(entry.spec.watchId);
    entry.controller.abort(new FactorDeskError({ code: 'CANCELLED', message: 'The watch was stopped.' }));
    if (reason === 'finished') return;
    try {
      await entry.spec.onEnd(reason, error);
    } catch {
      // Reporting the end is best effort; the watch is over either way.
    }
  }

  private async run(entry: ActiveWatch): Promise<void> {
    const { spec, controller } = entry;
    const { signal } = controller;
    const startedAt = Date.now();
    const maxDurationMs = spec.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
    let nextPollAt = startedAt + this.schedule.intervalMs(0);
    let failures = 0;
    try {
      for (;;) {
        await sleepUntil(nextPollAt, signal);
        if (Date.now() - startedAt > maxDurationMs) {
          await this.end(entry, 'expired');
          return;
        }
        await spec.budget.acquire(signal);
        const pollStartedAt = Date.now();
        try {
          const finished = await spec.poll(signal);
          if (finished) {
            await this.end(entry, 'finished');
            return;
          }
          if (failures > 0) notify(() => spec.onRecovered?.());
          failures = 0;
          // Measured from the start of this poll so the request's own latency does not stretch the interval.
          nextPollAt = pollStartedAt + this.schedule.intervalMs(pollStartedAt - startedAt);
        } catch (error) {
          if (signal.aborted) return;
          failures += 1;
          const known = error instanceof FactorDeskError ? error : undefined;
          if (!known || !isRetryablePollFailure(known) || failures >= this.maxConsecutiveFailures) {
            await this.end(entry, 'failed', known ?? internalPollError());
            return;
          }
          notify(() => spec.onRetrying?.(known, failures));
          const retryAtMs = known.data.retryAt ? Date.parse(known.data.retryAt) : NaN;
          const retryDelay = this.schedule.retryDelayMs?.(failures) ?? retryDelayMs(failures);
          nextPollAt = Math.max(Date.now() + retryDelay, Number.isFinite(retryAtMs) ? retryAtMs : 0);
        }
      }
    } catch {
      // Aborted while sleeping or queued for the budget: the watch was stopped and `end` reported it.
    }
  }
}

/** Progress reports are best effort: a failing listener must not stop the polling loop. */
function notify(report: () => void): void {
  try {
    report();
  } catch {
    // Deliberately ignored (see above).
  }
}

function sleepUntil(timeMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, timeMs - Date.now()));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function internalPollError(): FactorDeskError {
  return new FactorDeskError({
    code: 'INTERNAL',
    message: 'Live status stopped because of an unexpected problem.',
    action: 'Refresh the user to see the current state, then start again.',
  });
}
