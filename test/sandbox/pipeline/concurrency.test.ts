import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { requires } from '../../../sandbox/permissions';
import { concurrencyLimit } from '../../../sandbox/pipeline/concurrency';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import type { OrgClock } from '../../../sandbox/clock';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitChanges } from '../../../sandbox/rate-limiter';
import { sandboxClient, type Json } from '../support/client';
import { authentication } from '../../../sandbox/pipeline/authentication';
import { asAdmin, asReadOnly, pipelineApp, tokenAuthenticators, unitOrg } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

function limiterWith(clock: OrgClock, limits: RateLimitChanges): RateLimiter {
  const limiter = new RateLimiter(clock, DEFAULT_RATE_LIMITS);
  limiter.update(limits);
  return limiter;
}

describe('the concurrency step', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  /** An app whose `/api/v1/slow` and `/sandbox/v1/slow` stay in flight until `release()`. */
  async function gatedApp(limits: RateLimitChanges) {
    const org = unitOrg();
    let inside = 0;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = async () => {
      inside++;
      await gate;
      return {};
    };
    app = await pipelineApp((instance) => {
      instance.register(oktaErrors, { bodyLimitBytes: 1024 });
      instance.register(authentication, { authenticators: tokenAuthenticators(org) });
      instance.register(concurrencyLimit, { org, rateLimiter: limiterWith(org.clock, limits) });
      instance.register(async (routes) => {
        routes.get('/api/v1/slow', requires('public'), slow);
        routes.get('/sandbox/v1/slow', requires('public'), slow);
        routes.get('/api/v1/fast', requires('public'), async () => ({}));
      });
    });
    /** Starts a slow call and resolves once it is in its handler, with its eventual answer. */
    const inFlight = async (url: string, headers: Record<string, string> = {}) => {
      const before = inside;
      const answer = app!.inject({ url, headers });
      while (inside === before) await tick();
      return { answer };
    };
    return { org, app, inFlight, release };
  }

  it('refuses a call made while `concurrent` others are in flight, with the headers at 0 / 0 / a second from now', async () => {
    const { org, app, inFlight, release } = await gatedApp({ concurrent: 1 });
    const slow = await inFlight('/api/v1/slow');
    const refused = await app.inject({ url: '/api/v1/fast' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ errorCode: 'E0000047' });
    expect(refused.headers['x-rate-limit-limit']).toBe('0');
    expect(refused.headers['x-rate-limit-remaining']).toBe('0');
    expect(Number(refused.headers['x-rate-limit-reset'])).toBe(Math.ceil(org.clock.now() / 1000) + 1);
    expect(org.log.events.filter((e) => e.eventType === 'core.concurrency.org.limit.violation')).toHaveLength(1);
    release();
    expect((await slow.answer).statusCode).toBe(200);
    await tick();
    expect((await app.inject({ url: '/api/v1/fast' })).statusCode).toBe(200);
  });

  it("refuses a principal holding its concurrency share while the org has room, logged as that principal's violation", async () => {
    const { org, app, inFlight, release } = await gatedApp({ concurrent: 4 });
    const first = await inFlight('/api/v1/slow', asAdmin);
    const second = await inFlight('/api/v1/slow', asAdmin);
    const refused = await app.inject({ url: '/api/v1/fast', headers: asAdmin });
    expect(refused.statusCode).toBe(429);
    expect([refused.headers['x-rate-limit-limit'], refused.headers['x-rate-limit-remaining']]).toEqual(['0', '0']);
    expect((await app.inject({ url: '/api/v1/fast', headers: asReadOnly })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/fast' })).statusCode).toBe(200);
    expect(org.log.events.filter((e) => e.eventType === 'core.concurrency.org.limit.violation')).toHaveLength(0);
    const [violation] = org.log.events.filter((e) => e.eventType === 'system.operation.rate_limit.violation');
    expect(violation).toMatchObject({ actor: { alternateId: 'sandbox.admin@example.org' }, debugContext: { debugData: { operationRateLimitType: 'concurrency', operationRateLimitThreshold: '2' } } });
    release();
    await Promise.all([first.answer, second.answer]);
  });

  it('does not count the control API, nor anything while limits are off', async () => {
    const counted = await gatedApp({ concurrent: 1 });
    const control = await counted.inFlight('/sandbox/v1/slow');
    expect((await counted.app.inject({ url: '/api/v1/fast' })).statusCode).toBe(200);
    counted.release();
    await control.answer;
    await counted.app.close();

    const off = await gatedApp({ concurrent: 1, enabled: false });
    const slow = await off.inFlight('/api/v1/slow');
    expect((await off.app.inject({ url: '/api/v1/fast' })).statusCode).toBe(200);
    off.release();
    await slow.answer;
  });
});

describe('the concurrency limit over HTTP', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'concurrency-test' });
  const api = sandboxClient(sandbox);

  it('answers 429 with zeroed headers when too many requests are in flight', async () => {
    await api.post('/sandbox/v1/rate-limits', { concurrent: 1 });
    await api.post('/sandbox/v1/faults', { latencyMs: 1500, paths: '^/api/v1/users$' });
    const slow = api.get('/api/v1/users?limit=1');
    // Knock until the slow request is in flight: then the org must refuse the next one.
    let second = await api.get<Json>('/api/v1/users/isaac@example.org');
    for (let i = 0; i < 100 && second.status !== 429; i++) second = await api.get<Json>('/api/v1/users/isaac@example.org');
    expect(second.status).toBe(429);
    expect(second.body.errorCode).toBe('E0000047');
    expect(second.headers.get('x-rate-limit-limit')).toBe('0');
    expect((await slow).status).toBe(200);
    await api.post('/sandbox/v1/rate-limits', { concurrent: 75 });
  });
});
