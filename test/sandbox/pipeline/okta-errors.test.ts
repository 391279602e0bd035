import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaError } from '../../../sandbox/errors';
import { requires } from '../../../sandbox/permissions';
import { jsonBodies } from '../../../sandbox/pipeline/json-bodies';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import { sandboxClient, type Json } from '../support/client';
import { pipelineApp } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

describe('the okta-errors step', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await pipelineApp((instance) => {
      instance.register(jsonBodies);
      instance.register(oktaErrors, { bodyLimitBytes: 64 });
      instance.register(async (routes) => {
        const open = requires('public');
        routes.get('/okta', open, async () => {
          throw new OktaError('E0000107', undefined, ['The factor must be ACTIVE to be verified.']);
        });
        routes.get('/conflict', open, async () => {
          throw Object.assign(new Error('Already there'), { statusCode: 409 });
        });
        routes.get('/bug', open, async () => {
          throw new TypeError('undefined is not a function');
        });
        routes.post('/echo', open, async (request) => ({ body: request.body ?? null }));
      });
    }, { bodyLimit: 64 });
  });
  afterAll(() => app.close());

  it('sends an OktaError as Okta\'s error body with its status', async () => {
    const response = await app.inject({ url: '/okta' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      errorCode: 'E0000107',
      errorSummary: 'The entity is not in the expected state for the requested transition.',
      errorLink: 'E0000107',
      errorId: expect.stringMatching(/^oae[A-Za-z0-9_-]{22}$/),
      errorCauses: [{ errorSummary: 'The factor must be ACTIVE to be verified.' }],
    });
  });

  it('maps other 4xx errors to an Okta code for their status, and hides anything unexpected behind 500 E0000009', async () => {
    const conflict = await app.inject({ url: '/conflict' });
    expect([conflict.statusCode, conflict.json().errorCode, conflict.json().errorSummary]).toEqual([409, 'E0000009', 'Internal Server Error']);
    const bug = await app.inject({ url: '/bug' });
    expect(bug.statusCode).toBe(500);
    expect(bug.json()).toMatchObject({ errorCode: 'E0000009', errorSummary: 'Internal Server Error' });
    expect(bug.body).not.toContain('undefined is not a function');
  });

  it('answers a body over the limit with 413 and unknown paths with 404 E0000007 naming the path', async () => {
    const large = await app.inject({ method: 'POST', url: '/echo', payload: JSON.stringify({ x: 'y'.repeat(100) }), headers: { 'content-type': 'application/json' } });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: request body', errorCauses: [{ errorSummary: 'The request body exceeds 64 bytes.' }] });
    const missing = await app.inject({ url: '/api/v1/nothing?x=1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: /api/v1/nothing (Path)' });
  });
});

describe('bad input over HTTP', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'bad-input-test' });
  const api = sandboxClient(sandbox);

  it('answers malformed JSON with 400 E0000003 and keeps serving', async () => {
    const response = await api.post<Json>('/api/v1/users/isaac@example.org/factors', '{"factorType": "sms",');
    expect(response.status).toBe(400);
    expect(response.body.errorCode).toBe('E0000003');
    expect((await api.get('/api/v1/users/isaac@example.org')).status).toBe(200);
  });

  it('refuses oversized bodies', async () => {
    const response = await api.post<Json>('/api/v1/users/isaac@example.org/factors', { factorType: 'question', provider: 'OKTA', profile: { answer: 'x'.repeat(300_000) } });
    expect(response.status).toBe(413);
    expect(response.body.errorCode).toBe('E0000001');
  });

  it('answers unknown paths with an Okta 404 body', async () => {
    const response = await api.get<Json>('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.errorCode).toBe('E0000007');
  });

  it('answers a JSON array body with 400 E0000003', async () => {
    const response = await api.post<Json>('/api/v1/users/isaac@example.org/factors', '[1,2]');
    expect(response.status).toBe(400);
    expect(response.body.errorCode).toBe('E0000003');
  });
});
