import { sleep } from './backoff';

export interface BulkPacerOptions {
  /** Bulk requests in flight at once. The org's pool has 8 connections: the rest stay free for agents. */
  concurrency?: number;
  /** Share of each window's budget the bulk lane leaves for interactive requests (default 2 %). */
  reserveShare?: number;
  /** Okta's counters reset every 60 s (ratelimits.md). */
  windowMs?: number;
  now?: () => number;
}

/** What the pacer knows of one bucket's current window, in local milliseconds. */
export interface BucketWindow {
  /** X-Rate-Limit-Limit: for a principal with a share, its ceiling (rl2-token-share.md). */
  limit: number;
  /** Our estimate of what is left: the lowest Okta reported, less what went out since. */
  remaining: number;
  /** By then the window is surely over (local time): a request sent after it counts in a new one. */
  endsBy: number;
}

/** One request as the pacer counts it: handed back with its answer. */
export interface PacerTicket {
  readonly bucket: string;
  readonly seq: number;
  readonly bulk: boolean;
}

interface TrackedWindow extends BucketWindow {
  /** X-Rate-Limit-Reset (server epoch seconds): names the window. */
  resetKey: number;
  /** The request whose answer taught this window: answers to older requests may be from an older one. */
  learnedFrom: number;
}

interface BucketState {
  window: TrackedWindow | undefined;
  /** A bulk request is out to learn the window (none known, or the last one is over). */
  probing: boolean;
  lastBulkSendAt: number;
  /** After a concurrency 429 (Limit 0): a short pause before the next bulk request. */
  holdUntil: number;
  nextSeq: number;
  inFlight: Set<number>;
  /** Bulk admissions go through one at a time, so the spacing holds across all the job's workers. */
  gate: Promise<void>;
  answerWaiters: Array<() => void>;
}

const defaultConcurrency = 6;
const defaultReserveShare = 0.02;
const concurrencyPauseMs = 1_000;

/**
 * The bulk lane of one org's client: bulk requests go out at the rate the org's headers allow this
 * principal, spread evenly over what is left of each bucket's window instead of in a burst, within
 * a concurrency cap, leaving a small reserve for the agent's own requests. Interactive requests are
 * never held here; they are only counted, so the bulk lane slows down when an agent works.
 *
 * Windows: Okta names a window by X-Rate-Limit-Reset. The window that counted a request began before
 * the request arrived, so it ends at most 60 s after its answer came back; the reset header (whole
 * seconds, converted with the answer's Date) is another upper bound. The pacer waits for the lower
 * of the two before it sends into a new window, and learns the new window from one request's answer.
 */
export class BulkPacer {
  readonly #concurrency: number;
  readonly #reserveShare: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, BucketState>();
  #slotsInUse = 0;
  readonly #slotWaiters: Array<() => void> = [];
  #bulkSent = 0;

  constructor(options: BulkPacerOptions = {}) {
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency));
    this.#reserveShare = Math.min(0.5, Math.max(0, options.reserveShare ?? defaultReserveShare));
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** An interactive request is about to go out: counted, never held. */
  noteSent(bucket: string): PacerTicket {
    return this.#send(this.#state(bucket), bucket, false);
  }

  /** Wait for a bulk request's turn (a concurrency slot, then its place in the bucket's spacing). */
  async admit(bucket: string, signal?: AbortSignal): Promise<PacerTicket> {
    await this.#takeSlot(signal);
    try {
      const state = this.#state(bucket);
      const turn = state.gate.then(() => this.#waitTurn(state, signal));
      state.gate = turn.catch(() => undefined);
      await turn;
      return this.#send(state, bucket, true);
    } catch (error) {
      this.#releaseSlot();
      throw error;
    }
  }

  /** The request ended: with Okta's headers when it answered, without when the connection failed. */
  answered(ticket: PacerTicket, headers: Record<string, string> | undefined, status?: number): void {
    const state = this.#state(ticket.bucket);
    state.inFlight.delete(ticket.seq);
    if (ticket.bulk) {
      state.probing = false;
      this.#releaseSlot();
    }
    if (headers) this.#learn(state, ticket.seq, headers, status);
    for (const wake of state.answerWaiters.splice(0)) wake();
  }

  /** Bulk requests sent so far (a job's request rate is measured from it). */
  get bulkSent(): number {
    return this.#bulkSent;
  }

  /** What is known of a bucket's window now (for progress: the principal's ceiling). */
  window(bucket: string): BucketWindow | undefined {
    const window = this.#buckets.get(bucket)?.window;
    return window ? { limit: window.limit, remaining: window.remaining, endsBy: window.endsBy } : undefined;
  }

  #state(bucket: string): BucketState {
    let state = this.#buckets.get(bucket);
    if (!state) {
      state = { window: undefined, probing: false, lastBulkSendAt: 0, holdUntil: 0, nextSeq: 0, inFlight: new Set(), gate: Promise.resolve(), answerWaiters: [] };
      this.#buckets.set(bucket, state);
    }
    return state;
  }

  #send(state: BucketState, bucket: string, bulk: boolean): PacerTicket {
    const now = this.#now();
    const seq = state.nextSeq++;
    state.inFlight.add(seq);
    if (state.window && now < state.window.endsBy) state.window.remaining -= 1;
    if (bulk) {
      state.lastBulkSendAt = now;
      this.#bulkSent += 1;
    }
    return { bucket, seq, bulk };
  }

  #reserve(limit: number): number {
    return Math.max(1, Math.ceil(limit * this.#reserveShare));
  }

  async #waitTurn(state: BucketState, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const now = this.#now();
      if (now < state.holdUntil) {
        await sleep(state.holdUntil - now, signal);
        continue;
      }
      const window = state.window;
      if (!window || now >= window.endsBy) {
        state.window = undefined;
        if (!state.probing) {
          // This request learns the window for the ones behind it.
          state.probing = true;
          return;
        }
        await this.#nextAnswer(state, signal);
        continue;
      }
      const budget = window.remaining - this.#reserve(window.limit);
      if (budget <= 0) {
        await sleep(window.endsBy - now, signal);
        continue;
      }
      const dueAt = state.lastBulkSendAt + (window.endsBy - now) / budget;
      if (dueAt > now) {
        await sleep(dueAt - now, signal);
        continue;
      }
      return;
    }
  }

  #learn(state: BucketState, seq: number, headers: Record<string, string>, status: number | undefined): void {
    const limit = Number(headers['x-rate-limit-limit']);
    const remaining = Number(headers['x-rate-limit-remaining']);
    const resetKey = Number(headers['x-rate-limit-reset']);
    if (!headers['x-rate-limit-limit'] || !Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(resetKey)) return;
    const now = this.#now();
    if (limit === 0) {
      // The concurrency limit (rl-best.md: Limit and Remaining both 0), not a bucket: pause briefly.
      if (status === 429) state.holdUntil = now + concurrencyPauseMs;
      return;
    }
    const serverNow = Date.parse(headers.date ?? '');
    // Date has whole seconds (rounded down), Reset is rounded up: this bound is never early.
    const resetBound = Number.isFinite(serverNow) ? now + Math.max(0, resetKey * 1000 - serverNow) : Number.POSITIVE_INFINITY;
    const endsBy = Math.min(resetBound, now + this.#windowMs);
    // Requests sent after this one and still out may or may not be in Okta's count: assume they are not.
    let later = 0;
    for (const other of state.inFlight) if (other > seq) later += 1;
    const left = Math.max(0, remaining - later);
    const current = state.window;
    const otherWindow = current !== undefined && Math.abs(resetKey - current.resetKey) > 1;
    if (!current || now >= current.endsBy || (otherWindow && seq > current.learnedFrom)) {
      // A new window; or the org's window moved (rolled over, or its limits were changed): a later request's word wins.
      state.window = { limit, remaining: left, endsBy, resetKey, learnedFrom: seq };
      return;
    }
    if (otherWindow) return; // a late answer from an older window
    current.limit = limit;
    current.remaining = Math.min(current.remaining, left);
    current.endsBy = Math.min(current.endsBy, endsBy);
  }

  #nextAnswer(state: BucketState, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      // A lost answer must not stall the lane: look again after a second either way.
      const timer = setTimeout(done, 1_000);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort(): void {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      state.answerWaiters.push(done);
    });
  }

  async #takeSlot(signal: AbortSignal | undefined): Promise<void> {
    while (this.#slotsInUse >= this.#concurrency) {
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const index = this.#slotWaiters.indexOf(wake);
          if (index >= 0) this.#slotWaiters.splice(index, 1);
          reject(signal?.reason);
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#slotWaiters.push(wake);
      });
    }
    this.#slotsInUse += 1;
  }

  #releaseSlot(): void {
    this.#slotsInUse = Math.max(0, this.#slotsInUse - 1);
    this.#slotWaiters.shift()?.();
  }
}
