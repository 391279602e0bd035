// The headless command (`npm run bulk`) under the desk's managed policy, as the app is: a saved org
// outside `allowedOrgs` or connected with a forbidden method is refused before its credentials are
// read or any client is made (exit 3, POLICY_REFUSED), also when resuming a job; an invalid policy
// file runs nothing (POLICY_INVALID); an allowed org runs. In process (`main` with a policy file,
// keychain and client of the test's own: the command line itself only ever reads the machine's file).
import { randomUUID } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/bulk';
import { OktaClient } from '../../main/core/okta';
import type { CreateOktaClient } from '../../main/core/orgs/connection-registry';
import { OrgCredentials } from '../../main/core/orgs/org-credentials';
import { SavedOrgs } from '../../main/core/orgs/saved-orgs';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { createSessionSecretStore } from '../../main/core/secrets/session-store';
import { createSettingsStore } from '../../main/core/settings/settings-store';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { memoryKeychain } from '../core/orgs/core-harness';
import { useTempDirs } from '../support/temp-dirs';

const tempDir = useTempDirs('cli-policy');

let sandbox: RunningSandbox;
let login: string;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 20 });
  const response = await fetch(`${sandbox.url}/api/v1/users?limit=5`, { headers: { authorization: `SSWS ${sandbox.token}` } });
  const users = (await response.json()) as Array<{ status: string; profile: { login: string } }>;
  login = users.find((user) => user.status === 'ACTIVE')?.profile.login ?? '';
});
afterAll(async () => {
  await sandbox?.close();
});

interface Desk {
  dataDir: string;
  policyPath: string;
  input: string;
  keychain: SecretStore;
  /** Keychain reads of the org's token. */
  tokenReads: string[];
  /** Okta clients made, by the address they were made for. */
  clientsFor: string[];
  createClient: CreateOktaClient;
}

/** A data folder with Acme (https://acme.okta.com, API token in the keychain) saved, reached at the sandbox; and a policy file. */
async function desk(policy: unknown): Promise<Desk> {
  const dataDir = await tempDir();
  const policyPath = join(dataDir, 'policy.json');
  await writeFile(policyPath, typeof policy === 'string' ? policy : JSON.stringify(policy));
  const input = join(dataDir, 'users.csv');
  await writeFile(input, `login\n${login}\n`);
  const memory = memoryKeychain();
  const tokenReads: string[] = [];
  const keychain: SecretStore = { ...memory, get: async (account) => (tokenReads.push(account), memory.get(account)) };
  const org = { id: randomUUID(), name: 'Acme', url: 'https://acme.okta.com', kind: 'okta' as const, tokenStorage: 'keychain' as const, requireCallerVerification: true, connection: { method: 'ssws' as const } };
  await new OrgCredentials({ keychain: memory, session: createSessionSecretStore(), sandboxRunning: () => false }).store(org, 'keychain', sandbox.token);
  await new SavedOrgs(createSettingsStore(dataDir, () => new Date())).put(org, { selectIfNone: true });
  const clientsFor: string[] = [];
  const createClient: CreateOktaClient = (target) => {
    clientsFor.push(target.orgUrl);
    return new OktaClient({ ...target, orgUrl: sandbox.url });
  };
  return { dataDir, policyPath, input, keychain, tokenReads, clientsFor, createClient };
}

/** `npm run bulk -- <args>` without a terminal: its exit code and JSON lines. */
async function run(d: Desk, args: string[]): Promise<{ code: number; lines: Array<Record<string, unknown>> }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await main([...args, '--data-dir', d.dataDir], { stdout, stderr, tty: false }, { policyPath: d.policyPath, keychain: d.keychain, createClient: d.createClient });
  const lines = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines };
}

const jobsIn = async (dataDir: string): Promise<string[]> => readdir(join(dataDir, 'bulk-jobs')).catch(() => []);

describe('npm run bulk under the desk policy', { timeout: 60_000 }, () => {
  it('refuses an org outside allowedOrgs before reading its token or making a client, and makes no job', async () => {
    const d = await desk({ allowedOrgs: ['globex.okta.com'] });
    const refused = await run(d, ['inventory', '--org', 'Acme', '--input', d.input, '--dry-run']);
    expect(refused.code).toBe(3);
    expect(refused.lines.at(-1)).toMatchObject({
      event: 'error',
      code: 'POLICY_REFUSED',
      message: "Your organization's policy does not allow Acme (https://acme.okta.com) on this desk. It allows https://globex.okta.com.",
    });
    expect(d.tokenReads).toEqual([]);
    expect(d.clientsFor).toEqual([]);
    expect(await jobsIn(d.dataDir)).toEqual([]);
  });

  it('refuses an org whose connection method the policy forbids (API tokens)', async () => {
    const d = await desk({ allowedConnectionMethods: ['oauth', 'service'] });
    const refused = await run(d, ['clear-sessions', '--org', 'Acme', '--input', d.input, '--ticket', 'INC-1', '--reason', 'policy test', '--confirm', 'clear 1']);
    expect(refused.code).toBe(3);
    expect(refused.lines.at(-1)).toMatchObject({
      event: 'error',
      code: 'POLICY_REFUSED',
      message: "Your organization's policy does not allow connecting with API token (legacy), so FactorDesk does not use Acme's saved connection.",
    });
    expect(d.tokenReads).toEqual([]);
    expect(d.clientsFor).toEqual([]);
  });

  it('runs nothing when the policy file is invalid', async () => {
    const d = await desk('{ "allowSandbox": "no" }');
    const refused = await run(d, ['inventory', '--org', 'Acme', '--input', d.input, '--dry-run']);
    expect(refused.code).toBe(3);
    expect(refused.lines.at(-1)).toMatchObject({
      event: 'error',
      code: 'POLICY_INVALID',
      message: `Your organization's FactorDesk policy at ${d.policyPath} is invalid: allowSandbox: must be true or false (found "no"). Ask your IT team.`,
    });
    // The command line reads the file on every run: nothing to restart.
    expect(refused.lines.at(-1)).toMatchObject({ action: 'Ask your IT team to fix the policy file, then run the command again.' });
    expect(d.tokenReads).toEqual([]);
    expect(d.clientsFor).toEqual([]);
  });

  it('runs in an allowed org, and refuses resuming its job once the policy no longer allows the org', async () => {
    const d = await desk({ allowedOrgs: ['acme.okta.com'], allowedConnectionMethods: ['ssws'] });
    const allowed = await run(d, ['inventory', '--org', 'Acme', '--input', d.input, '--dry-run']);
    expect(allowed.code).toBe(0);
    expect(allowed.lines.find((line) => line.event === 'dry_run')).toMatchObject({ rows: 1, resolution: { ready: 1 } });
    expect(d.clientsFor).toEqual(['https://acme.okta.com']);
    const [jobId] = await jobsIn(d.dataDir);
    expect(jobId).toBeDefined();

    await writeFile(d.policyPath, JSON.stringify({ allowedOrgs: ['globex.okta.com'] }));
    d.tokenReads.length = 0;
    const resumed = await run(d, ['resume', jobId as string]);
    expect(resumed.code).toBe(3);
    expect(resumed.lines.at(-1)).toMatchObject({ event: 'error', code: 'POLICY_REFUSED' });
    expect(d.tokenReads).toEqual([]);
    expect(d.clientsFor).toEqual(['https://acme.okta.com']);
  });
});
