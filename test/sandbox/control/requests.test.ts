import { describe, expect, it } from 'vitest';
import { parseClockAdvance, parseFaults, parsePushAnswer, parseRateLimitChanges, parseScannedDevice } from '../../../sandbox/control/requests';
import { OktaError } from '../../../sandbox/errors';

function causesOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof OktaError) return error.causes;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('control API requests', () => {
  it('reads fault settings with their defaults, and names every bad one', () => {
    expect(parseFaults({ failureRate: 0.5, redirectTo: 'http://127.0.0.2:1/', count: 2.7 })).toEqual({
      latencyMs: 0,
      failureRate: 0.5,
      failureStatus: 503,
      dropConnectionRate: 0,
      redirectTo: 'http://127.0.0.2:1',
      malformedRate: 0,
      paths: null,
      count: 2,
    });
    expect(causesOf(() => parseFaults({ failureRate: 2, failureStatus: 200, paths: '(', wat: 1 }))).toHaveLength(4);
  });

  it('reads rate-limit changes and the clock advance', () => {
    expect(parseRateLimitChanges({ logs: 5, enabled: false })).toEqual({ logs: 5, enabled: false });
    expect(causesOf(() => parseRateLimitChanges({ logs: -1, enabled: 'no', wat: 1 }))).toEqual([
      'logs: must be a non-negative integer',
      'enabled: must be true or false',
      'wat: unknown rate-limit setting',
    ]);
    expect(parseClockAdvance({ seconds: 30 })).toBe(30);
    expect(causesOf(() => parseClockAdvance({ seconds: -1 }))).toHaveLength(1);
  });

  it('reads what the phone reports when it scans, upper-casing the platform', () => {
    expect(parseScannedDevice({})).toEqual({ name: undefined, platform: 'IOS', version: '17.4' });
    expect(parseScannedDevice({ name: 'Pixel', platform: 'android', version: '14' })).toEqual({ name: 'Pixel', platform: 'ANDROID', version: '14' });
    expect(causesOf(() => parseScannedDevice({ name: 5, platform: 'WINDOWS' }))).toEqual(['name: must be a string', 'platform: must be IOS or ANDROID']);
  });

  it('reads the number the user picked for number matching', () => {
    expect(parsePushAnswer({ answer: '72' })).toBe(72);
    expect(parsePushAnswer({ answer: 72 })).toBe(72);
    expect(parsePushAnswer({ answer: null })).toBeUndefined();
    expect(parsePushAnswer(undefined)).toBeUndefined();
    expect(parsePushAnswer({ answer: 'seventy' })).toBeNaN();
  });
});
