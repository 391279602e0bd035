import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requires } from '../../../sandbox/permissions';
import { jsonBodies } from '../../../sandbox/pipeline/json-bodies';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import { pipelineApp } from '../support/pipeline-app';

describe('the json-bodies step', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await pipelineApp((instance) => {
      instance.register(jsonBodies);
      instance.register(oktaErrors, { bodyLimitBytes: 1024 });
      instance.register(async (routes) => {
        routes.post('/echo', requires('public'), async (request) => ({ received: request.body === undefined ? 'nothing' : request.body }));
      });
    });
  });
  afterAll(() => app.close());

  const post = (payload: string, contentType?: string) =>
    app.inject({ method: 'POST', url: '/echo', payload, headers: contentType ? { 'content-type': contentType } : {} });

  it('reads the body as JSON whatever its content type says', async () => {
    for (const contentType of ['application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined]) {
      expect((await post('{"passCode":"123456"}', contentType)).json(), String(contentType)).toEqual({ received: { passCode: '123456' } });
    }
  });

  it('treats an empty or blank body as no body, as Okta clients send bare POSTs', async () => {
    expect((await post('', 'application/json')).json()).toEqual({ received: 'nothing' });
    expect((await post('  \n', 'application/json')).json()).toEqual({ received: 'nothing' });
  });

  it('answers JSON that does not parse with 400 E0000003', async () => {
    const response = await post('{"factorType": ', 'application/json');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errorCode: 'E0000003', errorSummary: 'The request body was not well-formed.' });
  });
});
