import { describe, expect, it } from 'vitest';
import { parseClockAdvance, parseFaults, parsePushAnswer, parseRateLimitChanges, parseScannedDevice, parseTokenRequest } from '../../../sandbox/control/requests';
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
      dropAnswerRate: 0,
      redirectTo: 'http://127.0.0.2:1',
      malformedRate: 0,
      paths: null,
      queries: null,
      methods: null,
      count: 2,
      seed: null,
    });
    expect(parseFaults({ dropAnswerRate: 1, methods: ['delete'], seed: 7, queries: 'mobilePhone' })).toMatchObject({ dropAnswerRate: 1, methods: ['DELETE'], seed: '7', queries: 'mobilePhone' });
    expect(causesOf(() => parseFaults({ failureRate: 2, failureStatus: 200, paths: '(', wat: 1 }))).toHaveLength(4);
    expect(causesOf(() => parseFaults({ queries: '[', paths: 3 }))).toEqual(['paths: must be a regular expression string', 'queries: not a valid regular expression']);
    expect(causesOf(() => parseFaults({ dropAnswerRate: 2, methods: ['BREW'], seed: '' }))).toEqual([
      'dropAnswerRate: must be between 0 and 1',
      'methods: must be a non-empty list of GET, POST, PUT, DELETE',
      'seed: must be a string or number (1-100 characters)',
    ]);
  });

  it('reads rate-limit changes and the clock advance', () => {
    expect(parseRateLimitChanges({ logs: 5, enabled: false })).toEqual({ logs: 5, enabled: false });
    expect(causesOf(() => parseRateLimitChanges({ logs: -1, enabled: 'no', wat: 1 }))).toEqual([
      'logs: must be a non-negative integer',
      'enabled: must be true or false',
      'wat: unknown rate-limit setting',
    ]);
    expect(parseRateLimitChanges({ licences: 20_000, principalDefaults: { percentage: 25 }, principals: { '00Tabc': { concurrencyPercentage: 100 }, '0oaapp': {} } })).toEqual({
      licences: 20_000,
      principalDefaults: { percentage: 25 },
      principals: { '00Tabc': { concurrencyPercentage: 100 }, '0oaapp': {} },
    });
    expect(causesOf(() => parseRateLimitChanges({ principalDefaults: { percentage: 4, share: 1 }, principals: { 'a b': {}, ok: { percentage: 50.5 } }, licences: 'many' }))).toEqual([
      'principalDefaults.percentage: must be a whole percent from 5 to 100 (Okta does not save less than 5 %)',
      'principalDefaults.share: unknown share setting',
      'principals: "a b" is not a token or client id',
      'principals.ok.percentage: must be a whole percent from 5 to 100 (Okta does not save less than 5 %)',
      'licences: must be a non-negative integer',
    ]);
    expect(parseClockAdvance({ seconds: 30 })).toBe(30);
    expect(causesOf(() => parseClockAdvance({ seconds: -1 }))).toHaveLength(1);
  });

  it('reads what the phone reports when it scans, upper-casing the platform', () => {
    expect(parseScannedDevice({})).toEqual({ name: undefined, platform: 'IOS', version: '17.4' });
    expect(parseScannedDevice({ name: 'Pixel', platform: 'android', version: '14' })).toEqual({ name: 'Pixel', platform: 'ANDROID', version: '14' });
    expect(causesOf(() => parseScannedDevice({ name: 5, platform: 'WINDOWS' }))).toEqual(['name: must be a string', 'platform: must be IOS or ANDROID']);
  });

  it('reads where the phone was when it scanned, as the System Log will show it', () => {
    expect(parseScannedDevice({ name: 'Pixel 8', platform: 'ANDROID', location: { country: 'Romania', city: 'Bucharest', ipAddress: '203.0.113.7', isProxy: true, asOrg: 'Anon VPN', asNumber: 64500 } })).toEqual({
      name: 'Pixel 8',
      platform: 'ANDROID',
      version: '17.4',
      place: {
        ipAddress: '203.0.113.7',
        geographicalContext: { city: 'Bucharest', state: null, country: 'Romania', postalCode: null, geolocation: null },
        securityContext: { asNumber: 64500, asOrg: 'Anon VPN', isp: null, domain: null, isProxy: true },
      },
    });
    expect(causesOf(() => parseScannedDevice({ location: { city: 'Nowhere', ipAddress: 'here', isProxy: 'yes', asNumber: -1 } }))).toEqual([
      'location.country: The field cannot be left blank',
      'location.ipAddress: must be an IP address',
      'location.isProxy: must be true or false',
      'location.asNumber: must be a whole number',
    ]);
    expect(causesOf(() => parseScannedDevice({ location: 'Romania' }))).toEqual(['location: must be an object with at least a country']);
  });

  it('reads the number the user picked for number matching', () => {
    expect(parsePushAnswer({ answer: '72' })).toBe(72);
    expect(parsePushAnswer({ answer: 72 })).toBe(72);
    expect(parsePushAnswer({ answer: null })).toBeUndefined();
    expect(parsePushAnswer(undefined)).toBeUndefined();
    expect(parsePushAnswer({ answer: 'seventy' })).toBeNaN();
  });

  it('reads a token request: standard roles, custom roles, and the groups that limit help desk and custom roles', () => {
    const known = (id: string) => id === '00gsupport';
    expect(parseTokenRequest({ login: 'desk@example.org' }, known)).toEqual({ login: 'desk@example.org', roles: undefined, name: undefined, firstName: undefined, lastName: undefined });
    expect(parseTokenRequest({ login: 'desk@example.org', roles: ['HELP_DESK_ADMIN', 'REPORT_ADMIN'], groupIds: ['00gsupport'], name: 'Desk' }, known)).toMatchObject({
      roles: [{ type: 'HELP_DESK_ADMIN', groupIds: ['00gsupport'] }, { type: 'REPORT_ADMIN' }],
      name: 'Desk',
    });
    expect(parseTokenRequest({ login: 'v@example.org', roles: [{ type: 'CUSTOM', label: 'Viewer', permissions: ['okta.users.read'] }] }, known).roles).toEqual([
      { type: 'CUSTOM', label: 'Viewer', permissions: ['okta.users.read'], groupIds: [] },
    ]);
    expect(causesOf(() => parseTokenRequest({ login: 'v@example.org', groupIds: ['00gsupport'] }, known))).toEqual(['groupIds: give the roles they limit']);
    expect(causesOf(() => parseTokenRequest({ roles: 'SUPER_ADMIN', firstName: 3 }, known))).toEqual([
      "login: must be the admin's login (an email address)",
      'firstName: must be a string',
      'roles: must be an array of role types',
    ]);
  });
});
