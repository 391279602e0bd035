import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { BulkJobView } from '../../contract';
import { FactorDeskError } from '../../contract/errors';
import { AuditJournal } from '../core/audit';
import { BulkJobs } from '../core/bulk/bulk-jobs';
import { OrgSessions } from '../core/auth/org-sessions';
import type { ActiveOrg } from '../core/feature-context';
import { OktaClient } from '../core/okta';
import { ConnectionRegistry, type CreateOktaClient } from '../core/orgs/connection-registry';
import { OrgCredentials } from '../core/orgs/org-credentials';
import { isSandboxOrg } from '../core/orgs/saved-org-check';
import { SavedOrgs } from '../core/orgs/saved-orgs';
import { loadManagedPolicy, machinePolicyPaths, OrgRules } from '../core/policy';
import { policyInvalid } from '../core/policy/policy-errors';
import { createKeychainSecretStore } from '../core/secrets/keychain-store';
import type { SecretStore } from '../core/secrets/secret-store';
import { createSessionSecretStore } from '../core/secrets/session-store';
import { createSettingsStore } from '../core/settings/settings-store';
import type { SavedOrg } from '../core/settings/settings-schema';

/** The desktop app's data folder (settings.json, the audit journal, bulk jobs), unless FACTORDESK_DATA_DIR says otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FACTORDESK_DATA_DIR) return env.FACTORDESK_DATA_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'FactorDesk');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'FactorDesk');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'FactorDesk');
}

export interface HeadlessSession {
  jobs: BulkJobs;
  org: SavedOrg;
  close(): Promise<void>;
}

function agentName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * The agent's sign-in cannot be renewed without them: the command cannot show Okta's sign-in page,
 * so it says to sign in in the app (which keeps the new sign-in in the keychain) and run again.
 */
function signInInTheApp(org: SavedOrg, error: FactorDeskError): FactorDeskError {
  return new FactorDeskError({
    code: 'SIGN_IN_REQUIRED',
    message: `${org.name} needs a new sign-in with Okta, which only the FactorDesk app can do (the command line has no browser). ${error.data.message}`,
    action: `Open FactorDesk, sign in to ${org.name} with Okta, then run the command again. For scheduled jobs, connect the org with a service app instead.`,
  });
}

/**
 * The same core services the app uses, without a window: the saved orgs in the data folder, their
 * credentials from the keychain through OrgCredentials, OrgSessions and the ConnectionRegistry (the
 * one place a credential becomes a client), the audit journal and the bulk jobs. An API token, a
 * service app (client credentials with its key, the recommended way for scheduled jobs) or an
 * agent's sign-in (its refresh token) all work; an agent whose sign-in needs renewing in the browser
 * is told so before anything runs. The engine only ever gets the org's client and who acts.
 */
export async function openHeadlessSession(options: {
  dataDir: string;
  org: string;
  onChange?(view: BulkJobView): void;
  keychain?: SecretStore;
  createClient?: CreateOktaClient;
  /**
   * Tests only: the managed policy file to read instead of the machine-wide one. Like the app, the
   * command has no flag or environment variable for it: an override any user could set would let
   * them run bulk jobs outside their desk's policy.
   */
  policyPath?: string;
}): Promise<HeadlessSession> {
  // The desk's policy, as the app reads it: an invalid file runs nothing, a refused org is never connected.
  const loadedPolicy = loadManagedPolicy(options.policyPath ? [options.policyPath] : machinePolicyPaths());
  if (!loadedPolicy.ok) throw policyInvalid(loadedPolicy.invalid, 'command_line');
  const rules = new OrgRules(loadedPolicy.policy);
  const now = () => new Date();
  const saved = new SavedOrgs(createSettingsStore(options.dataDir, now));
  const settings = await saved.read();
  const wanted = options.org.trim().toLowerCase();
  const matches = settings.orgs.filter((org) => org.id === options.org || org.name.trim().toLowerCase() === wanted);
  if (matches.length !== 1) {
    const names = settings.orgs.map((org) => `"${org.name}"`).join(', ') || 'none';
    throw new FactorDeskError({
      code: 'NOT_CONNECTED',
      message: matches.length === 0 ? `No saved org is called "${options.org}" (saved: ${names}).` : `More than one saved org is called "${options.org}".`,
      action: matches.length === 0 ? 'Add the org in FactorDesk first, or give its exact name or id.' : 'Give the org id instead of its name.',
    });
  }
  const org = matches[0] as SavedOrg;
  // Before its credentials are looked at (ConnectionRegistry.connect checks again).
  rules.requireAllowed(org);
  if (isSandboxOrg(org) || org.tokenStorage !== 'keychain') {
    throw new FactorDeskError({
      code: 'NOT_CONNECTED',
      message: `${org.name}'s credentials are kept for the app's session only, so the command line cannot use them.`,
      action: 'Edit the org in FactorDesk and save its credentials in the system keychain (a service app is recommended for scheduled jobs).',
    });
  }
  const credentials = new OrgCredentials({ keychain: options.keychain ?? createKeychainSecretStore(), session: createSessionSecretStore(), sandboxRunning: () => false });
  const sessions = new OrgSessions(credentials);
  const createClient: CreateOktaClient = options.createClient ?? ((target) => new OktaClient(target));
  const connections = new ConnectionRegistry({ saved, credentials, sessions, createClient, rules });
  let session: ActiveOrg;
  try {
    session = await connections.workIn(org);
    // An agent's sign-in is renewed now (its refresh token), not in the middle of a job.
    if (session.signIn) await (await sessions.sessionFor(org))?.accessToken();
  } catch (error) {
    await connections.close();
    await sessions.close();
    if (error instanceof FactorDeskError && error.data.code === 'SIGN_IN_REQUIRED') throw signInInTheApp(org, error);
    throw error;
  }
  const auditJournal = new AuditJournal({ dataDir: options.dataDir, agent: agentName(), now });
  const jobs = new BulkJobs({
    dataDir: options.dataDir,
    agent: agentName(),
    now,
    auditJournal,
    orgSession: async (orgId) => {
      if (orgId !== undefined && orgId !== org.id) throw new FactorDeskError({ code: 'NOT_CONNECTED', message: 'That job belongs to another org.', action: `Run it with --org for its own org.` });
      return session;
    },
    ...(options.onChange ? { onChange: options.onChange } : {}),
    log: (message, error) => process.stderr.write(`${message}: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  return {
    jobs,
    org,
    async close() {
      await jobs.close();
      await auditJournal.close();
      await connections.close();
      await sessions.close();
    },
  };
}
