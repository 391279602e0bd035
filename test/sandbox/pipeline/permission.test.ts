import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { requires } from '../../../sandbox/permissions';
import { permission, unroutedPermission } from '../../../sandbox/pipeline/permission';
import { sandboxClient, type Json } from '../support/client';
import { asAdmin, asReadOnly, pipelineApp, registerAccessSteps, unitOrg } from '../support/pipeline-app';
import { sandboxPerFile } from '../support/sandbox-per-file';

describe('the permission step', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await pipelineApp((instance) => {
      registerAccessSteps(instance);
      instance.register(async (routes) => {
        routes.get('/api/v1/open', requires('public'), async () => ({ ok: true }));
        routes.get('/api/v1/users', requires('okta.users.read'), async () => ({ ok: true }));
        routes.post('/api/v1/users', requires('okta.users.manage'), async () => ({ ok: true }));
        routes.get('/api/v1/logs', requires('okta.logs.read'), async () => ({ ok: true }));
        routes.post('/sandbox/v1/clock/advance', requires('sandbox.control.manage'), async () => ({ ok: true }));
      });
    });
    return () => app.close();
  });

  const statusOf = async (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
    (await app.inject({ method, url, headers })).statusCode;

  it('lets anyone call a public route', async () => {
    expect(await statusOf('GET', '/api/v1/open')).toBe(200);
  });

  it('answers 401 E0000011 to nobody and 403 E0000006 to a caller without the route\'s permission', async () => {
    const anonymous = await app.inject({ url: '/api/v1/users' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    const refused = await app.inject({ method: 'POST', url: '/api/v1/users', headers: asReadOnly });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ errorCode: 'E0000006' });
  });

  it('grants the admin token everything and the read-only token reads without the System Log', async () => {
    const routes = [['GET', '/api/v1/users'], ['POST', '/api/v1/users'], ['GET', '/api/v1/logs'], ['POST', '/sandbox/v1/clock/advance']] as const;
    const admin = [];
    const readOnly = [];
    for (const [method, url] of routes) {
      admin.push(await statusOf(method, url, asAdmin));
      readOnly.push(await statusOf(method, url, asReadOnly));
    }
    expect(admin).toEqual([200, 200, 200, 200]);
    expect(readOnly).toEqual([200, 403, 403, 403]);
  });

  it('checks a path no route answers by its method and place, so the 404 only reaches a caller who could call there', async () => {
    expect(await statusOf('GET', '/api/v1/nothing')).toBe(401);
    expect(await statusOf('GET', '/api/v1/nothing', asReadOnly)).toBe(404);
    expect(await statusOf('POST', '/api/v1/nothing', asReadOnly)).toBe(403);
    expect(await statusOf('GET', '/api/v1/logs/nothing', asReadOnly)).toBe(403);
    expect(await statusOf('POST', '/api/v1/nothing', asAdmin)).toBe(404);
    expect(await statusOf('POST', '/api/v1/authn/nothing')).toBe(404);
    expect(await statusOf('GET', '/sandbox/v1/nothing')).toBe(401);
    expect(await statusOf('POST', '/sandbox/v1/nothing', asReadOnly)).toBe(403);
    expect(await statusOf('GET', '/elsewhere')).toBe(404);
  });

  it('refuses to start with a route that declares no permission', async () => {
    const started = pipelineApp((instance) => {
      instance.register(permission, { org: unitOrg() });
      instance.register(async (routes) => {
        routes.get('/api/v1/forgotten', async () => ({}));
      });
    });
    await expect(started).rejects.toThrow('GET /api/v1/forgotten declares no permission');
  });
});

describe('unroutedPermission', () => {
  it('matches what the routes in that place declare', () => {
    expect(unroutedPermission('GET', '/api/v1/users/x/nothing')).toBe('okta.users.read');
    expect(unroutedPermission('HEAD', '/api/v1/users/x/nothing')).toBe('okta.users.read');
    expect(unroutedPermission('DELETE', '/api/v1/users/x')).toBe('okta.users.manage');
    expect(unroutedPermission('GET', '/api/v1/logs/')).toBe('okta.logs.read');
    expect(unroutedPermission('PUT', '/api/v1/logs')).toBe('okta.users.manage');
    expect(unroutedPermission('GET', '/sandbox/v1/nothing')).toBe('sandbox.control.read');
    expect(unroutedPermission('PUT', '/sandbox/v1/clock')).toBe('sandbox.control.manage');
    expect(unroutedPermission('PUT', '/api/v1/authn/x')).toBe('public');
    expect(unroutedPermission('DELETE', '/api/v1/users/u/factors/f/qr/t')).toBe('public');
    expect(unroutedPermission('GET', '/favicon.ico')).toBe('public');
  });
});

describe('permissions over HTTP', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'permission-test' });
  const api = sandboxClient(sandbox);

  it('lets the read-only token read but answers 403 E0000006 to writes', async () => {
    const readOnly = sandboxClient(sandbox, sandbox.readOnlyToken);
    expect((await readOnly.get('/api/v1/users/isaac@example.org')).status).toBe(200);
    const write = await readOnly.post<Json>('/api/v1/users/isaac@example.org/lifecycle/reset_factors');
    expect(write.status).toBe(403);
    expect(write.body.errorCode).toBe('E0000006');
    expect((await api.get<Json[]>('/api/v1/users/isaac@example.org/factors')).body.length).toBe(2);
  });

  it('keeps the System Log from the read-only token (403 E0000006) but lets it read factors', async () => {
    const readOnly = sandboxClient(sandbox, sandbox.readOnlyToken);
    expect((await readOnly.get<Json[]>('/api/v1/users/isaac@example.org/factors')).body.length).toBe(2);
    expect((await readOnly.get<Json[]>('/api/v1/users?q=isaac')).status).toBe(200);
    const logs = await readOnly.get<Json>('/api/v1/logs?limit=1');
    expect(logs.status).toBe(403);
    expect(logs.body).toMatchObject({ errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' });
    expect((await api.get('/api/v1/logs?limit=1')).status).toBe(200);
  });

  it('needs the admin token for the control API', async () => {
    expect((await sandboxClient(sandbox, null).get('/sandbox/v1/outbox')).status).toBe(401);
    expect((await sandboxClient(sandbox, sandbox.readOnlyToken).post('/sandbox/v1/clock/advance', { seconds: 1 })).status).toBe(403);
  });
});
