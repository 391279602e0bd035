import { validation } from './errors';

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

const NUMBER_FIELDS = ['latencyMs', 'failureRate', 'failureStatus', 'dropConnectionRate', 'malformedRate', 'count'] as const;

export function parseFaults(body: unknown): FaultSettings {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validation('faults', ['The body must be a JSON object']);
  const input = body as Record<string, unknown>;
  const causes: string[] = [];
  const known = new Set<string>([...NUMBER_FIELDS, 'redirectTo', 'paths']);
  for (const key of Object.keys(input)) if (!known.has(key)) causes.push(`${key}: unknown fault setting`);
  for (const key of NUMBER_FIELDS) {
    const value = input[key];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      causes.push(`${key}: must be a non-negative number`);
    }
  }
  for (const key of ['failureRate', 'dropConnectionRate', 'malformedRate'] as const) {
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
  if (causes.length) throw validation('faults', causes);
  const num = (key: (typeof NUMBER_FIELDS)[number], fallback: number): number => (typeof input[key] === 'number' ? (input[key] as number) : fallback);
  return {
    latencyMs: Math.min(num('latencyMs', 0), 120_000),
    failureRate: num('failureRate', 0),
    failureStatus: num('failureStatus', 503),
    dropConnectionRate: num('dropConnectionRate', 0),
    redirectTo: typeof redirectTo === 'string' ? redirectTo.replace(/\/+$/, '') : null,
    malformedRate: num('malformedRate', 0),
    paths: typeof paths === 'string' ? paths : null,
    count: typeof input.count === 'number' ? Math.floor(input.count) : null,
  };
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
