import type { OrgSummary, ValidatedInput } from '../../../contract';
import type { orgMethods } from '../../../contract/orgs';
import { AGENT_API_SCOPES } from '../auth/agent-scopes';
import type { OrgSessions } from '../auth/org-sessions';
import type { PendingServiceKeys } from '../auth/service-app-keys';
import type { SignIns } from '../auth/sign-ins';
import type { Feature } from '../feature-context';
import type { OrgRules } from '../policy/org-rules';
import type { SandboxLauncher } from '../sandbox-launcher';
import type { SavedOrg } from '../settings/settings-schema';
import type { ConnectionRegistry, CreateOktaClient } from './connection-registry';
import type { OrgCredentials } from './org-credentials';
import { isSandboxOrg, SANDBOX_ORG_ID } from './saved-org-check';
import type { SavedOrgs } from './saved-orgs';
import { orgPreferences, saveOrg, type SandboxTarget } from './save-org';
import { testConnection } from './test-connection';

export type OrgMethodName = keyof typeof orgMethods;
const SANDBOX_ORG_NAME = 'Sandbox org';

/**
 * How "Use the sandbox org" connects: `sign-in` (the default) saves it as a "Sign in with Okta"
 * org with the sandbox's native app, and the agent signs in on the sandbox's page; `api-token`
 * connects with the sandbox's admin API token at once (a fast path for tests of other features).
 */
export type SandboxConnection = 'sign-in' | 'api-token';

export interface OrgsFeatureDeps {
  saved: SavedOrgs;
  credentials: OrgCredentials;
  connections: ConnectionRegistry;
  sessions: OrgSessions;
  signIns: SignIns;
  serviceKeys: PendingServiceKeys;
  sandbox: SandboxLauncher;
  sandboxConnection: SandboxConnection;
  /** For testing a connection with a client of its own, closed right after. */
  createClient: CreateOktaClient;
  /** The desk's policy for orgs: which may be saved, selected, tested and connected. */
  rules: OrgRules;
}

export interface OrgsFeature extends Feature<OrgMethodName> {
  /** On startup: reconnect the last selected org (restarting the sandbox if that is what it was). */
  restore(): Promise<void>;
  /** The org as the list shows it: whether its credential is usable, who is signed in, what needs attention. */
  summaryOf(org: SavedOrg): Promise<OrgSummary>;
  /** Serializes a change with the others (sign-ins adopt their session through it). */
  serialized<T>(work: () => Promise<T>): Promise<T>;
}

export function createOrgsFeature(deps: OrgsFeatureDeps): OrgsFeature {
  const { saved, credentials, connections, sessions, sandbox, rules } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  /** The org as the list shows it: whether its credential is usable, who is signed in, and what needs the agent's attention if not. */
  const summaryOf = async (org: SavedOrg): Promise<OrgSummary> => {
    if (rules.refusalOf(org)) return rules.summaryOf(org, false);
    const agent = await sessions.agentOf(org).catch(() => null);
    if (connections.isConnected(org)) return rules.summaryOf(org, true, undefined, agent);
    const state = await credentials.state(org);
    return rules.summaryOf(org, state.hasToken, state.problem, agent);
  };

  /** The org, its sessions and its sign-in are for what no longer is (edited, removed, a new sandbox). */
  async function forgetConnection(orgId: string): Promise<void> {
    deps.signIns.cancelForOrg(orgId);
    await sessions.drop(orgId);
    await connections.disconnect(orgId);
  }

  async function startSandboxOrg({ select }: { select: boolean }): Promise<OrgSummary> {
    rules.requireSandboxAllowed();
    const running = await sandbox.ensureRunning();
    const previous = (await saved.read()).orgs.find((org) => org.id === SANDBOX_ORG_ID);
    const signIn = deps.sandboxConnection === 'sign-in' && running.oauth !== undefined;
    const defaultConnection: SavedOrg['connection'] =
      signIn && running.oauth ? { method: 'oauth', clientId: running.oauth.nativeClientId, scopes: [...AGENT_API_SCOPES] } : { method: 'ssws' };
    // A new sandbox (new port, new token, new apps, no sign-in) every launch: its secrets are only
    // ever kept for the session. The same sandbox, selected again, keeps how the agent connected it.
    const org: SavedOrg = {
      id: SANDBOX_ORG_ID,
      name: previous?.name ?? SANDBOX_ORG_NAME,
      url: running.url,
      kind: 'sandbox',
      tokenStorage: 'session',
      requireCallerVerification: previous?.requireCallerVerification ?? true,
      connection: previous?.url === running.url ? previous.connection : defaultConnection,
      phoneRegion: previous?.phoneRegion ?? null,
    };
    if (previous && (previous.url !== org.url || JSON.stringify(previous.connection) !== JSON.stringify(org.connection))) {
      await forgetConnection(org.id);
      await credentials.forget(org.id);
    }
    if (org.connection.method === 'ssws') await credentials.keepForSession(org, running.token);
    await saved.put(org, { select });
    // Signed in already (this sandbox, this session): connected at once; else the agent signs in next.
    await connections.connect(org).catch(() => undefined);
    return summaryOf(org);
  }

  async function save(input: ValidatedInput<'saveOrg'>): Promise<OrgSummary> {
    const existing = input.id ? await saved.find(input.id) : undefined;
    let target: SandboxTarget | undefined;
    if (existing && isSandboxOrg(existing)) {
      rules.requireSandboxAllowed();
      const running = sandbox.current();
      const connecting = input.method !== undefined || input.clientId !== undefined || input.scopes !== undefined || input.serviceKeyId !== undefined;
      if (!connecting || !running || running.url !== existing.url) {
        // The sandbox's address and credential are its own; the name and settings are the agent's.
        const updated: SavedOrg = {
          ...existing,
          name: input.name,
          requireCallerVerification: rules.ownCallerVerification(input.requireCallerVerification, existing),
          ...orgPreferences(input, existing),
        };
        await saved.put(updated);
        return summaryOf(updated);
      }
      // How to connect to the running sandbox is the agent's choice too (practise a service app on it).
      target = { url: running.url, token: running.token, ...(running.oauth ? { nativeClientId: running.oauth.nativeClientId } : {}) };
    }
    const org = await saveOrg(deps, input, existing, target);
    // What was connected was for the old settings; the same credential reconnects below.
    await forgetConnection(org.id);
    if ((await saved.read()).activeOrgId === org.id) await connections.connect(org).catch(() => undefined);
    return summaryOf(org);
  }

  return {
    handlers: {
      listOrgs: async () => {
        const problem = await saved.takeLoadProblem();
        if (problem) throw problem;
        const settings = await saved.read();
        const keychain = await credentials.keychainStatus();
        const orgs = await Promise.all(settings.orgs.map(summaryOf));
        return { orgs, activeOrgId: settings.activeOrgId, keychain };
      },
      saveOrg: (input) => serialized(() => save(input)),
      removeOrg: ({ id }) =>
        serialized(async () => {
          const org = await saved.find(id);
          // Signed in: the sign-in is ended at Okta too (best effort, not waited for), not just forgotten here.
          if (org.connection.method === 'oauth') await sessions.signOut(org).catch(() => undefined);
          await saved.remove(id);
          await forgetConnection(id);
          await credentials.forget(id);
          return null;
        }),
      selectOrg: ({ id }) =>
        serialized(async () => {
          const org = await saved.find(id);
          rules.requireAllowed(org);
          if (isSandboxOrg(org)) return startSandboxOrg({ select: true });
          await saved.select(id);
          // An org that cannot be connected is still selected: the workspace then says what it needs.
          await connections.connect(org).catch(() => undefined);
          return summaryOf(org);
        }),
      testConnection: (input) => testConnection(input, deps),
      connectSandbox: () => serialized(() => startSandboxOrg({ select: true })),
    },
    async restore() {
      let active: SavedOrg | undefined;
      try {
        const settings = await saved.read();
        active = settings.orgs.find((org) => org.id === settings.activeOrgId);
      } catch {
        return; // listOrgs reports the settings problem to the agent.
      }
      if (!active) return;
      const org = active;
      await serialized(async () => {
        if (isSandboxOrg(org)) await startSandboxOrg({ select: false });
        else await connections.connect(org);
      }).catch(() => undefined); // A missing token or a locked keychain shows up as hasToken=false.
    },
    summaryOf,
    serialized,
    async close() {
      deps.signIns.close();
      await connections.close();
      await sessions.close();
      await sandbox.close();
    },
  };
}
