import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';
import { parseLinks, sandboxClient, type Json } from './client';

let sandbox: RunningSandbox;
let api: ReturnType<typeof sandboxClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 450, seed: 'users-test' });
  api = sandboxClient(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

describe('auth', () => {
  it('answers 401 E0000011 without a token or with a wrong one', async () => {
    for (const client of [sandboxClient(sandbox, null), sandboxClient(sandbox, 'not-the-token')]) {
      const response = await client.get<Json>('/api/v1/users');
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011' });
      expect(response.body.errorId).toEqual(expect.any(String));
      expect(response.body.errorCauses).toEqual([]);
    }
  });

  it('lets the read-only token read but answers 403 E0000006 to writes', async () => {
    const readOnly = sandboxClient(sandbox, sandbox.readOnlyToken);
    expect((await readOnly.get('/api/v1/users/isaac@example.org')).status).toBe(200);
    const write = await readOnly.post<Json>('/api/v1/users/isaac@example.org/lifecycle/reset_factors');
    expect(write.status).toBe(403);
    expect(write.body.errorCode).toBe('E0000006');
    expect((await api.get<Json[]>('/api/v1/users/isaac@example.org/factors')).body.length).toBe(2);
  });

  it('uses a url on 127.0.0.1 and random sbx_ tokens by default', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.token).toMatch(/^sbx_[A-Za-z0-9_-]{40}$/);
    expect(sandbox.readOnlyToken).not.toBe(sandbox.token);
  });
});

describe('users', () => {
  it('gets Isaac Brock by login and by id', async () => {
    const byLogin = await api.get<Json>('/api/v1/users/isaac@example.org');
    expect(byLogin.status).toBe(200);
    expect(byLogin.body).toMatchObject({ id: '00ub0oNGTSWTBKOLGLNR', status: 'ACTIVE', profile: { firstName: 'Isaac', lastName: 'Brock', login: 'isaac@example.org' } });
    expect((await api.get<Json>('/api/v1/users/00ub0oNGTSWTBKOLGLNR')).body.id).toBe('00ub0oNGTSWTBKOLGLNR');
  });

  it('answers 404 E0000007 for an unknown user', async () => {
    const response = await api.get<Json>('/api/v1/users/00uNOBODY00000000000');
    expect(response.status).toBe(404);
    expect(response.body.errorCode).toBe('E0000007');
  });

  it('pages the whole directory with limit, after and Link headers', async () => {
    const seen = new Set<string>();
    let next: string | undefined = '/api/v1/users?limit=200';
    let pages = 0;
    while (next) {
      const response: Awaited<ReturnType<typeof api.get<Json[]>>> = await api.get<Json[]>(next);
      expect(response.status).toBe(200);
      const links = parseLinks(response.headers.get('link'));
      expect(links.self?.startsWith(sandbox.url + '/api/v1/users')).toBe(true);
      for (const user of response.body) seen.add(String(user.id));
      next = links.next;
      if (next) expect(next.startsWith(sandbox.url)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    const deprovisioned = await api.get<Json[]>('/api/v1/users?filter=' + encodeURIComponent('status eq "DEPROVISIONED"'));
    expect(seen.size + deprovisioned.body.length).toBe(450);
  });

  it('caps limit at 200 and uses 10 as the default for q', async () => {
    expect((await api.get<Json[]>('/api/v1/users?limit=5000')).body.length).toBe(200);
    const q = await api.get<Json[]>('/api/v1/users?q=a');
    expect(q.body.length).toBe(10);
  });

  it('finds by q prefix on names and email', async () => {
    const response = await api.get<Json[]>('/api/v1/users?q=Broc');
    expect(response.body.map((u) => u.id)).toContain('00ub0oNGTSWTBKOLGLNR');
    for (const user of response.body) {
      const profile = user.profile as Record<string, string>;
      expect([profile.firstName, profile.lastName, profile.email, profile.login].some((v) => v?.toLowerCase().startsWith('broc'))).toBe(true);
    }
  });

  it('filters on status and lastUpdated, and rejects attributes filter does not support', async () => {
    const locked = await api.get<Json[]>('/api/v1/users?filter=' + encodeURIComponent('status eq "LOCKED_OUT" or status eq "SUSPENDED"'));
    expect(locked.body.length).toBeGreaterThan(0);
    expect(locked.body.every((u) => u.status === 'LOCKED_OUT' || u.status === 'SUSPENDED')).toBe(true);
    const recent = await api.get<Json[]>('/api/v1/users?filter=' + encodeURIComponent('lastUpdated gt "2024-06-01T00:00:00.000Z"'));
    expect(recent.body.every((u) => String(u.lastUpdated) > '2024-06-01T00:00:00.000Z')).toBe(true);
    const bad = await api.get<Json>('/api/v1/users?filter=' + encodeURIComponent('profile.department eq "Sales"'));
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('E0000031');
  });

  it('searches with sw, eq, pr, and/or, parentheses and quoted values, case-insensitively', async () => {
    const expression = 'profile.lastName sw "br" and (status eq "ACTIVE" or status eq "LOCKED_OUT") and profile.email pr';
    const response = await api.get<Json[]>('/api/v1/users?search=' + encodeURIComponent(expression));
    expect(response.status).toBe(200);
    expect(response.body.length).toBeGreaterThan(0);
    for (const user of response.body) {
      expect(String((user.profile as Record<string, string>).lastName).toLowerCase().startsWith('br')).toBe(true);
      expect(['ACTIVE', 'LOCKED_OUT']).toContain(user.status);
    }
    const quoted = await api.get<Json[]>('/api/v1/users?search=' + encodeURIComponent('profile.login eq "ISAAC@EXAMPLE.ORG"'));
    expect(quoted.body.map((u) => u.id)).toEqual(['00ub0oNGTSWTBKOLGLNR']);
    const broken = await api.get<Json>('/api/v1/users?search=' + encodeURIComponent('profile.lastName eq "unterminated'));
    expect(broken.status).toBe(400);
    expect(broken.body.errorCode).toBe('E0000031');
  });

  it('builds the same directory from the same seed', async () => {
    const twin = await startSandbox({ users: 450, seed: 'users-test' });
    try {
      const mine = await api.get<Json[]>('/api/v1/users?limit=20');
      const theirs = await sandboxClient(twin).get<Json[]>('/api/v1/users?limit=20');
      expect(theirs.body.map((u) => u.id)).toEqual(mine.body.map((u) => u.id));
    } finally {
      await twin.close();
    }
  });
});

describe('bad input', () => {
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
