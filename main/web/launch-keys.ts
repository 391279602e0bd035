import { digestOf, newSecret } from './secrets';

/** What became of a launch key someone presented. */
export type KeyRedemption = 'accepted' | 'used' | 'expired' | 'unknown';

/** How long a printed address works if nobody opens it. */
export const DEFAULT_LAUNCH_KEY_TTL_MS = 2 * 60_000;

/** Spent keys are remembered only to say "already used" or "expired" instead of "not valid"; the oldest go first. */
const REMEMBERED_SPENT_KEYS = 64;

export interface LaunchKeyOptions {
  ttlMs?: number;
  now?: () => number;
}

/**
 * The keys in the addresses the browser shell prints. Each opens one browser session: the first
 * exchange consumes it, and a key nobody opens expires after a short while, so an address left in
 * a terminal's scrollback, a browser's history or a profile backup opens nothing.
 */
export class LaunchKeys {
  readonly ttlMs: number;
  private readonly now: () => number;
  /** digest → when it stops working */
  private readonly live = new Map<string, number>();
  private readonly spent = new Map<string, 'used' | 'expired'>();

  constructor(options: LaunchKeyOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LAUNCH_KEY_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  mint(): string {
    this.expireOld();
    const key = newSecret();
    this.live.set(digestOf(key), this.now() + this.ttlMs);
    return key;
  }

  /** Consumes the key if it is live: it never works a second time. */
  redeem(key: string): KeyRedemption {
    this.expireOld();
    const digest = digestOf(key);
    if (this.live.delete(digest)) {
      this.remember(digest, 'used');
      return 'accepted';
    }
    return this.spent.get(digest) ?? 'unknown';
  }

  private expireOld(): void {
    const now = this.now();
    for (const [digest, expiresAt] of this.live) {
      if (now < expiresAt) continue;
      this.live.delete(digest);
      this.remember(digest, 'expired');
    }
  }

  private remember(digest: string, fate: 'used' | 'expired'): void {
    this.spent.set(digest, fate);
    // Maps iterate in insertion order: the first key is the oldest.
    while (this.spent.size > REMEMBERED_SPENT_KEYS) this.spent.delete(this.spent.keys().next().value as string);
  }
}
