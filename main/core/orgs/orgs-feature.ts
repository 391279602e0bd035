import { randomUUID } from 'node:crypto';
import type { OrgSummary, ValidatedInput } from '../../../contract';
import type { orgMethods } from '../../../contract/orgs';
import type { Feature } from '../feature-context';
import { connectionMethodOf, type OrgRules } from '../policy/org-rules';
import type { SandboxLauncher } from '../sandbox-launcher';
import type { SavedOrg } from '../settings/settings-schema';
import type { ConnectionRegistry, CreateOktaClient } from './connection-registry';
import { newOrgNeedsToken, urlChangedNeedsToken } from './org-errors';
import type { OrgTokens } from './org-tokens';
import { normalizeOrgUrl } from './org-url';
import { isSandboxOrg, SANDBOX_ORG_ID } from './saved-org-check';
import type { SavedOrgs } from './saved-orgs';
import { connectionTarget, probeConnection } from './test-connection';

export type OrgMethodName = keyof typeof orgMethods;
const SANDBOX_ORG_NAME = 'Sandbox org';

export interface OrgsFeatureDeps {
  saved: SavedOrgs;
  tokens: OrgTokens;
  connections: ConnectionRegistry;
  sandbox: SandboxLauncher;
  /** For testing a connection with a client of its own, closed right after. */
  createClient: CreateOktaClient;
  /** The desk's policy for orgs: which may be saved, selected, tested and connected. */
  rules: OrgRules;
}

export interface OrgsFeature extends Feature<OrgMethodName> {
  /** On startup: reconnect the last selected org (restarting the sandbox if that is what it was). */
  restore(): Promise<void>;
}

/**
 * Org connections as the agent manages them: saved orgs, their tokens, the selected org and the
 * sandbox org. Every change is serialized so windows cannot interleave edits.
 */
export function createOrgsFeature(deps: OrgsFeatureDeps): OrgsFeature {
  const { saved, tokens, connections, sandbox, rules } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  /** The org as the list shows it: whether its token is usable, and what needs the agent's attention if not. */
  const summaryOf = async (org: SavedOrg): Promise<OrgSummary> => {
    if (rules.refusalOf(org)) return rules.summaryOf(org, false);
    if (connections.isConnected(org)) return rules.summaryOf(org, true);
    const state = await tokens.state(org);
    return rules.summaryOf(org, state.hasToken, state.problem);
  };

  /** What a save stores as the org's own caller-verification setting: kept as it was while the policy decides. */
  const ownCallerVerification = (requested: boolean, existing: SavedOrg | undefined): boolean =>
    rules.policy.isSet('callerVerification.required') ? (existing?.requireCallerVerification ?? true) : requested;

  async function startSandboxOrg({ select }: { select: boolean }): Promise<OrgSummary> {
    rules.requireSandboxAllowed();
    const { url, token } = await sandbox.ensureRunning();
    const previous = (await saved.read()).orgs.find((org) => org.id === SANDBOX_ORG_ID);
    // A new sandbox (new port, new token) every launch, so its token is only ever kept for the session.
    const org: SavedOrg = {
      id: SANDBOX_ORG_ID,
      name: previous?.name ?? SANDBOX_ORG_NAME,
      url,
      kind: 'sandbox',
      tokenStorage: 'session',
      requireCallerVerification: previous?.requireCallerVerification ?? true,
    };
    await tokens.keepForSession(org, token);
    await saved.put(org, { select });
    await connections.connect(org);
    return rules.summaryOf(org, true);
  }

  async function save(input: ValidatedInput<'saveOrg'>): Promise<OrgSummary> {
    const existing = input.id ? await saved.find(input.id) : undefined;
    if (existing && isSandboxOrg(existing)) {
      rules.requireSandboxAllowed();
      // The sandbox's address and token are its own; only the name and settings are the agent's.
      const updated: SavedOrg = { ...existing, name: input.name, requireCallerVerification: ownCallerVerification(input.requireCallerVerification, existing) };
      await saved.put(updated);
      return summaryOf(updated);
    }

    const url = normalizeOrgUrl(input.url);
    // Every saved Okta org connects with an API token today (see connectionMethodOf).
    rules.requireAllowedConnection(url, connectionMethodOf({ kind: 'okta' }));
    const token = input.token;
    if (input.tokenStorage === 'keychain') await tokens.requireKeychain();
    if (!existing && !token) throw newOrgNeedsToken();
    if (existing && existing.url !== url && !token) throw urlChangedNeedsToken();

    const org: SavedOrg = {
      id: existing?.id ?? randomUUID(),
      name: input.name,
      url,
      kind: 'okta',
      tokenStorage: input.tokenStorage,
      requireCallerVerification: ownCallerVerification(input.requireCallerVerification, existing),
    };
    // Without a new token the saved one moves along (same address), unless it is not usable as saved.
    const newToken = token ?? (existing ? await tokens.tokenOf(existing).catch(() => null) : null);
    if (newToken) await tokens.store(org, org.tokenStorage, newToken);

    try {
      await saved.put(org, { selectIfNone: !existing });
    } catch (error) {
      if (!existing) await tokens.forget(org.id);
      throw error;
    }
    await connections.disconnect(org.id);
    if ((await saved.read()).activeOrgId === org.id) await connections.connect(org).catch(() => undefined);
    return summaryOf(org);
  }

  return {
    handlers: {
      listOrgs: async () => {
        const problem = await saved.takeLoadProblem();
        if (problem) throw problem;
        const settings = await saved.read();
        const keychain = await tokens.keychainStatus();
        const orgs = await Promise.all(settings.orgs.map(summaryOf));
        return { orgs, activeOrgId: settings.activeOrgId, keychain };
      },
      saveOrg: (input) => serialized(() => save(input)),
      removeOrg: ({ id }) =>
        serialized(async () => {
          await saved.find(id);
          await saved.remove(id);
          await connections.disconnect(id);
          await tokens.forget(id);
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
      testConnection: async (input) => {
        const target = await connectionTarget(input, deps);
        const client = deps.createClient({ orgUrl: target.url, token: target.token });
        try {
          return await probeConnection(client);
        } finally {
          await client.close();
        }
      },
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
    async close() {
      await connections.close();
      await sandbox.close();
    },
  };
}
