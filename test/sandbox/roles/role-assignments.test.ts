import { describe, expect, it } from 'vitest';
import { mintToken, SEEDED_ADMIN_LOGINS } from '../support/admin-tokens';
import { parseLinks, sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 40, seed: 'role-assignments-test' });
const api = sandboxClient(sandbox);

const idOf = async (login: string): Promise<string> => String((await api.get<Json>(`/api/v1/users/${login}`)).body.id);
const groupNamed = async (name: string): Promise<Json> => {
  const found = (await api.get<Json[]>(`/api/v1/groups?search=${encodeURIComponent(`profile.name eq "${name}"`)}`)).body[0];
  if (!found) throw new Error(`no group ${name}`);
  return found;
};

describe('GET /api/v1/users/{userId}/roles', () => {
  it('answers [] for a non-admin', async () => {
    const roles = await api.get<Json[]>('/api/v1/users/isaac@example.org/roles');
    expect(roles.status).toBe(200);
    expect(roles.body).toEqual([]);
  });

  it("lists a help desk admin's assignment in Okta's StandardRole shape, with its group targets on expand=targets/groups", async () => {
    const hanaId = await idOf(SEEDED_ADMIN_LOGINS.helpDesk);
    const roles = await api.get<Json[]>(`/api/v1/users/${hanaId}/roles`);
    expect(roles.body).toEqual([
      {
        id: expect.stringMatching(/^ra1[A-Za-z0-9]{17}$/),
        label: 'Help Desk administrator',
        type: 'HELP_DESK_ADMIN',
        status: 'ACTIVE',
        created: expect.any(String),
        lastUpdated: expect.any(String),
        assignmentType: 'USER',
        _links: { assignee: { href: `${sandbox.url}/api/v1/users/${hanaId}` } },
      },
    ]);
    const expanded = await api.get<Json[]>(`/api/v1/users/${hanaId}/roles?expand=targets/groups`);
    const targets = ((expanded.body[0]?._embedded as Json).targets as Json).groups as Json[];
    expect(targets.map((group) => (group.profile as Json).name)).toEqual(['Support-managed users']);
  });

  it('names each seeded admin role by Okta label, and the read-only token owner by its custom role', async () => {
    const labels: Record<string, unknown> = {};
    for (const login of [...Object.values(SEEDED_ADMIN_LOGINS), 'sandbox.admin@example.org']) {
      labels[login] = (await api.get<Json[]>(`/api/v1/users/${login}/roles`)).body.map((role) => `${String(role.type)}: ${String(role.label)}`);
    }
    expect(labels).toEqual({
      'sam.shaw@example.org': ['SUPER_ADMIN: Super Organization administrator'],
      'orla.ortiz@example.org': ['ORG_ADMIN: Organization administrator'],
      'hana.hughes@example.org': ['HELP_DESK_ADMIN: Help Desk administrator'],
      'remy.reed@example.org': ['READ_ONLY_ADMIN: Read only admin'],
      'sandbox.admin@example.org': ['SUPER_ADMIN: Super Organization administrator'],
    });
    const [custom] = (await api.get<Json[]>('/api/v1/users/sandbox.auditor@example.org/roles')).body;
    expect(custom).toMatchObject({ type: 'CUSTOM', label: 'User viewer', role: expect.stringMatching(/^cr0/), 'resource-set': expect.stringMatching(/^iam/), assignmentType: 'USER' });
    expect(Object.keys(custom?._links as Json).sort()).toEqual(['assignee', 'member', 'permissions', 'resource-set', 'role']);
  });

  it('answers 404 E0000007 for an unknown user, and "me" for the caller', async () => {
    expect((await api.get<Json>('/api/v1/users/00unosuchuser0000000/roles')).body).toMatchObject({ errorCode: 'E0000007' });
    const mine = await api.get<Json[]>('/api/v1/users/me/roles');
    expect(mine.body.map((role) => role.type)).toEqual(['SUPER_ADMIN']);
  });
});

describe('GET /api/v1/users/{userId}/roles/{roleAssignmentId}/targets/groups', () => {
  it('lists the groups a role is limited to, [] for an unlimited role, 404 for an unknown assignment', async () => {
    const hanaId = await idOf(SEEDED_ADMIN_LOGINS.helpDesk);
    const [helpDesk] = (await api.get<Json[]>(`/api/v1/users/${hanaId}/roles`)).body;
    const targets = await api.get<Json[]>(`/api/v1/users/${hanaId}/roles/${String(helpDesk?.id)}/targets/groups`);
    expect(targets.body.map((group) => (group.profile as Json).name)).toEqual(['Support-managed users']);
    const samId = await idOf(SEEDED_ADMIN_LOGINS.superAdmin);
    const [superRole] = (await api.get<Json[]>(`/api/v1/users/${samId}/roles`)).body;
    expect((await api.get<Json[]>(`/api/v1/users/${samId}/roles/${String(superRole?.id)}/targets/groups`)).body).toEqual([]);
    const unknown = await api.get<Json>(`/api/v1/users/${samId}/roles/ra1nosuchassignment0/targets/groups`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe('E0000007');
  });

  it('pages with limit and after through the Link header', async () => {
    const [engineering, sales] = [await groupNamed('Engineering'), await groupNamed('Sales')];
    const minted = await mintToken(sandbox, { login: 'two.groups@example.org', roles: ['HELP_DESK_ADMIN'], groupIds: [String(engineering.id), String(sales.id)] });
    const roleId = String(minted.roles[0]?.id);
    const first = await api.get<Json[]>(`/api/v1/users/${minted.userId}/roles/${roleId}/targets/groups?limit=1`);
    expect(first.body).toHaveLength(1);
    const next = parseLinks(first.headers.get('link')).next;
    expect(next).toBeDefined();
    const second = await api.get<Json[]>(next as string);
    expect([...first.body, ...second.body].map((group) => group.id).sort()).toEqual([engineering.id, sales.id].sort());
    expect(parseLinks(second.headers.get('link')).next).toBeUndefined();
  });

  it('is refused (403) to the read-only token, whose custom role has no role reads', async () => {
    const refused = await sandboxClient(sandbox, sandbox.readOnlyToken).get<Json>('/api/v1/users/isaac@example.org/roles');
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe('E0000006');
  });
});

describe('POST /sandbox/v1/tokens', () => {
  it('creates the admin when the login is new, gives the roles, logs the grant and answers the token once', async () => {
    const support = await groupNamed('Support-managed users');
    const minted = await mintToken(sandbox, { login: 'new.desk@example.org', roles: ['HELP_DESK_ADMIN'], groupIds: [String(support.id)] });
    expect(minted).toMatchObject({ token: expect.stringMatching(/^sbx_/), id: expect.stringMatching(/^00T/), login: 'new.desk@example.org' });
    const user = await api.get<Json>('/api/v1/users/new.desk@example.org');
    expect(user.body).toMatchObject({ status: 'ACTIVE', profile: { firstName: 'New', lastName: 'Desk' } });
    const listed = await api.get<Json[]>('/sandbox/v1/tokens');
    const entry = listed.body.find((token) => token.id === minted.id);
    expect(entry).toMatchObject({ login: 'new.desk@example.org', roles: [{ type: 'HELP_DESK_ADMIN' }] });
    expect(JSON.stringify(listed.body)).not.toContain(minted.token);
    const grants = await api.get<Json[]>(`/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.account.privilege.grant" and target.id eq "${minted.userId}"`)}`);
    expect(grants.body[0]).toMatchObject({ debugContext: { debugData: { privilegeGranted: 'Help Desk administrator' } } });
  });

  it('refuses bad requests with one cause each, and the read-only token', async () => {
    const bad = await api.post<Json>('/sandbox/v1/tokens', { login: 'not-an-email', roles: ['GOD_MODE', { type: 'CUSTOM', permissions: ['okta.logs.read'] }], groupIds: ['00gnosuchgroup000000'], extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('E0000001');
    expect((bad.body.errorCauses as Json[]).map((cause) => String(cause.errorSummary).split(':')[0])).toEqual(['extra', 'login', 'groupIds', 'roles', 'roles']);
    const limitedWrongly = await api.post<Json>('/sandbox/v1/tokens', { login: 'x@example.org', roles: ['ORG_ADMIN'], groupIds: [String((await groupNamed('Sales')).id)] });
    expect(limitedWrongly.status).toBe(400);
    expect((await sandboxClient(sandbox, sandbox.readOnlyToken).post('/sandbox/v1/tokens', { login: 'x@example.org' })).status).toBe(403);
    expect((await api.get<Json>('/api/v1/users/x@example.org')).status).toBe(404);
  });
});
