import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { requires } from '../../../sandbox/permissions';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import { rateLimit } from '../../../sandbox/pipeline/rate-limit';
import { bucketFor, DEFAULT_RATE_LIMITS, RateLimiter } from '../../../sandbox/rate-limiter';
import { sandboxClient, type Json } from '../support/client';
import { pipelineApp, unitOrg } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

describe('bucketFor', () => {
  it('puts each call in the most specific of Okta\'s endpoint families', () => {
    expect(bucketFor('POST', '/api/v1/authn/factors/x/verify')).toBe('authn');
    expect(bucketFor('GET', '/api/v1/logs')).toBe('logs');
    expect(bucketFor('GET', '/api/v1/users')).toBe('usersList');
    expect(bucketFor('GET', '/api/v1/users/isaac@example.org')).toBe('userGet');
    expect(bucketFor('DELETE', '/api/v1/users/isaac@example.org')).toBe('userWrite');
    expect(bucketFor('GET', '/api/v1/users/x/factors')).toBe('api');
  });
});

describe('the rate-limit step', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  async function limitedApp(limits: Partial<typeof DEFAULT_RATE_LIMITS>) {
    const org = unitOrg();
    const limiter = new RateLimiter(org.clock, { ...DEFAULT_RATE_LIMITS, ...limits });
    app = await pipelineApp((instance) => {
      instance.register(oktaErrors, { bodyLimitBytes: 1024 });
      instance.register(rateLimit, { org, rateLimiter: limiter });
      instance.register(async (routes) => {
        routes.get('/api/v1/logs', requires('okta.logs.read'), async () => []);
        routes.get('/sandbox/v1/clock', requires('sandbox.control.read'), async () => ({}));
      });
    });
    return { org, app };
  }

  it('counts every Okta API call in its bucket and sends the three headers', async () => {
    const { app } = await limitedApp({ logs: 5 });
    const first = await app.inject({ url: '/api/v1/logs' });
    const second = await app.inject({ url: '/api/v1/logs?limit=1' });
    expect([first.headers['x-rate-limit-limit'], first.headers['x-rate-limit-remaining']]).toEqual(['5', '4']);
    expect(second.headers['x-rate-limit-remaining']).toBe('3');
    expect(Number(second.headers['x-rate-limit-reset'])).toBe(Number(first.headers['x-rate-limit-reset']));
  });

  it('leaves the control API alone', async () => {
    const { app } = await limitedApp({ api: 0 });
    const response = await app.inject({ url: '/sandbox/v1/clock' });
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
    expect(events[0]).toMatchObject({ outcome: { result: 'DENY' }, debugContext: { debugData: { requestUri: '/api/v1/logs' } }, actor: { alternateId: 'sandbox.admin@example.org' } });
  });
});

describe('rate limits over HTTP', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'limits-test', rateLimits: { logs: 3 } });
  const api = sandboxClient(sandbox);

  it('sends X-Rate-Limit headers on every /api/v1 response, even a 401', async () => {
    for (const response of [await api.get('/api/v1/users?limit=1'), await sandboxClient(sandbox, null).get('/api/v1/users')]) {
      expect(Number(response.headers.get('x-rate-limit-limit'))).toBe(600);
      expect(Number(response.headers.get('x-rate-limit-remaining'))).toBeLessThan(600);
      const reset = Number(response.headers.get('x-rate-limit-reset'));
      expect(reset).toBeGreaterThan(Date.now() / 1000 - 5);
      expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);
    }
  });

  it('answers 429 E0000047 when a bucket is empty, and refills a minute later on the org clock', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.get('/api/v1/logs')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.get<Json>('/api/v1/logs');
    expect(limited.body.errorCode).toBe('E0000047');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect((await api.get('/api/v1/users?limit=1')).status).toBe(200);
    await api.post('/sandbox/v1/clock/advance', { seconds: 60 });
    expect((await api.get('/api/v1/logs')).status).toBe(200);
    const violations = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "system.org.rate_limit.violation"'));
    expect(violations.body.length).toBe(2);
  });

  it('can be switched off', async () => {
    await api.post('/sandbox/v1/rate-limits', { enabled: false, logs: 1 });
    for (let i = 0; i < 3; i++) expect((await api.get('/api/v1/logs')).status).toBe(200);
    const bad = await api.post<Json>('/sandbox/v1/rate-limits', { logs: -1 });
    expect(bad.body.errorCode).toBe('E0000001');
    await api.post('/sandbox/v1/rate-limits', { enabled: true, logs: 120 });
  });
});
