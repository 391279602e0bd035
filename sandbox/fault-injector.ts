/**
 * Misbehaviour to inject into `/api/v1` responses (never `/sandbox/v1`), to test how clients cope
 * with a slow, failing or strange org.
 */
export interface FaultSettings {
  /** Added delay before answering, in ms. */
  latencyMs: number;
  /** Share (0..1) of matching requests answered with `failureStatus` and an Okta error body. */
  failureRate: number;
  failureStatus: number;
  /** Share (0..1) of matching requests whose connection is destroyed without an answer. */
  dropConnectionRate: number;
  /** When set, matching requests get a 301 to this origin (same path and query). */
  redirectTo: string | null;
  /** Share (0..1) of matching responses whose body is cut into invalid JSON. */
  malformedRate: number;
  /** Regular expression a request path must match (default: every `/api/v1` path). */
  paths: string | null;
  /** Apply to the next N matching requests only, then clear. null = until cleared. */
  count: number | null;
}

export interface FaultPlan {
  latencyMs: number;
  failStatus: number | null;
  drop: boolean;
  redirectTo: string | null;
  malformed: boolean;
}

export class FaultInjector {
  private settings: FaultSettings | null = null;
  private pattern: RegExp | null = null;

  get current(): FaultSettings | null {
    return this.settings;
  }

  set(settings: FaultSettings): void {
    this.settings = settings;
    this.pattern = settings.paths ? new RegExp(settings.paths) : null;
  }

  clear(): void {
    this.settings = null;
    this.pattern = null;
  }

  /** What to do to this request, or null. Counts down `count` and clears itself at zero. */
  plan(path: string): FaultPlan | null {
    const settings = this.settings;
    if (!settings) return null;
    if (this.pattern && !this.pattern.test(path)) return null;
    if (settings.count !== null) {
      if (settings.count <= 0) {
        this.clear();
        return null;
      }
      settings.count--;
      if (settings.count === 0) this.clear();
    }
    const roll = (rate: number): boolean => rate > 0 && Math.random() < rate;
    return {
      latencyMs: settings.latencyMs,
      drop: roll(settings.dropConnectionRate),
      redirectTo: settings.redirectTo,
      failStatus: roll(settings.failureRate) ? settings.failureStatus : null,
      malformed: roll(settings.malformedRate),
    };
  }
}
