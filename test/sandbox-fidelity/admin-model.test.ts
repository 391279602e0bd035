import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ContractExpectations } from './support/contract-expectations';
import { arrayOf, at, objectAt, stringAt } from './support/json-path';
import { OktaErrorCodes } from './support/okta-error-codes';
import { OktaOpenApi } from './support/okta-openapi';
import { describeResponse, type OrgResponse } from './support/org-http';
import { startOrg, type RunningOrg } from './support/sandbox-org';
import { oktaReferenceDir, sharedMaterialPresent } from '../support/shared-material';

// The sandbox's admin model and the APIs around it, checked against Okta's reference: the Groups
// and role assignment answers against management-minimal.yaml (schemas, examples, and the values
// Okta's examples fix, such as role labels), refusals against error-codes.json, and the default
// rate limits against Okta's rate-limit tables.

const referencePresent = sharedMaterialPresent(oktaReferenceDir, 'admin model fidelity tests (test/sandbox-fidelity/admin-model.test.ts)');

describe.skipIf(!referencePresent)('sandbox admin model follows Okta\'s reference', () => {
  let spec: OktaOpenApi;
  let errors: OktaErrorCodes;
  let expectContract: ContractExpectations;
  let org: RunningOrg;
  let helpDeskToken: string;

  beforeAll(async () => {
    spec = new OktaOpenApi(oktaReferenceDir);
    errors = new OktaErrorCodes(oktaReferenceDir);
    expectContract = new ContractExpectations(spec);
    org = await startOrg();
    const minted = await org.http.post('/sandbox/v1/tokens', { login: 'hana.hughes@example.org' });
    expect(minted.status, describeResponse(minted)).toBe(200);
    helpDeskToken = stringAt(minted.body, 'token');
  });
  afterAll(async () => {
    await org?.close();
  });

  function expectError(response: OrgResponse, code: string): void {
    expect(errors.problemsWith(response, code), describeResponse(response)).toEqual([]);
    expectContract.schema('Error', response.body, code);
  }

  const groupNamed = async (name: string): Promise<string> => {
    const found = await org.http.get(`/api/v1/groups?search=${encodeURIComponent(`profile.name eq "${name}"`)}`);
    return stringAt(arrayOf(found.body, 'groups')[0], 'id');
  };

  describe('Groups API', () => {
    test('list, search, get, members and a user\'s groups match Group and User, with the fields of Okta\'s group example', async () => {
      const list = await org.http.get('/api/v1/groups?expand=stats');
      expectContract.documented('GET', '/api/v1/groups', list);
      const example = spec.example('group-example');
      for (const group of arrayOf(list.body, 'groups')) expectContract.exampleValueShape('group-example', example, group);
      const searched = await org.http.get(`/api/v1/groups?search=${encodeURIComponent('type eq "OKTA_GROUP"')}&limit=2`);
      expectContract.documented('GET', '/api/v1/groups', searched);

      const engineering = await groupNamed('Engineering');
      const one = await org.http.get(`/api/v1/groups/${engineering}`);
      expectContract.documented('GET', '/api/v1/groups/{groupId}', one);
      expect(at(one.body, 'objectClass')).toEqual(at(example, 'objectClass'));
      const members = await org.http.get(`/api/v1/groups/${engineering}/users?limit=3`);
      expectContract.documented('GET', '/api/v1/groups/{groupId}/users', members);
      expect(members.headers.get('link')).toMatch(/rel="next"/);
      const isaacGroups = await org.http.get(`/api/v1/users/${org.isaacId}/groups`);
      expectContract.documented('GET', '/api/v1/users/{id}/groups', isaacGroups);
      const missing = await org.http.get('/api/v1/groups/00gnosuchgroup000000');
      expectContract.documented('GET', '/api/v1/groups/{groupId}', missing);
      expectError(missing, 'E0000007');
    });
  });

  describe('role assignments', () => {
    test("list a user's roles as StandardRole / CustomRole, with the labels, status and assignment type Okta's examples fix", async () => {
      const examples = [spec.example('StandardRoleResponseUser'), ...arrayOf(spec.example('StandardRolesListResponse'), 'StandardRolesListResponse')];
      const oktaLabel = (type: string): unknown => at(examples.find((example) => at(example, 'type') === type), 'label');
      for (const [login, type] of [['sam.shaw@example.org', 'SUPER_ADMIN'], ['orla.ortiz@example.org', 'ORG_ADMIN'], ['hana.hughes@example.org', 'HELP_DESK_ADMIN']] as const) {
        const roles = await org.http.get(`/api/v1/users/${login}/roles?expand=targets/groups`);
        expectContract.documented('GET', '/api/v1/users/{userId}/roles', roles);
        const [role] = arrayOf(roles.body, 'roles');
        expectContract.schema('StandardRole', role, `${login} role`);
        expectContract.exampleShape('StandardRoleResponseUser', role);
        expect(at(role, 'type')).toBe(type);
        expect(at(role, 'label'), `${type} label`).toBe(oktaLabel(type));
        expect(at(role, 'status')).toBe('ACTIVE');
        expect(at(role, 'assignmentType')).toBe('USER');
        expect(stringAt(role, '_links.assignee.href')).toMatch(/\/api\/v1\/users\/00u[A-Za-z0-9]{17}$/);
      }
      const custom = await org.http.get('/api/v1/users/sandbox.auditor@example.org/roles');
      const [customRole] = arrayOf(custom.body, 'roles');
      expectContract.schema('CustomRole', customRole, 'custom role');
      const customExample = arrayOf(spec.example('StandardAndCustomRolesListResponse'), 'examples').find((example) => at(example, 'type') === 'CUSTOM');
      expectContract.exampleValueShape('StandardAndCustomRolesListResponse (CUSTOM)', customExample, customRole);
      // The role schema (an inline oneOf picked by `type`) can fail: a wrong status or type is caught.
      const documented = spec.documentedResponse('GET', '/api/v1/users/{userId}/roles', 200);
      const superRole = arrayOf((await org.http.get('/api/v1/users/sam.shaw@example.org/roles')).body, 'roles')[0];
      expect(spec.validateAgainst(documented?.schema ?? {}, [superRole]).valid).toBe(true);
      expect(spec.validateAgainst(documented?.schema ?? {}, [{ ...objectAt(superRole, ''), status: 'MAYBE' }]).valid).toBe(false);
      expect(spec.validateAgainst(documented?.schema ?? {}, [{ ...objectAt(superRole, ''), type: 'NOT_A_ROLE' }]).valid).toBe(false);
      const none = await org.http.get(`/api/v1/users/${org.isaacId}/roles`);
      expectContract.documented('GET', '/api/v1/users/{userId}/roles', none);
      expect(none.body).toEqual([]);
    });

    test('group targets of a role match Group[], [] when the role is not limited to groups', async () => {
      const roles = await org.http.get('/api/v1/users/hana.hughes@example.org/roles');
      const hanaId = stringAt((await org.http.get('/api/v1/users/hana.hughes@example.org')).body, 'id');
      const targets = await org.http.get(`/api/v1/users/${hanaId}/roles/${stringAt(arrayOf(roles.body, 'roles')[0], 'id')}/targets/groups`);
      expectContract.documented('GET', '/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/groups', targets);
      expect(arrayOf(targets.body, 'targets').map((group) => at(group, 'profile.name'))).toEqual(['Support-managed users']);
    });
  });

  describe('refusals', () => {
    test("a help desk acting on an admin: 403 E0000006, Okta's documented refusal for the operation; reading outside its groups: 404 E0000007", async () => {
      const samId = stringAt((await org.http.get('/api/v1/users/sam.shaw@example.org')).body, 'id');
      const refused = await org.http.post(`/api/v1/users/${samId}/lifecycle/reset_factors`, undefined, { token: helpDeskToken });
      expectError(refused, 'E0000006');
      expectContract.documented('POST', '/api/v1/users/{id}/lifecycle/reset_factors', refused);
      expect(objectAt(refused.body, '')).toMatchObject({ errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] });
      const sessions = await org.http.delete(`/api/v1/users/${samId}/sessions`, { token: helpDeskToken });
      expectError(sessions, 'E0000006');
      expectContract.documented('DELETE', '/api/v1/users/{userId}/sessions', sessions);
      const cleared = await org.http.delete(`/api/v1/users/${org.isaacId}/sessions`, { token: helpDeskToken });
      expectContract.documented('DELETE', '/api/v1/users/{userId}/sessions', cleared);
      expect(cleared.status).toBe(204);

      const engineers = await org.http.get(`/api/v1/groups/${await groupNamed('Engineering')}/users?limit=200`);
      const supportMembers = await org.http.get(`/api/v1/groups/${await groupNamed('Support-managed users')}/users?limit=1000`);
      const inside = new Set(arrayOf(supportMembers.body, 'members').map((user) => at(user, 'id')));
      const outsider = arrayOf(engineers.body, 'engineers').find((user) => !inside.has(at(user, 'id')));
      const hidden = await org.http.get(`/api/v1/users/${stringAt(outsider, 'id')}`, { token: helpDeskToken });
      expectError(hidden, 'E0000007');
      expectContract.documented('GET', '/api/v1/users/{id}', hidden);
    });

    test("a token over its share: 429 E0000047 with Okta's body while the org's bucket has room", async () => {
      const limited = await org.http.post('/sandbox/v1/rate-limits', { logs: 4 });
      expect(limited.status, describeResponse(limited)).toBe(200);
      const statuses: number[] = [];
      let last: OrgResponse | undefined;
      for (let i = 0; i < 3; i++) {
        last = await org.http.get('/api/v1/logs?limit=1');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expectError(last as OrgResponse, 'E0000047');
      expectContract.documented('GET', '/api/v1/logs', last as OrgResponse);
      expect((await org.http.get('/api/v1/logs?limit=1', { token: org.readOnlyToken })).status).toBe(403);
      const reader = await org.http.post('/sandbox/v1/tokens', { login: 'remy.reed@example.org' });
      expect((await org.http.get('/api/v1/logs?limit=1', { token: stringAt(reader.body, 'token') })).status).toBe(200);
      await org.http.post('/sandbox/v1/rate-limits', { logs: 120 });
    });
  });

  describe('rate limits', () => {
    const table = (file: string): string => readFileSync(join(oktaReferenceDir, file), 'utf8');
    /** The last number of the Markdown table row holding `label`: the Workforce column of rl-global-mgmt.md. */
    const workforceLimit = (label: string): number => {
      const row = table('rl-global-mgmt.md').split('\n').find((line) => line.startsWith('|') && line.includes(label));
      if (!row) throw new Error(`rl-global-mgmt.md has no row "${label}"`);
      const cells = row.split('|').map((cell) => cell.trim()).filter(Boolean);
      return Number((cells.at(-1) ?? '').replace(/,/g, ''));
    };

    test("the default limits are the Workforce column of Okta's management table, 75 in flight and a 50 % share per token", async () => {
      const settings = await org.http.get('/sandbox/v1/rate-limits');
      expect(objectAt(settings.body, '')).toMatchObject({
        usersList: workforceLimit('**Create or list users:**'),
        userGet: workforceLimit('**Get a user by ID or sign in**'),
        userWrite: workforceLimit('**Update or delete a user by ID:**'),
        groupsList: workforceLimit('**Create or list groups:**'),
        groupById: workforceLimit('**Get, update, or delete a group by ID:**'),
        logs: workforceLimit('**Get System Log data:**<br>`/api/v1/logs`'),
        api: workforceLimit('**Most other API actions:**'),
      });
      const share = table('rl2-token-share.md');
      const concurrency = /\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*$/m.exec(share.slice(share.indexOf('| Integrator Free plan')));
      expect(at(settings.body, 'concurrent')).toBe(Number(concurrency?.[3]));
      expect(at(settings.body, 'principalDefaults.percentage')).toBe(Number(/can use up to (\d+)% of a bucket/.exec(share)?.[1]));
    });

    test("licences multiply the listed single-read and authentication buckets as Okta's table says, and nothing else", async () => {
      const words: Record<string, number> = { Five: 5, '10': 10 };
      const rows = table('rl-add.md').split('\n').filter((line) => /^\|\s*(<|\d|>)/.test(line) && line.includes('rate limit'));
      const factor = (row: string | undefined): number => (row?.includes('default rate limit') && !/times/.test(row) ? 1 : words[/(Five|10) times/.exec(row ?? '')?.[1] ?? ''] ?? NaN);
      const expected = rows.map(factor);
      expect(expected).toEqual([1, 5, 10]);
      const effective: number[] = [];
      for (const licences of [9_999, 10_000, 100_001]) {
        const changed = await org.http.post('/sandbox/v1/rate-limits', { licences });
        effective.push(Number(at(changed.body, 'effective.userGet')) / Number(at(changed.body, 'userGet')));
        expect(at(changed.body, 'effective.usersList')).toBe(at(changed.body, 'usersList'));
        expect(at(changed.body, 'effective.logs')).toBe(at(changed.body, 'logs'));
      }
      expect(effective).toEqual(expected);
      await org.http.post('/sandbox/v1/rate-limits', { licences: 1000 });
    });
  });
});
