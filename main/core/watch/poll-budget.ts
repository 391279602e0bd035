/** Okta's management buckets are per minute; a bucket we have not heard about yet is assumed to be this big. */
export const DEFAULT_BUCKET_LIMIT_PER_MINUTE = 600;
/** Live watches may use at most this share of the bucket, leaving the rest to searches, resets and other apps. */
export const DEFAULT_WATCH_SHARE = 1 / 3;

export interface PollBudgetOptions {
  /** Share of the bucket's per-minute limit all watches together may use (default 1/3). */
  share?: number;
  /** Bucket limit assumed until a response tells the real one (default 600/min). */
  defaultLimitPerMinute?: number;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * One poll budget shared by every watch on an org: a token bucket refilled at
 * `share × X-Rate-Limit-Limit` polls per minute, served first come first served, so twenty open
 * watches slow each other down instead of starving the org's rate limit.
 * Uses Date.now/setTimeout so tests can drive it with fake timers.
 */
export class PollBudget {
  private readonly share: number;
  private limitPerMinute: number;
  private tokens: number;
  private refilledAt = Date.now();
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: PollBudgetOptions = {}) {
    this.share = options.share ?? DEFAULT_WATCH_SHARE;
    this.limitPerMinute = options.defaultLimitPerMinute ?? DEFAULT_BUCKET_LIMIT_PER_MINUTE;
    this.tokens = this.capacity;
  }

  /** Polls per second all watches together may make. */
  get pollsPerSecond(): number {
    return Math.max(1 / 60, (this.limitPerMinute * this.share) / 60);
  }

  /** Burst allowance: about two seconds' worth, at least one poll. */
  private get capacity(): number {
    return Math.max(1, this.pollsPerSecond * 2);
  }

  /** Re-size from the org's X-Rate-Limit-Limit for the polled endpoint. */
  setBucketLimit(limitPerMinute: number): void {
    if (!Number.isFinite(limitPerMinute) || limitPerMinute <= 0 || limitPerMinute === this.limitPerMinute) return;
    this.refill();
    this.limitPerMinute = limitPerMinute;
    this.tokens = Math.min(this.tokens, this.capacity);
    this.reschedule();
  }

  /** Resolves when this poll may go out; rejects with the signal's reason if aborted while queued. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal?.reason);
          this.reschedule();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.reschedule();
    });
  }

  /** Stop the refill timer and fail queued polls (app closing). */
  dispose(reason: unknown): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const waiter of this.waiters.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(reason);
    }
  }

  private refill(): void {
    const now = Date.now();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.refilledAt = now;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.pollsPerSecond);
  }

  private serveWaiters(): void {
    this.refill();
    while (this.waiters.length > 0 && this.tokens >= 1) {
      const waiter = this.waiters.shift() as Waiter;
      this.tokens -= 1;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.serveWaiters();
    if (this.waiters.length === 0) return;
    const waitMs = Math.ceil(((1 - this.tokens) / this.pollsPerSecond) * 1000);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reschedule();
    }, Math.max(1, waitMs));
  }
}
