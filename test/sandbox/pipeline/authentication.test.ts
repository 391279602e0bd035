import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { requires } from '../../../sandbox/permissions';
import { authentication, callerFor } from '../../../sandbox/pipeline/authentication';
import { sandboxClient, type Json } from '../support/client';
import { pipelineApp, TOKENS } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

describe('callerFor', () => {
  it('names the caller of an SSWS header with one of the two tokens', () => {
    expect(callerFor(`SSWS ${TOKENS.admin}`, TOKENS)).toBe('admin');
    expect(callerFor(`SSWS ${TOKENS.readOnly}`, TOKENS)).toBe('readOnly');
  });

  it('reads the scheme case-insensitively and ignores the spaces around the token', () => {
    expect(callerFor(`ssws    ${TOKENS.admin}  `, TOKENS)).toBe('admin');
    expect(callerFor(`Ssws ${TOKENS.readOnly}`, TOKENS)).toBe('readOnly');
  });

  it('is nobody without a header, with another scheme, or with a token that is not exactly one of them', () => {
    for (const header of [undefined, '', TOKENS.admin, `Bearer ${TOKENS.admin}`, `SSWS${TOKENS.admin}`, `SSWS ${TOKENS.admin}x`, `SSWS ${TOKENS.admin.slice(0, -1)}`, 'SSWS ']) {
      expect(callerFor(header, TOKENS), String(header)).toBe('anonymous');
    }
  });
});

describe('the authentication step', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('sets request.caller on every request and never answers by itself', async () => {
    app = await pipelineApp((instance) => {
      instance.register(authentication, { tokens: TOKENS });
      instance.register(async (routes) => {
        routes.get('/api/v1/whoami', requires('okta.users.read'), async (request) => ({ caller: request.caller }));
      });
    });
    const callers = [];
    for (const authorization of [`SSWS ${TOKENS.admin}`, `SSWS ${TOKENS.readOnly}`, 'SSWS nope', undefined]) {
      const response = await app.inject({ url: '/api/v1/whoami', headers: authorization ? { authorization } : {} });
      expect(response.statusCode).toBe(200);
      callers.push(response.json().caller);
    }
    expect(callers).toEqual(['admin', 'readOnly', 'anonymous', 'anonymous']);
  });
});

describe('authentication over HTTP', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'authentication-test' });

  it('answers 401 E0000011 without a token or with a wrong one', async () => {
    for (const client of [sandboxClient(sandbox, null), sandboxClient(sandbox, 'not-the-token')]) {
      const response = await client.get<Json>('/api/v1/users');
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011' });
      expect(response.body.errorId).toEqual(expect.any(String));
      expect(response.body.errorCauses).toEqual([]);
    }
  });
});
