import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startSandbox, type OrgEngine } from '../../../sandbox';
import { stringAt } from './json-path';
import { describeResponse, OrgHttp } from './org-http';
import { SimulatedUser } from './simulated-user';

export const ISAAC = { login: 'isaac@example.org', password: 'GoAw@y123' } as const;

/** Both kinds of org the sandbox imitates; every fidelity suite runs against each. */
export const ENGINES: readonly OrgEngine[] = ['oie', 'classic'];

export type RunningOrg = {
  engine: OrgEngine;
  url: string;
  token: string;
  readOnlyToken: string;
  http: OrgHttp;
  user: SimulatedUser;
  isaacId: string;
  /** Isaac without factors and the per-number / per-address send throttles past: how each test starts. */
  resetIsaac(): Promise<void>;
  close(): Promise<void>;
};

/** One sandbox org per test file, on a free port, with the seeds' Isaac Brock looked up by login. */
export async function startOrg(engine: OrgEngine = 'oie'): Promise<RunningOrg> {
  const sandbox = await startSandbox({ port: 0, engine });
  const http = new OrgHttp(sandbox.url, sandbox.token);
  const isaac = await http.get(`/api/v1/users/${encodeURIComponent(ISAAC.login)}`);
  if (isaac.status !== 200) {
    await sandbox.close();
    throw new Error(`The sandbox must always seed ${ISAAC.login}; looking it up answered ${describeResponse(isaac)}`);
  }
  const isaacId = stringAt(isaac.body, 'id');
  const user = new SimulatedUser(http);
  return {
    engine,
    url: sandbox.url,
    token: sandbox.token,
    readOnlyToken: sandbox.readOnlyToken,
    http,
    user,
    isaacId,
    async resetIsaac() {
      const reset = await http.post(`/api/v1/users/${isaacId}/lifecycle/reset_factors`);
      expect(reset.status, describeResponse(reset)).toBe(200);
      await user.advanceClock(60);
    },
    close: () => sandbox.close(),
  };
}

/**
 * Registers the hooks a suite of this folder needs: one org started before its tests, closed after
 * them, and Isaac reset before each test. Call inside the describe; the answered org is filled in
 * when the suite starts, so read its fields inside hooks and tests only.
 */
export function useOrgWithFreshIsaac(engine: OrgEngine = 'oie'): RunningOrg {
  const org = {} as RunningOrg;
  beforeAll(async () => {
    Object.assign(org, await startOrg(engine));
  });
  afterAll(async () => {
    // Absent when starting the org failed; beforeAll already reported why.
    if ('close' in org) await org.close();
  });
  beforeEach(async () => {
    await org.resetIsaac();
  });
  return org;
}

/** The org's own notion of "now", read from a timestamp it just wrote (its clock can be advanced). */
export function orgTimeFrom(timestamp: string): number {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new Error(`Not an ISO timestamp: ${timestamp}`);
  return ms;
}
