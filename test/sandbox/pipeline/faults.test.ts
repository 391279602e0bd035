import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseFaults } from '../../../sandbox/control/requests';
import { FaultInjector } from '../../../sandbox/fault-injector';
import { requires } from '../../../sandbox/permissions';
import { faultInjection } from '../../../sandbox/pipeline/faults';
import { sandboxClient, type Json } from '../support/client';
import { asAdmin, pipelineApp, registerAccessSteps } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

describe('the fault step', () => {
  const faults = new FaultInjector();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await pipelineApp((instance) => {
      registerAccessSteps(instance);
      instance.register(faultInjection, { faults });
      instance.register(async (routes) => {
        routes.get('/api/v1/users', requires('okta.users.read'), async () => [{ id: '00u1', profile: { login: 'a@example.org' } }]);
        routes.get('/sandbox/v1/clock', requires('sandbox.control.read'), async () => ({ now: 'now' }));
      });
    });
  });
  afterAll(() => app.close());
  afterEach(() => faults.clear());

  it('answers an injected failure with its status and the Okta body of that status', async () => {
    faults.set(parseFaults({ failureRate: 1, failureStatus: 400 }));
    const failed = await app.inject({ url: '/api/v1/users', headers: asAdmin });
    expect(failed.statusCode).toBe(400);
    expect(failed.json()).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: injected fault', errorCauses: [] });
    faults.set(parseFaults({ failureRate: 1, failureStatus: 418 }));
    const odd = await app.inject({ url: '/api/v1/users', headers: asAdmin });
    expect([odd.statusCode, odd.json().errorCode]).toEqual([418, 'E0000009']);
  });

  it('reaches only callers the permission step let through, and never the control API', async () => {
    faults.set(parseFaults({ failureRate: 1, failureStatus: 503 }));
    expect((await app.inject({ url: '/api/v1/users' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/sandbox/v1/clock', headers: asAdmin })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/users', headers: asAdmin })).statusCode).toBe(503);
  });

  it('redirects with the path and query, and cuts bodies into unterminated JSON', async () => {
    faults.set(parseFaults({ redirectTo: 'https://elsewhere.example/' }));
    const moved = await app.inject({ url: '/api/v1/users?limit=1', headers: asAdmin });
    expect([moved.statusCode, moved.headers.location]).toEqual([301, 'https://elsewhere.example/api/v1/users?limit=1']);
    faults.set(parseFaults({ malformedRate: 1 }));
    const whole = JSON.stringify([{ id: '00u1', profile: { login: 'a@example.org' } }]);
    const cut = await app.inject({ url: '/api/v1/users', headers: asAdmin });
    expect(cut.statusCode).toBe(200);
    expect(cut.body).toBe(whole.slice(0, Math.floor(whole.length / 2)) + '{"');
    expect(() => JSON.parse(cut.body)).toThrow();
  });
});

describe('faults over HTTP', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'faults-test' });
  const api = sandboxClient(sandbox);

  afterEach(async () => {
    await api.del('/sandbox/v1/faults');
  });

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

  it('applies only to requests whose decoded query matches, when asked', async () => {
    await api.post('/sandbox/v1/faults', { failureRate: 1, failureStatus: 500, paths: '^/api/v1/users$', queries: 'profile\\.mobilePhone eq' });
    expect((await api.get(`/api/v1/users?search=${encodeURIComponent('profile.firstName sw "Isaac"')}`)).status).toBe(200);
    expect((await api.get(`/api/v1/users?search=${encodeURIComponent('profile.mobilePhone eq "+1-555-415-1337"')}`)).status).toBe(500);
    expect((await api.get('/api/v1/users?search=profile.mobilePhone+eq+%225554151337%22')).status).toBe(500);
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
});
