import { SeededRandom } from './random';

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
  /**
   * Share (0..1) of matching requests that are carried out, whose connection is then destroyed
   * instead of sending the answer: what a client sees when the network fails after the org acted.
   */
  dropAnswerRate: number;
  /** When set, matching requests get a 301 to this origin (same path and query). */
  redirectTo: string | null;
  /** Share (0..1) of matching responses whose body is cut into invalid JSON. */
  malformedRate: number;
  /** Regular expression a request path must match (default: every `/api/v1` path). */
  paths: string | null;
  /** Regular expression the request's decoded query string must match (default: any), e.g. "mobilePhone" to fault a phone search but not the name search beside it. */
  queries: string | null;
  /** HTTP methods a request must use (default: every method), e.g. ["DELETE"] to fault a removal but not the read before it. */
  methods: string[] | null;
  /** Apply to the next N matching requests only, then clear. null = until cleared. */
  count: number | null;
  /** Seed of the rolls, so a run of faults replays request for request; null = Math.random. */
  seed: string | null;
}

export interface FaultPlan {
  latencyMs: number;
  failStatus: number | null;
  drop: boolean;
  dropAnswer: boolean;
  redirectTo: string | null;
  malformed: boolean;
}

export class FaultInjector {
  private settings: FaultSettings | null = null;
  private pattern: RegExp | null = null;
  private queryPattern: RegExp | null = null;
  private random: () => number = Math.random;

  get current(): FaultSettings | null {
    return this.settings;
  }

  set(settings: FaultSettings): void {
    this.settings = settings;
    this.pattern = settings.paths ? new RegExp(settings.paths) : null;
    this.queryPattern = settings.queries ? new RegExp(settings.queries) : null;
    const seeded = settings.seed === null ? null : new SeededRandom(settings.seed);
    this.random = seeded ? () => seeded.next() : Math.random;
  }

  clear(): void {
    this.settings = null;
    this.pattern = null;
    this.queryPattern = null;
    this.random = Math.random;
  }

  /** What to do to this request, or null. Counts down `count` and clears itself at zero. */
  plan(path: string, method = 'GET', query = ''): FaultPlan | null {
    const settings = this.settings;
    if (!settings) return null;
    if (this.pattern && !this.pattern.test(path)) return null;
    if (this.queryPattern && !this.queryPattern.test(query)) return null;
    if (settings.methods && !settings.methods.includes(method.toUpperCase())) return null;
    if (settings.count !== null) {
      if (settings.count <= 0) {
        this.clear();
        return null;
      }
      settings.count--;
      if (settings.count === 0) this.clear();
    }
    // Every roll is drawn whatever the rates, so a seeded run replays the same faults for the same requests.
    const random = this.random;
    const roll = (rate: number): boolean => random() < rate && rate > 0;
    return {
      latencyMs: settings.latencyMs,
      drop: roll(settings.dropConnectionRate),
      redirectTo: settings.redirectTo,
      failStatus: roll(settings.failureRate) ? settings.failureStatus : null,
      malformed: roll(settings.malformedRate),
      dropAnswer: roll(settings.dropAnswerRate),
    };
  }
}
