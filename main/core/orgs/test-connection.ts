import { FactorDeskError, type ConnectionTestResult, type ValidatedInput } from '../../../contract';
import { AgentSession } from '../auth/agent-session';
import { connectionPower, type PowerSubject } from '../auth/connection-power';
import type { OrgSessions } from '../auth/org-sessions';
import type { OktaClient } from '../okta';
import { getCurrentUser, listAnyUser, readAnyLogEvent } from '../okta/resources';
import type { OrgRules } from '../policy/org-rules';
import type { SavedOrg } from '../settings/settings-schema';
import type { ConnectionRegistry, CreateOktaClient } from './connection-registry';
import { noToken, savedTokenStaysWithItsUrl, testNeedsUrlAndToken } from './org-errors';
import type { OrgCredentials } from './org-credentials';
import { normalizeOrgUrl } from './org-url';
import { isSandboxOrg, savedOrgProblem } from './saved-org-check';
import type { SavedOrgs } from './saved-orgs';

export interface TestConnectionDeps {
  saved: Pick<SavedOrgs, 'find'>;
  credentials: Pick<OrgCredentials, 'tokenOf'>;
  connections: Pick<ConnectionRegistry, 'connect'>;
  sessions: Pick<OrgSessions, 'sessionFor'>;
  createClient: CreateOktaClient;
  /** The desk's policy: no credential goes to an org, or by a connection method, that it does not allow. */
  rules: Pick<OrgRules, 'requireAllowed' | 'requireAllowedConnection'>;
}

/** What identifies the token's owner to the agent: "Ada Admin (ada@acme.com)". */
function describeUser(profile: { login: string; firstName?: string | null; lastName?: string | null; displayName?: string | null }): string {
  const name = profile.displayName || [profile.firstName, profile.lastName].filter(Boolean).join(' ');
  return name ? `${name} (${profile.login})` : profile.login;
}

/**
/**
 * What to test: the address and API token typed in, or the saved org's, with either replaced. A
 * saved token is only ever tested against its own org's address, and no token goes to an org, or
 * by a connection method, that the desk's policy does not allow.
 */
export async function connectionTarget(
  input: ValidatedInput<'testConnection'>,
  deps: Pick<TestConnectionDeps, 'saved' | 'credentials' | 'rules'>,
): Promise<{ url: string; token: string }> {
  if (input.id) {
    const org = await deps.saved.find(input.id);
    deps.rules.requireAllowed(org);
    const sandbox = isSandboxOrg(org);
    const url = input.url && !sandbox ? normalizeOrgUrl(input.url) : org.url;
    if (url !== org.url && !input.token) throw savedTokenStaysWithItsUrl();
    // A token typed in is an API token, whatever the org is saved with (the sandbox: only allowSandbox governs it).
    if (input.token && !sandbox) deps.rules.requireAllowedConnection(url, 'ssws');
    // The saved address is only tested (with any token) when it passes the connection dialog's rules.
    const problem = url === org.url ? savedOrgProblem(org) : null;
    if (problem) throw problem;
    const token = input.token ?? (org.connection.method === 'ssws' ? await deps.credentials.tokenOf(org) : null);
    if (!token) throw noToken(org, sandbox ? 'Start the sandbox org again.' : 'Paste the API token to test it.');
    return { url, token };
  }
  if (!input.url || !input.token) throw testNeedsUrlAndToken();
  const url = normalizeOrgUrl(input.url);
  // A token typed into the dialog is an API token.
  deps.rules.requireAllowedConnection(url, 'ssws');
  return { url, token: input.token };
}

/**
 * "Test connection": who the calls act as, how long Okta took to answer, and what the
 * connection may do (scopes, admin roles and their reach, reading and resetting factors, the
 * System Log). A saved "Sign in with Okta" or service app org is tested with its own session;
 * anything else with the API token typed in or saved. Nothing is saved.
 */
export async function testConnection(input: ValidatedInput<'testConnection'>, deps: TestConnectionDeps): Promise<ConnectionTestResult> {
  const org = input.id ? await deps.saved.find(input.id) : undefined;
  const typedElsewhere = input.token !== undefined || (input.url !== undefined && org !== undefined && !isSandboxOrg(org) && normalizeOrgUrl(input.url) !== org.url);
  if (org && org.connection.method !== 'ssws' && !typedElsewhere) return testSavedOAuth(org, deps);
  const target = await connectionTarget(input, deps);
  const client = deps.createClient({ orgUrl: target.url, token: target.token });
  try {
    return await probeConnection(client);
  } finally {
    await client.close();
  }
}

/** An API token: who it belongs to (GET /api/v1/users/me), its admin roles, and the System Log. */
export async function probeConnection(client: OktaClient): Promise<ConnectionTestResult> {
  const started = performance.now();
  const identity = await whoIsTheToken(client);
  const latencyMs = Math.round(performance.now() - started);
  const canReadSystemLog = await mayReadSystemLog(client);
  const power = await connectionPower(client, { kind: 'api_token', name: identity, scopes: null }, canReadSystemLog);
  return { ok: true, identity, latencyMs, canReadSystemLog, power };
}

async function testSavedOAuth(org: SavedOrg, deps: TestConnectionDeps): Promise<ConnectionTestResult> {
  const client = await deps.connections.connect(org);
  const session = await deps.sessions.sessionFor(org);
  const started = performance.now();
  let subject: PowerSubject;
  if (session instanceof AgentSession) {
    const identity = describeUser((await getCurrentUser(client)).profile);
    subject = { kind: 'agent', name: identity, scopes: session.scopes };
  } else {
    // A service app has no user of its own: any answer but a refused token shows it works.
    await listAnyUser(client).catch((error: unknown) => {
      if (!(error instanceof FactorDeskError) || error.data.code !== 'PERMISSION_DENIED') throw error;
    });
    const clientId = org.connection.method === 'service' ? org.connection.clientId : '';
    subject = { kind: 'service_app', name: `Service app ${clientId}`, scopes: session?.scopes ?? null, clientId };
  }
  const latencyMs = Math.round(performance.now() - started);
  const canReadSystemLog = await mayReadSystemLog(client);
  const power = await connectionPower(client, subject, canReadSystemLog);
  return { ok: true, identity: subject.name, latencyMs, canReadSystemLog, power };
}

async function mayReadSystemLog(client: OktaClient): Promise<boolean> {
  try {
    await readAnyLogEvent(client);
    return true;
  } catch (error) {
    if (!(error instanceof FactorDeskError) || !['PERMISSION_DENIED', 'NOT_FOUND'].includes(error.data.code)) throw error;
    return false;
  }
}

/** The token's own user; orgs (and Okta-compatible servers) without the `me` alias get a description of the token's reach. */
async function whoIsTheToken(client: OktaClient): Promise<string> {
  try {
    return describeUser((await getCurrentUser(client)).profile);
  } catch (error) {
    if (!(error instanceof FactorDeskError) || error.data.code !== 'NOT_FOUND') throw error;
  }
  await listAnyUser(client);
  return `An API token that can read the users of ${client.origin}`;
}
