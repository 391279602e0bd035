import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from './client';
import { sandboxPerFile } from './sandbox-per-file';

const sandbox = sandboxPerFile({ users: 30, seed: 'limits-test', rateLimits: { logs: 3 } });
const api = sandboxClient(sandbox);

afterEach(async () => {
  await api.del('/sandbox/v1/faults');
});

describe('rate limits', () => {
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

  it('can be switched off', async () => {
    await api.post('/sandbox/v1/rate-limits', { enabled: false, logs: 1 });
    for (let i = 0; i < 3; i++) expect((await api.get('/api/v1/logs')).status).toBe(200);
    const bad = await api.post<Json>('/sandbox/v1/rate-limits', { logs: -1 });
    expect(bad.body.errorCode).toBe('E0000001');
    await api.post('/sandbox/v1/rate-limits', { enabled: true, logs: 120 });
  });
});

describe('faults', () => {
  it('fails a share of requests with the chosen status and an Okta body, never the control API', async () => {
    const set = await api.post<Json>('/sandbox/v1/faults', { failureRate: 1, failureStatus: 503 });
    expect(set.status).toBe(200);
    const failed = await api.get<Json>('/api/v1/users/isaac@example.org');
    expect(failed.status).toBe(503);
    expect(failed.body.errorCode).toBe('E0000181');
    expect((await api.get('/sandbox/v1/outbox')).status).toBe(200);
    await api.post('/sandbox/v1/faults', { failureRate: 1, failureStatus: 429 });
    expect((await api.get<Json>('/api/v1/users/isaac@example.org')).body.errorCode).toBe('E0000047');
  });

  it('applies to the next N matching requests only', async () => {
    await api.post('/sandbox/v1/faults', { failureRate: 1, failureStatus: 500, count: 2, paths: '/factors$' });
    expect((await api.get('/api/v1/users/isaac@example.org')).status).toBe(200);
    expect((await api.get('/api/v1/users/isaac@example.org/factors')).status).toBe(500);
    expect((await api.get('/api/v1/users/isaac@example.org/factors')).status).toBe(500);
    expect((await api.get('/api/v1/users/isaac@example.org/factors')).status).toBe(200);
    expect((await api.get<Json>('/sandbox/v1/faults')).body).toEqual({});
  });

  it('redirects to another origin with a 301, keeping the path', async () => {
    await api.post('/sandbox/v1/faults', { redirectTo: 'http://127.0.0.2:1' });
    const response = await api.get('/api/v1/users?limit=1');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('http://127.0.0.2:1/api/v1/users?limit=1');
  });

  it('cuts bodies into malformed JSON', async () => {
    await api.post('/sandbox/v1/faults', { malformedRate: 1 });
    const response = await fetch(sandbox.url + '/api/v1/users/isaac@example.org', { headers: { Authorization: `SSWS ${sandbox.token}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('drops connections', async () => {
    await api.post('/sandbox/v1/faults', { dropConnectionRate: 1 });
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(sandbox.url + '/api/v1/users', { headers: { Authorization: `SSWS ${sandbox.token}` } }, (res) => resolve(`status ${res.statusCode}`));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end();
    });
    expect(outcome).toBe('ECONNRESET');
    await api.del('/sandbox/v1/faults');
    expect((await api.get('/api/v1/users?limit=1')).status).toBe(200);
  });

  it('drops the answer after carrying the request out: the factor is gone, the client hears nothing', async () => {
    const isaac = (await api.get<Json>('/api/v1/users/isaac@example.org')).body.id as string;
    const factors = (await api.get<Json[]>(`/api/v1/users/${isaac}/factors`)).body;
    const victim = factors[0]?.id as string;
    await api.post('/sandbox/v1/faults', { dropAnswerRate: 1, paths: `/factors/${victim}$`, methods: ['DELETE'] });
    // Reads of the same factor are left alone.
    expect((await api.get<Json>(`/api/v1/users/${isaac}/factors/${victim}`)).status).toBe(200);
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(`${sandbox.url}/api/v1/users/${isaac}/factors/${victim}`, { method: 'DELETE', headers: { Authorization: `SSWS ${sandbox.token}` } }, (res) =>
        resolve(`status ${res.statusCode}`),
      );
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end();
    });
    expect(outcome).toBe('ECONNRESET');
    await api.del('/sandbox/v1/faults');
    const after = (await api.get<Json[]>(`/api/v1/users/${isaac}/factors`)).body;
    expect(after.map((factor) => factor.id)).not.toContain(victim);
  });

  it('replays the same faults for the same requests when seeded', async () => {
    const run = async (): Promise<number[]> => {
      await api.post('/sandbox/v1/faults', { failureRate: 0.5, failureStatus: 500, seed: 'replay-me', paths: '^/api/v1/users$' });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await api.get('/api/v1/users?limit=1')).status);
      return statuses;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 500]));
    expect(await run()).toEqual(first);
    expect((await api.get<Json>('/sandbox/v1/faults')).body).toMatchObject({ seed: 'replay-me' });
  });

  it('rejects nonsense settings with causes', async () => {
    const response = await api.post<Json>('/sandbox/v1/faults', { failureRate: 2, failureStatus: 200, paths: '(', wat: 1, methods: ['BREW'] });
    expect(response.status).toBe(400);
    expect((response.body.errorCauses as Json[]).length).toBe(5);
  });

  it('needs the admin token for the control API', async () => {
    expect((await sandboxClient(sandbox, null).get('/sandbox/v1/outbox')).status).toBe(401);
    expect((await sandboxClient(sandbox, sandbox.readOnlyToken).post('/sandbox/v1/clock/advance', { seconds: 1 })).status).toBe(403);
  });
});
