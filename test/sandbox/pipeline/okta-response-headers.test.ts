import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgClock } from '../../../sandbox/clock';
import { requires } from '../../../sandbox/permissions';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import { oktaResponseHeaders } from '../../../sandbox/pipeline/okta-response-headers';
import { pipelineApp } from '../support/pipeline-app';

describe('the okta-response-headers step', () => {
  const clock = new OrgClock();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await pipelineApp((instance) => {
      instance.register(oktaResponseHeaders, { clock });
      instance.register(oktaErrors, { bodyLimitBytes: 1024 });
      instance.register(async (routes) => {
        routes.get('/api/v1/id', requires('public'), async (request) => ({ id: request.id }));
      });
    });
  });
  afterAll(() => app.close());

  it('sends the request id as X-Okta-Request-Id, on answers and on errors', async () => {
    const answer = await app.inject({ url: '/api/v1/id' });
    expect(answer.headers['x-okta-request-id']).toBe(answer.json().id);
    const missing = await app.inject({ url: '/api/v1/nothing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-okta-request-id']).toEqual(expect.any(String));
    expect(missing.headers['x-okta-request-id']).not.toBe(answer.headers['x-okta-request-id']);
  });

  it('dates every answer by the org clock, so an advanced clock moves the Date header with it', async () => {
    clock.advance(2 * 86_400);
    const answer = await app.inject({ url: '/api/v1/id' });
    const date = Date.parse(String(answer.headers.date));
    expect(Math.abs(date - clock.now())).toBeLessThan(2_000);
    expect(date - Date.now()).toBeGreaterThan(86_400_000);
  });
});
