import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toFactorSummary } from '../../../main/core/factors/factor-summary';
import { OktaClient } from '../../../main/core/okta';
import { userSearchExpression } from '../../../main/core/users/user-search';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';

const ISAAC_ID = '00ub0oNGTSWTBKOLGLNR';

let sandbox: SharedSandbox;
let harness: CoreHarness;

beforeAll(async () => {
  sandbox = await shareSandbox(300);
  harness = await makeCore({ sandbox });
  await call(harness.core, 'connectSandbox', {});
});
afterAll(async () => {
  await harness.close();
  await sandbox.close();
});

describe('searchUsers against the sandbox org', () => {
  it('finds Isaac Brock by first name, full name, login and id', async () => {
    for (const query of ['isaac', 'Isaac Brock', 'brock isaac', 'isaac@example.org', ISAAC_ID, 'isaac@exam']) {
      const page = await call(harness.core, 'searchUsers', { query });
      const isaac = page.users.find((user) => user.id === ISAAC_ID);
      expect(isaac, query).toMatchObject({
        login: 'isaac@example.org',
        firstName: 'Isaac',
        lastName: 'Brock',
        displayName: 'Isaac Brock',
        status: 'ACTIVE',
        mobilePhone: '+1-555-415-1337',
      });
    }
  });

  it('lists the first page for an empty query and follows the cursor to the next one', async () => {
    const first = await call(harness.core, 'searchUsers', { query: '', limit: 25 });
    expect(first.users).toHaveLength(25);
    expect(first.nextCursor).toMatch(new RegExp(`^${sandbox.url}/api/v1/users\\?`));
    const second = await call(harness.core, 'searchUsers', { query: '', limit: 25, cursor: first.nextCursor ?? undefined });
    expect(second.users.length).toBeGreaterThan(0);
    const firstIds = new Set(first.users.map((user) => user.id));
    expect(second.users.some((user) => firstIds.has(user.id))).toBe(false);
  });

  it('answers nothing (not an error) when nobody matches, even with quotes in the query', async () => {
    expect((await call(harness.core, 'searchUsers', { query: 'zzqx-nobody' })).users).toEqual([]);
    expect((await call(harness.core, 'searchUsers', { query: 'o"brien \\ x' })).users).toEqual([]);
    expect((await call(harness.core, 'searchUsers', { query: 'nobody@nowhere.example' })).users).toEqual([]);
  });

  it('refuses a cursor that points at another site', async () => {
    const error = await callError(harness.core, 'searchUsers', { query: '', cursor: 'https://evil.example.com/api/v1/users?after=x' });
    expect(error.code).toBe('CROSS_ORIGIN_REFUSED');
  });

  it("refuses a cursor that is not the user list's own next link, saying to search again", async () => {
    for (const cursor of [
      `${sandbox.url}/api/v1/users/${ISAAC_ID}/lifecycle/reset_factors`,
      `${sandbox.url}/api/v1/users/../logs?limit=1`,
      `${sandbox.url}/api/v1/users?limit=1&activate=true`,
      `/api/v1/users?limit=1`,
      'javascript:alert(1)',
    ]) {
      const error = await callError(harness.core, 'searchUsers', { query: '', cursor });
      expect(error, cursor).toMatchObject({ code: 'INVALID_INPUT', action: 'Search again from the start.' });
    }
  });

  it('looks a login up directly only when it cannot change the path; other text is searched for', async () => {
    expect((await call(harness.core, 'searchUsers', { query: 'ISAAC@example.org' })).users.map((user) => user.id)).toEqual([ISAAC_ID]);
    // Would be GET /api/v1/users/..%2F..%2Flogs%40x.org if looked up: searched for instead, and nobody matches.
    expect((await call(harness.core, 'searchUsers', { query: '../../logs@x.org' })).users).toEqual([]);
  });
});

describe('caller-ID search: the number on the agent\'s phone display', () => {
  it("finds Isaac Brock by his mobile in any format, first, saying it matched his mobile", async () => {
    for (const query of ['5554151337', '+1-555-415-1337', '(555) 415-1337', '555 415 1337', '+1 555 415 1337', '555.415.1337']) {
      const page = await call(harness.core, 'searchUsers', { query });
      expect(page.users[0]?.id, query).toBe(ISAAC_ID);
      expect(page.phoneMatches, query).toEqual([{ userId: ISAAC_ID, fields: ['mobilePhone'], numbers: ['+1-555-415-1337'] }]);
      expect(page.phoneSearch).toMatchObject({ e164: '+15554151337' });
      expect(new Set(page.users.map((user) => user.id)).size).toBe(page.users.length);
    }
  });

  it('finds a work phone stored as "(555) 415-2601" when typed another way', async () => {
    const page = await call(harness.core, 'searchUsers', { query: '555-415-2601' });
    expect(page.users[0]).toMatchObject({ login: 'dade.murphy@example.org' });
    expect(page.phoneMatches).toEqual([{ userId: page.users[0]?.id, fields: ['primaryPhone'], numbers: ['(555) 415-2601'] }]);
  });

  it('the start of a number finds everyone whose number starts so (by prefix)', async () => {
    const page = await call(harness.core, 'searchUsers', { query: '555 415' });
    expect(page.phoneSearch?.e164).toBeNull();
    const logins = page.users.slice(0, page.phoneMatches?.length).map((user) => user.login);
    expect(logins).toEqual(expect.arrayContaining(['isaac@example.org', 'dade.murphy@example.org']));
    expect(page.phoneMatches?.find((match) => match.userId === ISAAC_ID)?.fields).toEqual(['mobilePhone']);
  });

  it('reads a number without a country code in the org\'s country when it sets one', async () => {
    const org = (await call(harness.core, 'listOrgs', {})).orgs.find((candidate) => candidate.kind === 'sandbox')!;
    const save = (phoneRegion: string | null) =>
      call(harness.core, 'saveOrg', { id: org.id, name: org.name, url: org.url, tokenStorage: 'session', requireCallerVerification: org.requireCallerVerification, phoneRegion });
    expect((await save('gb')).phoneRegion).toBe('GB');
    try {
      const british = await call(harness.core, 'searchUsers', { query: '5554151337' });
      expect(british.phoneSearch).toMatchObject({ region: 'GB', regionSource: 'org' });
      expect(british.phoneMatches ?? []).toEqual([]);
      // With its country code the number is the same anywhere.
      expect((await call(harness.core, 'searchUsers', { query: '+1 555 415 1337' })).phoneMatches?.[0]?.userId).toBe(ISAAC_ID);
      expect((await callError(harness.core, 'saveOrg', { id: org.id, name: org.name, url: org.url, tokenStorage: 'session', phoneRegion: 'XX' })).code).toBe('VALIDATION');
      expect((await callError(harness.core, 'saveOrg', { id: org.id, name: org.name, url: org.url, tokenStorage: 'session', phoneRegion: 'GBR' })).code).toBe('INVALID_INPUT');
    } finally {
      expect((await save(null)).phoneRegion).toBeNull();
    }
    const local = await call(harness.core, 'searchUsers', { query: '5554151337' });
    expect(local.phoneSearch?.regionSource).not.toBe('org');
  });

  it('names and logins are not searched as phone numbers', async () => {
    for (const query of ['isaac', 'Isaac Brock', 'isaac@example.org']) {
      const page = await call(harness.core, 'searchUsers', { query });
      expect(page.phoneMatches, query).toBeUndefined();
      expect(page.phoneSearch, query).toBeUndefined();
    }
  });
});

describe('caller-ID search when Okta refuses or fails the phone number search', () => {
  let hasty: CoreHarness;
  const faults = (body?: object) =>
    fetch(`${sandbox.url}/sandbox/v1/faults`, {
      method: body ? 'POST' : 'DELETE',
      headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then((response) => expect(response.ok).toBe(true));
  // Only the phone searches (their query names the phone fields) fail; the name search beside them answers.
  const failPhoneSearch = (failureStatus: number) => faults({ failureRate: 1, failureStatus, paths: '^/api/v1/users$', queries: 'profile\\.(mobile|primary)Phone' });

  beforeAll(async () => {
    // One attempt and no waiting for a rate limit: each Okta error is seen as it comes.
    hasty = await makeCore({ sandbox, createClient: (org) => new OktaClient({ ...org, retry: { maxAttempts: 1, maxRateLimitWaitMs: 0 } }) });
    await call(hasty.core, 'connectSandbox', {});
  });
  afterEach(() => faults());
  afterAll(() => hasty.close());

  it('400: Okta refused the search itself; names and emails still found, and the results say phones were not searched', async () => {
    await failPhoneSearch(400);
    const page = await call(hasty.core, 'searchUsers', { query: '5554151337' });
    expect(page.phoneMatches).toBeUndefined();
    expect(page.phoneSearch).toMatchObject({ e164: '+15554151337', problem: expect.stringMatching(/^Okta refused the phone number search \(.+\), so only names and emails were searched\.$/) });
  });

  it('429: rate limited, with when to search again', async () => {
    await failPhoneSearch(429);
    const page = await call(hasty.core, 'searchUsers', { query: '+1 555 415 1337' });
    expect(page.phoneSearch?.problem).toMatch(/^Okta is rate-limiting user searches, so phone numbers were not searched; search again (after \d|in a minute)/);
  });

  it('403, 500 and 503: the search failed, said so beside the name results', async () => {
    for (const status of [403, 500, 503]) {
      await failPhoneSearch(status);
      const page = await call(hasty.core, 'searchUsers', { query: '555-415-1337' });
      expect(page.phoneMatches, String(status)).toBeUndefined();
      expect(page.phoneSearch?.problem, String(status)).toMatch(/^The phone number search failed \(.+\), so only names and emails were searched; search again to retry\.$/);
    }
  });

  it('the whole search failing is an error, not an empty list', async () => {
    await faults({ failureRate: 1, failureStatus: 500, paths: '^/api/v1/users$' });
    expect((await callError(hasty.core, 'searchUsers', { query: '5554151337' })).httpStatus).toBe(500);
  });
});

describe('getUser and listFactors', () => {
  it('maps Isaac Brock and his push and SMS factors for the factor table', async () => {
    expect(await call(harness.core, 'getUser', { userId: ISAAC_ID })).toMatchObject({ id: ISAAC_ID, email: 'isaac@example.org' });
    const { user, factors, fetchedAt } = await call(harness.core, 'listFactors', { userId: ISAAC_ID });
    expect(user.displayName).toBe('Isaac Brock');
    expect(Number.isNaN(Date.parse(fetchedAt))).toBe(false);
    const push = factors.find((factor) => factor.factorType === 'push');
    expect(push).toMatchObject({
      provider: 'OKTA',
      status: 'ACTIVE',
      label: 'Okta Verify (push)',
      deviceName: 'Isaac iPhone',
      platform: 'IOS',
      platformVersion: '17.4',
      detail: null,
    });
    const sms = factors.find((factor) => factor.factorType === 'sms');
    expect(sms).toMatchObject({ label: 'SMS', detail: expect.stringMatching(/555/), deviceName: null, platform: null });
    for (const factor of factors) {
      expect(Number.isNaN(Date.parse(factor.created)), factor.id).toBe(false);
      expect(Number.isNaN(Date.parse(factor.lastUpdated)), factor.id).toBe(false);
    }
  });

  it('says NOT_FOUND for an unknown user', async () => {
    const error = await callError(harness.core, 'listFactors', { userId: '00u00000000000000000' });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.oktaErrorCode).toBe('E0000007');
  });
});

describe('mapping details', () => {
  it('builds a quote-escaped Okta search expression', () => {
    expect(userSearchExpression('isaac')).toBe(
      'profile.login sw "isaac" or profile.email sw "isaac" or profile.firstName sw "isaac" or profile.lastName sw "isaac"',
    );
    expect(userSearchExpression('a"b\\c')).toContain('profile.login sw "a\\"b\\\\c"');
    expect(userSearchExpression('Isaac  Brock')).toContain('(profile.firstName sw "Isaac" and profile.lastName sw "Brock")');
  });

  it('labels factor types and providers for people, tolerating what it does not know', () => {
    const base = { id: 'f1', status: 'ACTIVE' as const, created: '2024-01-01T00:00:00.000Z', lastUpdated: '2024-01-02T00:00:00.000Z' };
    expect(toFactorSummary({ ...base, factorType: 'token:software:totp', provider: 'GOOGLE', profile: { credentialId: 'a@b.c' } })).toMatchObject({ label: 'Google Authenticator', detail: null });
    expect(toFactorSummary({ ...base, factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' } }).detail).toBe('What is the food you least liked as a child?');
    expect(toFactorSummary({ ...base, factorType: 'webauthn', provider: 'FIDO', profile: { authenticatorName: 'MacBook Touch ID' } })).toMatchObject({ label: 'Security key or biometric', deviceName: 'MacBook Touch ID' });
    expect(toFactorSummary({ ...base, factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+14155550100', phoneExtension: '12' } }).detail).toBe('+14155550100 ext. 12');
    expect(toFactorSummary({ ...base, factorType: 'token:hardware', provider: 'YUBICO', profile: { credentialId: '000009508427' } })).toMatchObject({ label: 'YubiKey', detail: '000009508427' });
    expect(toFactorSummary({ ...base, factorType: 'something:new', provider: 'ACME', profile: null }).label).toBe('something:new (ACME)');
  });
});
