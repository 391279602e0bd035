import { describe, expect, it } from 'vitest';
import { parseLinks, sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const USERS = 120;
const sandbox = sandboxPerFile({ users: USERS, seed: 'groups-test' });
const api = sandboxClient(sandbox);

const names = (groups: Json[]): string[] => groups.map((group) => String((group.profile as Json).name));
const search = (expression: string) => api.get<Json[]>(`/api/v1/groups?search=${encodeURIComponent(expression)}`);

/** Every item of a paged listing, following `next` links. */
async function everyPage(path: string): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const response: Awaited<ReturnType<typeof api.get<Json[]>>> = await api.get<Json[]>(next);
    expect(response.status).toBe(200);
    items.push(...response.body);
    next = parseLinks(response.headers.get('link')).next;
    pages++;
  }
  return { items, pages };
}

describe('GET /api/v1/groups', () => {
  it('lists Everyone (BUILT_IN), the Support desk group and one group per department, in creation order', async () => {
    const groups = await api.get<Json[]>('/api/v1/groups');
    expect(groups.status).toBe(200);
    expect(names(groups.body).slice(0, 2)).toEqual(['Everyone', 'Support-managed users']);
    expect(names(groups.body)).toEqual(expect.arrayContaining(['Engineering', 'Sales', 'IT']));
    expect(groups.body[0]).toMatchObject({ type: 'BUILT_IN', objectClass: ['okta:user_group'], profile: { description: 'All users in your organization' } });
    expect(groups.body.slice(1).every((group) => group.type === 'OKTA_GROUP')).toBe(true);
    expect(parseLinks(groups.headers.get('link')).self).toBe(`${sandbox.url}/api/v1/groups`);
    const [first] = groups.body;
    expect(first?._links).toEqual({
      logo: [
        { name: 'medium', href: `${sandbox.url}/img/logos/groups/okta-medium.png`, type: 'image/png' },
        { name: 'large', href: `${sandbox.url}/img/logos/groups/okta-large.png`, type: 'image/png' },
      ],
      users: { href: `${sandbox.url}/api/v1/groups/${String(first?.id)}/users` },
      apps: { href: `${sandbox.url}/api/v1/groups/${String(first?.id)}/apps` },
    });
  });

  it('q: a case-insensitive name prefix that never pages', async () => {
    expect(names((await api.get<Json[]>('/api/v1/groups?q=eng')).body)).toEqual(['Engineering']);
    const one = await api.get<Json[]>('/api/v1/groups?q=&limit=1');
    expect(one.body).toHaveLength(1);
    expect(parseLinks(one.headers.get('link')).next).toBeUndefined();
  });

  it('search: eq, sw, co on name and description, dates, type, sortBy; unsupported operators refused with E0000031', async () => {
    expect(names((await search('profile.name eq "engineering"')).body)).toEqual(['Engineering']);
    expect(names((await search('profile.name sw "Supp"')).body).sort()).toEqual(['Support', 'Support-managed users']);
    expect(names((await search('profile.description co "desk"')).body)).toEqual(['Support-managed users']);
    expect(names((await search('type eq "BUILT_IN"')).body)).toEqual(['Everyone']);
    expect((await search('lastMembershipUpdated gt "2022-01-01T00:00:00.000Z"')).body.length).toBeGreaterThan(0);
    expect((await search('lastMembershipUpdated gt "2030-01-01T00:00:00.000Z"')).body).toEqual([]);
    const sorted = await api.get<Json[]>(`/api/v1/groups?search=${encodeURIComponent('type eq "OKTA_GROUP"')}&sortBy=profile.name&sortOrder=desc`);
    const sortedNames = names(sorted.body);
    expect(sortedNames).toEqual([...sortedNames].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
    for (const bad of ['profile.name ne "Sales"', 'id co "00g"', 'profile.name eq', 'nonsense.attribute eq "x"']) {
      const refused = await search(bad);
      expect(refused.status, bad).toBe(400);
      expect(refused.body, bad).toMatchObject({ errorCode: 'E0000031', errorCauses: [{ errorSummary: expect.any(String) }] });
    }
  });

  it('filter: id and type with eq, dates with comparisons; anything else refused', async () => {
    const everyone = (await api.get<Json[]>('/api/v1/groups?q=Everyone')).body[0];
    expect(names((await api.get<Json[]>(`/api/v1/groups?filter=${encodeURIComponent(`id eq "${String(everyone?.id)}"`)}`)).body)).toEqual(['Everyone']);
    expect((await api.get<Json[]>(`/api/v1/groups?filter=${encodeURIComponent('type eq "OKTA_GROUP" and lastUpdated lt "2021-12-03T00:00:00.000Z"')}`)).body).toHaveLength(1);
    const refused = await api.get<Json>(`/api/v1/groups?filter=${encodeURIComponent('profile.name eq "Sales"')}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errorCode).toBe('E0000031');
  });

  it('pages with limit and after, and expands member counts with expand=stats', async () => {
    const all = (await api.get<Json[]>('/api/v1/groups?expand=stats')).body;
    const paged = await everyPage('/api/v1/groups?limit=3');
    expect(paged.items.map((group) => group.id)).toEqual(all.map((group) => group.id));
    expect(paged.pages).toBe(Math.ceil(all.length / 3));
    expect(all[0]?._embedded).toEqual({ stats: { usersCount: USERS, appsCount: 0, groupPushMappingsCount: 0 } });
    expect(paged.items[0]?._embedded).toBeUndefined();
    // Department groups split everyone but Everyone's extra members between them.
    const departments = all.filter((group) => !['Everyone', 'Support-managed users'].includes(String((group.profile as Json).name)));
    expect(departments.reduce((sum, group) => sum + Number(((group._embedded as Json).stats as Json).usersCount), 0)).toBe(USERS);
  });
});

describe('one group, its members, and a user\'s groups', () => {
  it('GET /api/v1/groups/{id}: the group, or 404 E0000007', async () => {
    const [engineering] = (await api.get<Json[]>('/api/v1/groups?q=Engineering')).body;
    const one = await api.get<Json>(`/api/v1/groups/${String(engineering?.id)}?expand=stats`);
    expect(one.body).toMatchObject({ id: engineering?.id, profile: { name: 'Engineering' }, _embedded: { stats: { usersCount: expect.any(Number) } } });
    const missing = await api.get<Json>('/api/v1/groups/00gnosuchgroup000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00gnosuchgroup000000 (Group)' });
  });

  it('GET /api/v1/groups/{id}/users: the members (as a users search finds them), paged by the Link header', async () => {
    const [engineering] = (await api.get<Json[]>('/api/v1/groups?q=Engineering')).body;
    const members = await everyPage(`/api/v1/groups/${String(engineering?.id)}/users?limit=5`);
    const byDepartment = await everyPage(`/api/v1/users?search=${encodeURIComponent('profile.department eq "Engineering"')}&limit=5`);
    expect(members.items.map((user) => user.id)).toEqual(byDepartment.items.map((user) => user.id));
    expect(members.items.map((user) => (user.profile as Json).login)).toContain('isaac@example.org');
    expect(members.items[0]?._links).toEqual({ self: { href: `${sandbox.url}/api/v1/users/${String(members.items[0]?.id)}` } });
    const everyone = (await api.get<Json[]>('/api/v1/groups?q=Everyone')).body[0];
    expect((await everyPage(`/api/v1/groups/${String(everyone?.id)}/users?limit=50`)).items).toHaveLength(USERS);
    expect((await api.get<Json[]>(`/api/v1/groups/${String(everyone?.id)}/users?after=00unosuchuser0000000`)).body).toEqual([]);
  });

  it('GET /api/v1/users/{id}/groups: Isaac is in Everyone, the Support desk group and Engineering; Sandbox Admin in Everyone and IT', async () => {
    expect(names((await api.get<Json[]>('/api/v1/users/isaac@example.org/groups')).body)).toEqual(['Everyone', 'Support-managed users', 'Engineering']);
    expect(names((await api.get<Json[]>('/api/v1/users/me/groups')).body)).toEqual(['Everyone', 'IT']);
    expect((await api.get<Json>('/api/v1/users/00unosuchuser0000000/groups')).status).toBe(404);
  });

  it('is read with okta.groups.read, which the read-only token has', async () => {
    const readOnly = sandboxClient(sandbox, sandbox.readOnlyToken);
    expect((await readOnly.get('/api/v1/groups')).status).toBe(200);
    expect((await sandboxClient(sandbox, null).get('/api/v1/groups')).status).toBe(401);
    // Unrouted places under /api/v1/groups ask for the same permission before their 404.
    expect((await readOnly.get('/api/v1/groups/x/nothing')).status).toBe(404);
  });
});
