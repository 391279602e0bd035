import { validation } from '../errors';
import type { FaultSettings } from '../fault-injector';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from '../rate-limiter';
import { asObject } from '../request-body';
import type { ScannedDevice } from '../factors/service';

/** The control API's requests, read from their JSON bodies into typed values (400 E0000001 with causes when malformed). */

const NUMBER_FIELDS = ['latencyMs', 'failureRate', 'failureStatus', 'dropConnectionRate', 'malformedRate', 'count'] as const;

/** `POST /sandbox/v1/faults`: the faults to inject, every setting checked (one cause per bad one). */
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

/** `POST /sandbox/v1/rate-limits`: the limits to change (per-bucket and `concurrent`: non-negative integers; `enabled`). */
export function parseRateLimitChanges(rawBody: unknown): Partial<RateLimitSettings> {
  const body = asObject(rawBody);
  const changes: Partial<RateLimitSettings> = {};
  const causes: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!(key in DEFAULT_RATE_LIMITS)) causes.push(`${key}: unknown rate-limit setting`);
    else if (key === 'enabled') {
      if (typeof value !== 'boolean') causes.push('enabled: must be true or false');
      else changes.enabled = value;
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) causes.push(`${key}: must be a non-negative integer`);
    else changes[key as Exclude<keyof RateLimitSettings, 'enabled'>] = value;
  }
  if (causes.length) throw validation('rate-limits', causes);
  return changes;
}

/** `POST /sandbox/v1/clock/advance`: seconds to move forward, at most a year (the clock never goes back). */
export function parseClockAdvance(rawBody: unknown): number {
  const seconds = asObject(rawBody).seconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 366 * 86_400) {
    throw validation('seconds', ['seconds: must be a number of seconds between 0 and one year (the clock only moves forward)']);
  }
  return seconds;
}

/** `POST /sandbox/v1/users/{userId}/factors/{factorId}/scan`: what the phone reports about itself. */
export function parseScannedDevice(rawBody: unknown): ScannedDevice {
  const body = asObject(rawBody);
  const causes: string[] = [];
  for (const key of ['name', 'platform', 'version']) {
    if (body[key] !== undefined && typeof body[key] !== 'string') causes.push(`${key}: must be a string`);
  }
  const platform = body.platform === undefined ? 'IOS' : String(body.platform).toUpperCase();
  if (platform !== 'IOS' && platform !== 'ANDROID') causes.push('platform: must be IOS or ANDROID');
  if (causes.length) throw validation('scan', causes);
  return {
    name: typeof body.name === 'string' ? body.name : undefined,
    platform: platform as ScannedDevice['platform'],
    version: typeof body.version === 'string' ? body.version : '17.4',
  };
}

/** `POST /sandbox/v1/pushes/{transactionId}/approve`: the number the user picked, for number matching. */
export function parsePushAnswer(rawBody: unknown): number | undefined {
  const answer = asObject(rawBody).answer;
  return answer === undefined || answer === null ? undefined : Number(answer);
}
