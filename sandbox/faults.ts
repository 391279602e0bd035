import { validation } from './errors';
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

const NUMBER_FIELDS = ['latencyMs', 'failureRate', 'failureStatus', 'dropConnectionRate', 'dropAnswerRate', 'malformedRate', 'count'] as const;

export function parseFaults(body: unknown): FaultSettings {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validation('faults', ['The body must be a JSON object']);
  const input = body as Record<string, unknown>;
  const causes: string[] = [];
  const known = new Set<string>([...NUMBER_FIELDS, 'redirectTo', 'paths', 'seed', 'methods']);
  for (const key of Object.keys(input)) if (!known.has(key)) causes.push(`${key}: unknown fault setting`);
  for (const key of NUMBER_FIELDS) {
    const value = input[key];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      causes.push(`${key}: must be a non-negative number`);
    }
  }
  for (const key of ['failureRate', 'dropConnectionRate', 'dropAnswerRate', 'malformedRate'] as const) {
    const value = input[key];
    if (typeof value === 'number' && value > 1) causes.push(`${key}: must be between 0 and 1`);
  }
  const status = input.failureStatus;
  if (typeof status === 'number' && (status < 400 || status > 599 || !Number.isInteger(status))) causes.push('failureStatus: must be an HTTP error status (400-599)');
  const redirectTo = input.redirectTo;
  if (redirectTo !== undefined && redirectTo !== null) {
    if (typeof redirectTo !== 'string' || !/^https?:\/\/[^/]+/.test(redirectTo)) causes.push('redirectTo: must be an http(s) origin');
  }
  const paths = input.paths;
  if (paths !== undefined && paths !== null) {
    if (typeof paths !== 'string') causes.push('paths: must be a regular expression string');
    else {
      try {
        new RegExp(paths);
      } catch {
        causes.push('paths: not a valid regular expression');
      }
    }
  }
  const methods = input.methods;
  const httpMethods = ['GET', 'POST', 'PUT', 'DELETE'];
  if (methods !== undefined && methods !== null && (!Array.isArray(methods) || methods.length === 0 || methods.some((m) => typeof m !== 'string' || !httpMethods.includes(m.toUpperCase())))) {
    causes.push(`methods: must be a non-empty list of ${httpMethods.join(', ')}`);
  }
  const seed = input.seed;
  if (seed !== undefined && seed !== null && ((typeof seed !== 'string' && typeof seed !== 'number') || String(seed).length === 0 || String(seed).length > 100)) {
    causes.push('seed: must be a string or number (1-100 characters)');
  }
  if (causes.length) throw validation('faults', causes);
  const num = (key: (typeof NUMBER_FIELDS)[number], fallback: number): number => (typeof input[key] === 'number' ? (input[key] as number) : fallback);
  return {
    latencyMs: Math.min(num('latencyMs', 0), 120_000),
    failureRate: num('failureRate', 0),
    failureStatus: num('failureStatus', 503),
    dropConnectionRate: num('dropConnectionRate', 0),
    dropAnswerRate: num('dropAnswerRate', 0),
    redirectTo: typeof redirectTo === 'string' ? redirectTo.replace(/\/+$/, '') : null,
    malformedRate: num('malformedRate', 0),
    paths: typeof paths === 'string' ? paths : null,
    methods: Array.isArray(methods) ? methods.map((m) => String(m).toUpperCase()) : null,
    count: typeof input.count === 'number' ? Math.floor(input.count) : null,
    seed: typeof seed === 'string' || typeof seed === 'number' ? String(seed) : null,
  };
}

export class FaultInjector {
  private settings: FaultSettings | null = null;
  private pattern: RegExp | null = null;
  private random: () => number = Math.random;

  get current(): FaultSettings | null {
    return this.settings;
  }

  set(settings: FaultSettings): void {
    this.settings = settings;
    this.pattern = settings.paths ? new RegExp(settings.paths) : null;
    const seeded = settings.seed === null ? null : new SeededRandom(settings.seed);
    this.random = seeded ? () => seeded.next() : Math.random;
  }

  clear(): void {
    this.settings = null;
    this.pattern = null;
    this.random = Math.random;
  }

  /** What to do to this request, or null. Counts down `count` and clears itself at zero. */
  plan(path: string, method = 'GET'): FaultPlan | null {
    const settings = this.settings;
    if (!settings) return null;
    if (this.pattern && !this.pattern.test(path)) return null;
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
