import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index';
import { parseLinks, sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 450, seed: 'users-test' });
const api = sandboxClient(sandbox);

describe('users', () => {
  it('answers /users/me with the user each token belongs to', async () => {
    const admin = await api.get<Json>('/api/v1/users/me');
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ status: 'ACTIVE', profile: { login: 'sandbox.admin@example.org', firstName: 'Sandbox', lastName: 'Admin' } });
    const auditor = await sandboxClient(sandbox, sandbox.readOnlyToken).get<Json>('/api/v1/users/me');
    expect(auditor.body).toMatchObject({ profile: { login: 'sandbox.auditor@example.org' } });
    expect(auditor.body.id).not.toBe(admin.body.id);
    expect((await sandboxClient(sandbox, null).get<Json>('/api/v1/users/me')).status).toBe(401);
  });

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
    // Both sides of the date are non-empty, so the filter is seen to split the directory.
    const recent = await api.get<Json[]>('/api/v1/users?filter=' + encodeURIComponent('lastUpdated gt "2024-06-01T00:00:00.000Z"'));
    expect(recent.body.length).toBeGreaterThan(0);
    expect(recent.body.every((u) => String(u.lastUpdated) > '2024-06-01T00:00:00.000Z')).toBe(true);
    const older = await api.get<Json[]>('/api/v1/users?filter=' + encodeURIComponent('lastUpdated le "2024-06-01T00:00:00.000Z"'));
    expect(older.body.length).toBeGreaterThan(0);
    expect(older.body.every((u) => String(u.lastUpdated) <= '2024-06-01T00:00:00.000Z')).toBe(true);
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

  it('pages a status search in creation order, as the unfiltered listing has them', async () => {
    const everyone: Json[] = [];
    for (let next: string | undefined = '/api/v1/users?limit=200'; next; ) {
      const response: Awaited<ReturnType<typeof api.get<Json[]>>> = await api.get<Json[]>(next);
      everyone.push(...response.body);
      next = parseLinks(response.headers.get('link')).next;
    }
    const active: Json[] = [];
    let pages = 0;
    for (let next: string | undefined = '/api/v1/users?limit=100&search=' + encodeURIComponent('status eq "active"'); next; pages++) {
      const response: Awaited<ReturnType<typeof api.get<Json[]>>> = await api.get<Json[]>(next);
      active.push(...response.body);
      next = parseLinks(response.headers.get('link')).next;
    }
    const expected = everyone.filter((u) => u.status === 'ACTIVE').map((u) => u.id);
    expect(expected.length).toBeGreaterThan(300);
    expect(active.map((u) => u.id)).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    // filter is case-sensitive: the lower-case value matches nobody.
    expect((await api.get<Json[]>('/api/v1/users?filter=' + encodeURIComponent('status eq "active"'))).body).toEqual([]);
  });

  it('unlocks a LOCKED_OUT user through its unlock link, once', async () => {
    const locked = await api.get<Json[]>('/api/v1/users?limit=1&filter=' + encodeURIComponent('status eq "LOCKED_OUT"'));
    const userId = String(locked.body[0]?.id);
    const before = await api.get<Json>(`/api/v1/users/${userId}`);
    const unlockLink = (before.body._links as Record<string, { href: string; hints: { allow: string[] } }>).unlock;
    expect(unlockLink).toEqual({ href: `${sandbox.url}/api/v1/users/${userId}/lifecycle/unlock`, hints: { allow: ['POST'] } });

    const unlocked = await api.post<Json>(unlockLink!.href);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toEqual({});
    const after = await api.get<Json>(`/api/v1/users/${userId}`);
    expect(after.body.status).toBe('ACTIVE');
    expect(after.body._links?.unlock).toBeUndefined();
    expect(Date.parse(String(after.body.statusChanged))).toBeGreaterThan(Date.parse(String(before.body.statusChanged)));
    const stillLocked = await api.get<Json[]>('/api/v1/users?limit=200&filter=' + encodeURIComponent('status eq "LOCKED_OUT"'));
    expect(stillLocked.body.map((u) => u.id)).not.toContain(userId);
    const nowActive = await api.get<Json[]>('/api/v1/users?limit=1&search=' + encodeURIComponent(`status eq "ACTIVE" and id eq "${userId}"`));
    expect(nowActive.body.map((u) => u.id)).toEqual([userId]);

    const again = await api.post<Json>(unlockLink!.href);
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ errorCode: 'E0000032', errorSummary: 'Unlock is not allowed for this user.' });
    const events = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent(`eventType eq "user.account.unlock_by_admin" and target.id eq "${userId}"`));
    expect(events.body).toHaveLength(1);
    expect(events.body[0]).toMatchObject({ actor: { alternateId: 'sandbox.admin@example.org' }, outcome: { result: 'SUCCESS' } });

    const login = String((after.body.profile as Json).login);
    const signIn = await sandboxClient(sandbox, null).post<Json>('/api/v1/authn', { username: login, password: 'GoAw@y123' });
    expect(signIn.status).toBe(200);
    expect(signIn.body.status).not.toBe('LOCKED_OUT');
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
