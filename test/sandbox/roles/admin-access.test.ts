import { beforeAll, describe, expect, it } from 'vitest';
import { mintToken, SEEDED_ADMIN_LOGINS } from '../support/admin-tokens';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 80, seed: 'admin-access-test' });
const api = sandboxClient(sandbox);

/** Okta's access-denied body (management-minimal.yaml ErrorAccessDenied), errorId aside. */
const ACCESS_DENIED = { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorLink: 'E0000006', errorCauses: [] };

type Caller = 'super' | 'org' | 'helpDesk' | 'readOnlyAdmin' | 'readOnlyToken';
type Target = 'isaac' | 'outsider' | 'superAdmin' | 'orgAdmin' | 'readOnlyAdmin' | 'helpDesk';

describe('per-target permissions of each admin role', () => {
  const tokens = {} as Record<Caller, string>;
  const ids = {} as Record<Target, string>;

  beforeAll(async () => {
    tokens.super = sandbox.token;
    tokens.readOnlyToken = sandbox.readOnlyToken;
    tokens.org = (await mintToken(sandbox, { login: SEEDED_ADMIN_LOGINS.orgAdmin })).token;
    tokens.helpDesk = (await mintToken(sandbox, { login: SEEDED_ADMIN_LOGINS.helpDesk })).token;
    tokens.readOnlyAdmin = (await mintToken(sandbox, { login: SEEDED_ADMIN_LOGINS.readOnlyAdmin })).token;
    const idOf = async (login: string) => String((await api.get<Json>(`/api/v1/users/${login}`)).body.id);
    ids.isaac = await idOf('isaac@example.org');
    ids.superAdmin = await idOf(SEEDED_ADMIN_LOGINS.superAdmin);
    ids.orgAdmin = await idOf(SEEDED_ADMIN_LOGINS.orgAdmin);
    ids.readOnlyAdmin = await idOf(SEEDED_ADMIN_LOGINS.readOnlyAdmin);
    ids.helpDesk = await idOf(SEEDED_ADMIN_LOGINS.helpDesk);
    // An Engineering user who is not one of the fixed ones: outside the help desk's group.
    const support = (await api.get<Json[]>(`/api/v1/groups?q=${encodeURIComponent('Support-managed')}`)).body[0];
    const members = new Set((await api.get<Json[]>(`/api/v1/groups/${String(support?.id)}/users?limit=1000`)).body.map((user) => user.id));
    const engineers = await api.get<Json[]>(`/api/v1/users?search=${encodeURIComponent('profile.department eq "Engineering" and status eq "ACTIVE"')}`);
    const outsider = engineers.body.find((user) => !members.has(user.id));
    if (!outsider) throw new Error('the seeded directory has no Engineering user outside the Support group');
    ids.outsider = String(outsider.id);
  });

  const targets: Target[] = ['isaac', 'outsider', 'superAdmin', 'orgAdmin', 'readOnlyAdmin', 'helpDesk'];
  const statusesFor = async (caller: Caller, request: (id: string, client: ReturnType<typeof sandboxClient>) => Promise<{ status: number }>) => {
    const client = sandboxClient(sandbox, tokens[caller]);
    const out: Record<string, number> = {};
    for (const target of targets) out[target] = (await request(ids[target], client)).status;
    return out;
  };

  it('clearing sessions (a help desk action): the super admin may act on anyone; the org admin on non-admins; the help desk on non-admins in its group; read-only callers on nobody', async () => {
    const clear = (id: string, client: ReturnType<typeof sandboxClient>) => client.del(`/api/v1/users/${id}/sessions`);
    expect(await statusesFor('super', clear)).toEqual({ isaac: 204, outsider: 204, superAdmin: 204, orgAdmin: 204, readOnlyAdmin: 204, helpDesk: 204 });
    expect(await statusesFor('org', clear)).toEqual({ isaac: 204, outsider: 204, superAdmin: 403, orgAdmin: 403, readOnlyAdmin: 403, helpDesk: 403 });
    expect(await statusesFor('helpDesk', clear)).toEqual({ isaac: 204, outsider: 403, superAdmin: 403, orgAdmin: 403, readOnlyAdmin: 403, helpDesk: 403 });
    expect(await statusesFor('readOnlyAdmin', clear)).toEqual({ isaac: 403, outsider: 403, superAdmin: 403, orgAdmin: 403, readOnlyAdmin: 403, helpDesk: 403 });
    expect(await statusesFor('readOnlyToken', clear)).toEqual({ isaac: 403, outsider: 403, superAdmin: 403, orgAdmin: 403, readOnlyAdmin: 403, helpDesk: 403 });
  });

  it("reading a user: everyone reads everyone, except that the group-limited help desk doesn't see users outside its group (404)", async () => {
    const read = (id: string, client: ReturnType<typeof sandboxClient>) => client.get(`/api/v1/users/${id}`);
    for (const caller of ['super', 'org', 'readOnlyAdmin', 'readOnlyToken'] as const) {
      expect(await statusesFor(caller, read), caller).toEqual({ isaac: 200, outsider: 200, superAdmin: 200, orgAdmin: 200, readOnlyAdmin: 200, helpDesk: 200 });
    }
    // Admins in its group (the super admin, org admin and read-only admin are) are visible; changing them is not allowed.
    expect(await statusesFor('helpDesk', read)).toEqual({ isaac: 200, outsider: 404, superAdmin: 200, orgAdmin: 200, readOnlyAdmin: 200, helpDesk: 200 });
    const hidden = await sandboxClient(sandbox, tokens.helpDesk).get<Json>(`/api/v1/users/${ids.outsider}/factors`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ errorCode: 'E0000007' });
  });

  it("refuses a help desk acting on an admin's factors with Okta's exact access-denied body, and lets it reset a non-admin's", async () => {
    const helpDesk = sandboxClient(sandbox, tokens.helpDesk);
    const superFactors = await api.get<Json[]>(`/api/v1/users/${ids.superAdmin}/factors`);
    const factorId = String(superFactors.body[0]?.id);
    for (const refused of [
      await helpDesk.post<Json>(`/api/v1/users/${ids.superAdmin}/lifecycle/reset_factors`),
      await helpDesk.del<Json>(`/api/v1/users/${ids.superAdmin}/factors/${factorId}`),
      await helpDesk.post<Json>(`/api/v1/users/${ids.superAdmin}/factors/${factorId}/verify`, undefined, { 'User-Agent': 'admin-access-test' }),
      await helpDesk.post<Json>(`/api/v1/users/${ids.orgAdmin}/factors`, { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } }),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject(ACCESS_DENIED);
      expect(refused.body.errorId).toEqual(expect.any(String));
    }
    // Nothing changed.
    expect((await api.get<Json[]>(`/api/v1/users/${ids.superAdmin}/factors`)).body.map((f) => f.id)).toEqual(superFactors.body.map((f) => f.id));
    expect((await helpDesk.post(`/api/v1/users/${ids.isaac}/lifecycle/reset_factors`)).status).toBe(200);
    expect((await api.get<Json[]>(`/api/v1/users/${ids.isaac}/factors`)).body).toEqual([]);
  });

  it('only a super admin may act on a super admin or on any other admin', async () => {
    const otherSuper = await mintToken(sandbox, { login: SEEDED_ADMIN_LOGINS.superAdmin });
    const asOtherSuper = sandboxClient(sandbox, otherSuper.token);
    expect((await asOtherSuper.del(`/api/v1/users/${ids.orgAdmin}/sessions`)).status).toBe(204);
    const orgAdmin = sandboxClient(sandbox, tokens.org);
    expect((await orgAdmin.post<Json>(`/api/v1/users/${ids.superAdmin}/lifecycle/reset_factors`)).body).toMatchObject(ACCESS_DENIED);
    // An org admin acting on itself is acting on an admin.
    expect((await orgAdmin.del(`/api/v1/users/${ids.orgAdmin}/sessions`)).status).toBe(403);
  });

  it('lists only the users and groups a group-limited help desk reaches', async () => {
    const helpDesk = sandboxClient(sandbox, tokens.helpDesk);
    const listed = await helpDesk.get<Json[]>('/api/v1/users?limit=200');
    const listedIds = listed.body.map((user) => user.id);
    expect(listedIds).toContain(ids.isaac);
    expect(listedIds).not.toContain(ids.outsider);
    expect(listedIds.length).toBeLessThan((await api.get<Json[]>('/api/v1/users?limit=200')).body.length);
    const searched = await helpDesk.get<Json[]>(`/api/v1/users?search=${encodeURIComponent(`id eq "${ids.outsider}"`)}`);
    expect(searched.body).toEqual([]);
    const groups = await helpDesk.get<Json[]>('/api/v1/groups');
    expect(groups.body.map((group) => (group.profile as Json).name)).toEqual(['Support-managed users']);
    const everyone = (await api.get<Json[]>('/api/v1/groups?q=Everyone')).body[0];
    expect((await helpDesk.get(`/api/v1/groups/${String(everyone?.id)}`)).status).toBe(404);
  });

  it('the System Log: super, org and read-only admins read it; the help desk and the read-only token have no report access unless given REPORT_ADMIN', async () => {
    const statuses: Record<string, number> = {};
    for (const caller of ['super', 'org', 'helpDesk', 'readOnlyAdmin', 'readOnlyToken'] as const) {
      statuses[caller] = (await sandboxClient(sandbox, tokens[caller]).get('/api/v1/logs?limit=1')).status;
    }
    expect(statuses).toEqual({ super: 200, org: 200, helpDesk: 403, readOnlyAdmin: 200, readOnlyToken: 403 });
    const reporting = await mintToken(sandbox, { login: 'desk.reporter@example.org', roles: ['HELP_DESK_ADMIN', 'REPORT_ADMIN'] });
    expect((await sandboxClient(sandbox, reporting.token).get('/api/v1/logs?limit=1')).status).toBe(200);
    const reportOnly = await mintToken(sandbox, { login: 'report.only@example.org', roles: ['REPORT_ADMIN'] });
    expect((await sandboxClient(sandbox, reportOnly.token).get(`/api/v1/users/${ids.isaac}`)).status).toBe(403);
  });

  it('an unlimited help desk reaches every non-admin, and a custom role does exactly what it lists', async () => {
    const everywhere = sandboxClient(sandbox, (await mintToken(sandbox, { login: 'desk.everywhere@example.org', roles: ['HELP_DESK_ADMIN'] })).token);
    expect((await everywhere.del(`/api/v1/users/${ids.outsider}/sessions`)).status).toBe(204);
    expect((await everywhere.del(`/api/v1/users/${ids.readOnlyAdmin}/sessions`)).status).toBe(403);
    const custom = await mintToken(sandbox, {
      login: 'unlocker@example.org',
      roles: [{ type: 'CUSTOM', label: 'Unlocker', permissions: ['okta.users.read', 'okta.users.manage'] }],
    });
    const asCustom = sandboxClient(sandbox, custom.token);
    expect((await asCustom.del(`/api/v1/users/${ids.outsider}/sessions`)).status).toBe(204);
    expect((await asCustom.get('/api/v1/groups')).status).toBe(403);
    expect((await asCustom.get(`/api/v1/users/${ids.isaac}/roles`)).status).toBe(403);
  });

  it("applies a change of the token owner's roles to its next call, and refuses a revoked token (401)", async () => {
    const first = await mintToken(sandbox, { login: 'promoted@example.org', roles: ['READ_ONLY_ADMIN'] });
    const client = sandboxClient(sandbox, first.token);
    expect((await client.del(`/api/v1/users/${ids.isaac}/sessions`)).status).toBe(403);
    await mintToken(sandbox, { login: 'promoted@example.org', roles: ['ORG_ADMIN'] });
    expect((await client.del(`/api/v1/users/${ids.isaac}/sessions`)).status).toBe(204);
    expect((await api.del(`/sandbox/v1/tokens/${first.id}`)).status).toBe(204);
    expect((await client.get('/api/v1/users/me')).status).toBe(401);
    expect((await api.del(`/sandbox/v1/tokens/${first.id}`)).status).toBe(404);
  });

  it('acts in the System Log as the token owner, naming the token', async () => {
    const helpDesk = sandboxClient(sandbox, tokens.helpDesk);
    expect((await helpDesk.del(`/api/v1/users/${ids.isaac}/sessions`)).status).toBe(204);
    const events = await api.get<Json[]>(`/api/v1/logs?sortOrder=DESCENDING&limit=1&filter=${encodeURIComponent('eventType eq "user.session.clear"')}`);
    expect(events.body[0]).toMatchObject({
      actor: { id: ids.helpDesk, alternateId: SEEDED_ADMIN_LOGINS.helpDesk },
      target: [{ id: ids.isaac }],
      transaction: { detail: { requestApiTokenId: expect.stringMatching(/^00T/) } },
    });
    expect((await helpDesk.get<Json>('/api/v1/users/me')).body).toMatchObject({ id: ids.helpDesk });
  });
});
