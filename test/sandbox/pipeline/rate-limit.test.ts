import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { OrgClock } from '../../../sandbox/clock';
import { requires } from '../../../sandbox/permissions';
import { authentication } from '../../../sandbox/pipeline/authentication';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import { rateLimit } from '../../../sandbox/pipeline/rate-limit';
import { bucketFor, DEFAULT_RATE_LIMITS, licenceMultiplier, RateLimiter, type RateLimitChanges } from '../../../sandbox/rate-limiter';
import { ADMIN_TOKEN_ID, READ_ONLY_TOKEN_ID } from '../../../sandbox/request-context';
import { sandboxClient, type Json } from '../support/client';
import { asAdmin, asReadOnly, pipelineApp, tokenAuthenticators, unitOrg } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

describe('bucketFor', () => {
  it("puts each call in the most specific of Okta's endpoint families", () => {
    expect(bucketFor('POST', '/api/v1/authn/factors/x/verify')).toBe('authn');
    expect(bucketFor('GET', '/api/v1/logs')).toBe('logs');
    expect(bucketFor('GET', '/api/v1/users')).toBe('usersList');
    expect(bucketFor('GET', '/api/v1/users/isaac@example.org')).toBe('userGet');
    expect(bucketFor('DELETE', '/api/v1/users/isaac@example.org')).toBe('userWrite');
    expect(bucketFor('GET', '/api/v1/users/x/factors')).toBe('api');
    expect(bucketFor('GET', '/api/v1/users/x/roles')).toBe('api');
    expect(bucketFor('GET', '/api/v1/groups')).toBe('groupsList');
    expect(bucketFor('GET', '/api/v1/groups/00gabc')).toBe('groupById');
    // "/api/v1/groups except /api/v1/groups/{id}": below a group is the list bucket's.
    expect(bucketFor('GET', '/api/v1/groups/00gabc/users')).toBe('groupsList');
  });
});

describe('RateLimiter', () => {
  const limiter = (changes: RateLimitChanges = {}) => {
    const clock = new OrgClock();
    const made = new RateLimiter(clock, DEFAULT_RATE_LIMITS);
    made.update(changes);
    return { clock, limiter: made };
  };

  it('has the Workforce defaults: each principal 50 % of a bucket and of the concurrency limit', () => {
    expect(DEFAULT_RATE_LIMITS).toMatchObject({
      authn: 500, usersList: 600, userGet: 2000, userWrite: 600, groupsList: 500, groupById: 1000, logs: 120, api: 1200, concurrent: 75,
      principalDefaults: { percentage: 50, concurrencyPercentage: 50 },
    });
  });

  it("reports the principal's ceiling while it binds first, and refuses at the ceiling while the org's bucket has room", () => {
    const { limiter: rl } = limiter({ logs: 10 });
    const first = rl.take('logs', 'tokenA');
    expect(first).toMatchObject({ allowed: true, limit: 5, remaining: 4, owner: 'principal' });
    for (let i = 0; i < 4; i++) rl.take('logs', 'tokenA');
    const refused = rl.take('logs', 'tokenA');
    expect(refused).toMatchObject({ allowed: false, limit: 5, remaining: 0, owner: 'principal' });
    // Another principal still has its own share; with as much left of it as of the org's bucket, the org's is reported.
    expect(rl.take('logs', 'tokenB')).toMatchObject({ allowed: true, limit: 10, remaining: 4, owner: 'org' });
    expect(rl.take('logs', null)).toMatchObject({ allowed: true, limit: 10, remaining: 3, owner: 'org' });
  });

  it("reports the org's bucket once it has less left than the principal's share (shares above 50 % add up to more than 100 %)", () => {
    const { limiter: rl } = limiter({ logs: 10, principalDefaults: { percentage: 80 } });
    for (let i = 0; i < 5; i++) rl.take('logs', 'tokenA');
    // A: ceiling 8, 5 used; the org: 10, 5 used. B's first call leaves 4 in the org and 7 of B's 8.
    expect(rl.take('logs', 'tokenB')).toMatchObject({ allowed: true, limit: 10, remaining: 4, owner: 'org' });
    for (let i = 0; i < 4; i++) rl.take('logs', 'tokenB');
    expect(rl.take('logs', 'tokenA')).toMatchObject({ allowed: false, limit: 10, remaining: 0, owner: 'org' });
  });

  it('gives a principal its own share, never less than one call, and refills every principal with the bucket', () => {
    const { clock, limiter: rl } = limiter({ logs: 1, principals: { tokenA: { percentage: 100 } } });
    expect(RateLimiter.ceiling(1, 50)).toBe(1);
    expect(RateLimiter.ceiling(0, 50)).toBe(0);
    expect(RateLimiter.ceiling(1200, 5)).toBe(60);
    expect(rl.take('logs', 'tokenA')).toMatchObject({ allowed: true, limit: 1, remaining: 0 });
    expect(rl.take('logs', 'tokenA').allowed).toBe(false);
    clock.advance(60);
    expect(rl.take('logs', 'tokenA').allowed).toBe(true);
    rl.update({ principals: { tokenA: {} } });
    expect(rl.shareOf('tokenA')).toEqual({ percentage: 50, concurrencyPercentage: 50 });
  });

  it('counts in windows of `windowSeconds` (60 by default; tests shorten them) and says when one resets', () => {
    const { clock, limiter: rl } = limiter({ logs: 4, windowSeconds: 5 });
    const first = rl.take('logs', 'tokenA');
    expect(first).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
    expect(first.reset * 1000 - clock.now()).toBeGreaterThan(4_000);
    expect(first.reset * 1000 - clock.now()).toBeLessThanOrEqual(6_000);
    rl.take('logs', 'tokenA');
    expect(rl.take('logs', 'tokenA').allowed).toBe(false);
    clock.advance(5);
    expect(rl.take('logs', 'tokenA')).toMatchObject({ allowed: true, remaining: 1 });
    expect(DEFAULT_RATE_LIMITS.windowSeconds).toBe(60);
  });

  it('applies the licence multiplier to authentication and single reads only, and to concurrency', () => {
    expect([9_999, 10_000, 100_000, 100_001].map(licenceMultiplier)).toEqual([1, 5, 5, 10]);
    const { limiter: rl } = limiter({ licences: 50_000 });
    expect(['authn', 'userGet', 'groupById', 'usersList', 'userWrite', 'groupsList', 'logs', 'api'].map((b) => rl.orgLimit(b as 'api'))).toEqual([
      2500, 10_000, 5000, 600, 600, 500, 120, 1200,
    ]);
    expect(rl.concurrentLimit()).toBe(375);
    rl.update({ licences: 250_000 });
    expect(rl.orgLimit('userGet')).toBe(20_000);
    expect(rl.take('userGet', 'tokenA')).toMatchObject({ limit: 10_000, remaining: 9_999 });
  });

  it('counts but never refuses while limits are off', () => {
    const { limiter: rl } = limiter({ logs: 1, enabled: false });
    for (let i = 0; i < 3; i++) expect(rl.take('logs', 'tokenA').allowed).toBe(true);
  });
});

describe('the rate-limit step', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  async function limitedApp(limits: RateLimitChanges) {
    const org = unitOrg();
    const limiter = new RateLimiter(org.clock, DEFAULT_RATE_LIMITS);
    limiter.update(limits);
    app = await pipelineApp((instance) => {
      instance.register(oktaErrors, { bodyLimitBytes: 1024 });
      instance.register(authentication, { authenticators: tokenAuthenticators(org) });
      instance.register(rateLimit, { org, rateLimiter: limiter });
      instance.register(async (routes) => {
        routes.get('/api/v1/logs', requires('okta.logs.read'), async () => []);
        routes.get('/sandbox/v1/clock', requires('sandbox.control.read'), async () => ({}));
      });
    });
    return { org, app };
  }

  it('counts every Okta API call in its bucket and sends the three headers', async () => {
    const { app } = await limitedApp({ logs: 10 });
    const first = await app.inject({ url: '/api/v1/logs', headers: asAdmin });
    const second = await app.inject({ url: '/api/v1/logs?limit=1', headers: asAdmin });
    expect([first.headers['x-rate-limit-limit'], first.headers['x-rate-limit-remaining']]).toEqual(['5', '4']);
    expect(second.headers['x-rate-limit-remaining']).toBe('3');
    expect(Number(second.headers['x-rate-limit-reset'])).toBe(Number(first.headers['x-rate-limit-reset']));
    // A call without a token takes from the org's bucket only.
    expect((await app.inject({ url: '/api/v1/logs' })).headers['x-rate-limit-limit']).toBe('10');
  });

  it('leaves the control API alone', async () => {
    const { app } = await limitedApp({ api: 0 });
    const response = await app.inject({ url: '/sandbox/v1/clock', headers: asAdmin });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-rate-limit-limit']).toBeUndefined();
  });

  it('refuses a call to an empty bucket with 429 E0000047 and logs it as an org DENY event naming the path', async () => {
    const { app, org } = await limitedApp({ logs: 1 });
    await app.inject({ url: '/api/v1/logs' });
    const refused = await app.inject({ url: '/api/v1/logs?since=x' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ errorCode: 'E0000047' });
    expect(refused.headers['x-rate-limit-remaining']).toBe('0');
    const events = org.log.events.filter((e) => e.eventType === 'system.org.rate_limit.violation');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: { result: 'DENY' },
      debugContext: { debugData: { requestUri: '/api/v1/logs', threshold: '1', timeSpan: '1', timeUnit: 'MINUTES' } },
      actor: { alternateId: 'sandbox.admin@example.org' },
    });
  });

  it("refuses a principal at its share with the share's headers, logs an operation rate-limit violation as that principal, and lets another token call", async () => {
    const { app, org } = await limitedApp({ logs: 4 });
    for (let i = 0; i < 2; i++) expect((await app.inject({ url: '/api/v1/logs', headers: asAdmin })).statusCode).toBe(200);
    const refused = await app.inject({ url: '/api/v1/logs', headers: asAdmin });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' });
    expect([refused.headers['x-rate-limit-limit'], refused.headers['x-rate-limit-remaining']]).toEqual(['2', '0']);
    const other = await app.inject({ url: '/api/v1/logs', headers: asReadOnly });
    expect(other.statusCode).toBe(200);
    expect(org.log.events.filter((e) => e.eventType === 'system.org.rate_limit.violation')).toHaveLength(0);
    const [violation] = org.log.events.filter((e) => e.eventType === 'system.operation.rate_limit.violation');
    expect(violation).toMatchObject({
      outcome: { result: 'DENY' },
      actor: { alternateId: 'sandbox.admin@example.org' },
      transaction: { detail: { requestApiTokenId: ADMIN_TOKEN_ID } },
      debugContext: { debugData: { operationRateLimitScopeType: 'API_TOKEN', operationRateLimitSubtype: 'logs', operationRateLimitThreshold: '2' } },
    });
    expect(READ_ONLY_TOKEN_ID).not.toBe(ADMIN_TOKEN_ID);
  });
});

describe('rate limits over HTTP', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'limits-test', rateLimits: { logs: 6 } });
  const api = sandboxClient(sandbox);

  it("sends X-Rate-Limit headers on every /api/v1 response, even a 401: the token's share, or the org's bucket for no token", async () => {
    const withToken = await api.get('/api/v1/users?limit=1');
    const withoutToken = await sandboxClient(sandbox, null).get('/api/v1/users');
    expect(Number(withToken.headers.get('x-rate-limit-limit'))).toBe(300);
    expect(Number(withoutToken.headers.get('x-rate-limit-limit'))).toBe(600);
    for (const response of [withToken, withoutToken]) {
      expect(Number(response.headers.get('x-rate-limit-remaining'))).toBeLessThan(Number(response.headers.get('x-rate-limit-limit')));
      const reset = Number(response.headers.get('x-rate-limit-reset'));
      expect(reset).toBeGreaterThan(Date.now() / 1000 - 5);
      expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);
    }
  });

  it("answers 429 E0000047 at the token's share while the org's bucket has room, and refills a minute later on the org clock", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.get('/api/v1/logs')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.get<Json>('/api/v1/logs');
    expect(limited.body.errorCode).toBe('E0000047');
    expect([limited.headers.get('x-rate-limit-limit'), limited.headers.get('x-rate-limit-remaining')]).toEqual(['3', '0']);
    expect((await api.get('/api/v1/users?limit=1')).status).toBe(200);
    await api.post('/sandbox/v1/clock/advance', { seconds: 60 });
    expect((await api.get('/api/v1/logs')).status).toBe(200);
    const violations = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "system.operation.rate_limit.violation"'));
    expect(violations.body.length).toBe(2);
  });

  it('takes shares per principal and globally from the control API, refusing shares Okta would not save', async () => {
    const settings = await api.post<Json>('/sandbox/v1/rate-limits', { principals: { [ADMIN_TOKEN_ID]: { percentage: 100 } } });
    expect(settings.body).toMatchObject({ principals: { [ADMIN_TOKEN_ID]: { percentage: 100 } }, principalDefaults: { percentage: 50 } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api.get('/api/v1/logs')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    const bad = await api.post<Json>('/sandbox/v1/rate-limits', { principalDefaults: { percentage: 0 }, principals: { x: { percentage: 101 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCauses).toHaveLength(2);
    await api.post('/sandbox/v1/rate-limits', { principals: { [ADMIN_TOKEN_ID]: {} }, principalDefaults: { percentage: 5 } });
    expect((await api.get<Json>('/sandbox/v1/rate-limits')).body).toMatchObject({ principals: {}, principalDefaults: { percentage: 5, concurrencyPercentage: 50 } });
  });

  it('reports the multiplied limits for a licence count and can be switched off', async () => {
    const multiplied = await api.post<Json>('/sandbox/v1/rate-limits', { licences: 20_000, principalDefaults: { percentage: 50 } });
    expect(multiplied.body.effective).toMatchObject({ userGet: 10_000, authn: 2500, groupById: 5000, usersList: 600, logs: 6, concurrent: 375 });
    expect((await api.get('/api/v1/users/isaac@example.org')).headers.get('x-rate-limit-limit')).toBe('5000');
    await api.post('/sandbox/v1/rate-limits', { enabled: false, logs: 1 });
    for (let i = 0; i < 3; i++) expect((await api.get('/api/v1/logs')).status).toBe(200);
    const bad = await api.post<Json>('/sandbox/v1/rate-limits', { logs: -1 });
    expect(bad.body.errorCode).toBe('E0000001');
    await api.post('/sandbox/v1/rate-limits', { enabled: true, logs: 120, licences: 1000 });
  });
});
