import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { requires } from '../../../sandbox/permissions';
import { authentication } from '../../../sandbox/pipeline/authentication';
import { ApiTokens } from '../../../sandbox/principals/api-tokens';
import { ADMIN_TOKEN_ID, READ_ONLY_TOKEN_ID } from '../../../sandbox/request-context';
import { sandboxClient, type Json } from '../support/client';
import { ADMIN_TOKEN, pipelineApp, READ_ONLY_TOKEN, tokenAuthenticators, unitOrg } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

describe('ApiTokens.principalFor', () => {
  const tokens = new ApiTokens();
  tokens.add({ id: '00Tadmin000000000001', name: 'admin', userId: '00uadmin', created: 0 }, ADMIN_TOKEN);
  tokens.add({ id: '00Treadonly000000001', name: 'read-only', userId: '00uauditor', created: 0 }, READ_ONLY_TOKEN);

  it('names the principal of an SSWS header: the token, acting as its admin, unscoped', () => {
    expect(tokens.principalFor(`SSWS ${ADMIN_TOKEN}`)).toEqual({
      kind: 'apiToken',
      rateLimitId: '00Tadmin000000000001',
      rateLimitType: 'SSWS_TOKEN',
      assignee: { kind: 'user', userId: '00uadmin' },
      userId: '00uadmin',
      scopes: null,
      apiTokenId: '00Tadmin000000000001',
      clientId: null,
      scheme: 'SSWS',
    });
    expect(tokens.principalFor(`SSWS ${READ_ONLY_TOKEN}`)?.userId).toBe('00uauditor');
  });

  it('reads the scheme case-insensitively and ignores the spaces around the token', () => {
    expect(tokens.principalFor(`ssws    ${ADMIN_TOKEN}  `)?.apiTokenId).toBe('00Tadmin000000000001');
    expect(tokens.principalFor(`Ssws ${READ_ONLY_TOKEN}`)?.apiTokenId).toBe('00Treadonly000000001');
  });

  it('is nobody without a header, with another scheme, or with a token that is not exactly one of them', () => {
    for (const header of [undefined, '', ADMIN_TOKEN, `Bearer ${ADMIN_TOKEN}`, `SSWS${ADMIN_TOKEN}`, `SSWS ${ADMIN_TOKEN}x`, `SSWS ${ADMIN_TOKEN.slice(0, -1)}`, 'SSWS ']) {
      expect(tokens.principalFor(header), String(header)).toBeNull();
    }
  });

  it('forgets a revoked token, and refuses a second token with the same secret or id', () => {
    const own = new ApiTokens();
    own.add({ id: '00Tone00000000000001', name: 'one', userId: '00u1', created: 0 }, 'secret-one');
    expect(() => own.add({ id: '00Ttwo00000000000001', name: 'two', userId: '00u2', created: 0 }, 'secret-one')).toThrow('different');
    expect(() => own.add({ id: '00Tone00000000000001', name: 'two', userId: '00u2', created: 0 }, 'secret-two')).toThrow('exists');
    expect(own.revoke('00Tone00000000000001')).toBe(true);
    expect(own.principalFor('SSWS secret-one')).toBeNull();
    expect(own.revoke('00Tone00000000000001')).toBe(false);
  });
});

describe('the authentication step', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('sets request.principal on every request and never answers by itself', async () => {
    const org = unitOrg();
    app = await pipelineApp((instance) => {
      instance.register(authentication, { authenticators: tokenAuthenticators(org) });
      instance.register(async (routes) => {
        routes.get('/api/v1/whoami', requires('okta.users.read'), async (request) => ({ token: request.principal?.apiTokenId ?? null }));
      });
    });
    const seen = [];
    for (const authorization of [`SSWS ${ADMIN_TOKEN}`, `SSWS ${READ_ONLY_TOKEN}`, 'SSWS nope', undefined]) {
      const response = await app.inject({ url: '/api/v1/whoami', headers: authorization ? { authorization } : {} });
      expect(response.statusCode).toBe(200);
      seen.push(response.json().token);
    }
    expect(seen).toEqual([ADMIN_TOKEN_ID, READ_ONLY_TOKEN_ID, null, null]);
  });

  it('asks each authenticator in turn and takes the first principal', async () => {
    const org = unitOrg();
    const fallback = { principalFor: () => ({ ...org.apiTokens.principalFor(`SSWS ${READ_ONLY_TOKEN}`)!, kind: 'agent' as const }) };
    app = await pipelineApp((instance) => {
      instance.register(authentication, { authenticators: [...tokenAuthenticators(org), fallback] });
      instance.register(async (routes) => {
        routes.get('/api/v1/whoami', requires('okta.users.read'), async (request) => ({ kind: request.principal?.kind }));
      });
    });
    expect((await app.inject({ url: '/api/v1/whoami', headers: { authorization: `SSWS ${ADMIN_TOKEN}` } })).json()).toEqual({ kind: 'apiToken' });
    expect((await app.inject({ url: '/api/v1/whoami' })).json()).toEqual({ kind: 'agent' });
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
