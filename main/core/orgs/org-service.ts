import { randomUUID } from 'node:crypto';
import {
  FactorDeskError,
  type ConnectionTestResult,
  type KeychainStatus,
  type OrgList,
  type OrgSummary,
  type TokenStorage,
  type ValidatedInput,
} from '../../../contract';
import type { ActiveOrg, Connections } from '../feature-context';
import type { OktaClient } from '../okta';
import type { SandboxLauncher } from '../sandbox-launcher';
import type { SecretStore } from '../secrets/secret-store';
import type { SavedOrg, Settings } from '../settings/settings-schema';
import type { SettingsStore } from '../settings/settings-store';
import { normalizeOrgUrl } from './org-url';
import { probeConnection } from './test-connection';

/** Makes the Okta client for one org; the only place a token is handed over. */
export type CreateOktaClient = (org: { orgUrl: string; token: string }) => OktaClient;

export const SANDBOX_ORG_ID = 'sandbox';
const SANDBOX_ORG_NAME = 'Sandbox org';

export interface OrgServiceOptions {
  settings: SettingsStore;
  keychain: SecretStore;
  session: SecretStore;
  sandbox: SandboxLauncher;
  createClient: CreateOktaClient;
}

interface CachedClient {
  url: string;
  token: string;
  client: OktaClient;
}

function notFound(id: string): FactorDeskError {
  return new FactorDeskError({
    code: 'NOT_FOUND',
    message: `There is no saved org with id "${id.slice(0, 100)}".`,
    action: 'Pick an org from the list; it may have been removed in another window.',
  });
}

/**
 * Org connections: settings (no tokens) on disk, tokens in the keychain or in memory, and one
 * cached Okta client per org. Every change is serialized so windows cannot interleave edits.
 */
export class OrgService implements Connections {
  private readonly clients = new Map<string, CachedClient>();
  /** A copy of the last settings seen, so `active()` can answer synchronously. */
  private settingsSnapshot: Settings | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OrgServiceOptions) {}

  // ------------------------------------------------------------------ Connections

  active(): ActiveOrg {
    const activeId = this.settingsSnapshot?.activeOrgId;
    const saved = activeId ? this.settingsSnapshot?.orgs.find((org) => org.id === activeId) : undefined;
    if (!saved) {
      throw new FactorDeskError({
        code: 'NOT_CONNECTED',
        message: 'No org is selected.',
        action: 'Choose an org, add one, or start the sandbox org.',
      });
    }
    const cached = this.clients.get(saved.id);
    if (!cached || cached.url !== saved.url) {
      throw new FactorDeskError({
        code: 'NOT_CONNECTED',
        message: `FactorDesk has no API token for ${saved.name}.`,
        action:
          saved.kind === 'sandbox'
            ? 'Start the sandbox org again.'
            : 'Edit the org and enter its API token again (tokens kept "for this session only" are forgotten when FactorDesk quits).',
      });
    }
    return { org: this.summaryOf(saved, true), client: cached.client };
  }

  /** Tokens of the orgs connected now: scrubbed from anything logged (see safe-log.ts). */
  connectedTokens(): string[] {
    return [...this.clients.values()].map((cached) => cached.token);
  }

  /** The selected org's origin, or null when none is connected. */
  activeOrigin(): string | null {
    try {
      return this.active().org.url;
    } catch {
      return null;
    }
  }

  // ------------------------------------------------------------------ lifecycle

  /** On startup: reconnect the last selected org (restarting the sandbox if that is what it was). */
  async restore(): Promise<void> {
    let settings: Settings;
    try {
      settings = await this.readSettings();
    } catch {
      return; // listOrgs reports the settings problem to the agent.
    }
    const active = settings.orgs.find((org) => org.id === settings.activeOrgId);
    if (!active) return;
    await this.serialized(async () => {
      if (active.kind === 'sandbox') await this.startSandboxOrg({ select: false });
      else await this.connect(active);
    }).catch(() => undefined); // A missing token or a locked keychain shows up as hasToken=false.
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map((cached) => cached.client.close()));
    await this.options.sandbox.close();
  }

  // ------------------------------------------------------------------ bridge methods

  async list(): Promise<OrgList> {
    const problem = await this.options.settings.takeLoadProblem();
    if (problem) throw problem;
    const settings = await this.readSettings();
    const keychain = await this.options.keychain.status();
    const orgs = await Promise.all(settings.orgs.map(async (org) => this.summaryOf(org, await this.hasToken(org))));
    return { orgs, activeOrgId: settings.activeOrgId, keychain };
  }

  save(input: ValidatedInput<'saveOrg'>): Promise<OrgSummary> {
    return this.serialized(async () => {
      const settings = await this.readSettings();
      const existing = input.id ? settings.orgs.find((org) => org.id === input.id) : undefined;
      if (input.id && !existing) throw notFound(input.id);

      if (existing?.kind === 'sandbox') {
        // The sandbox's address and token are its own; only the name and settings are the agent's.
        const updated: SavedOrg = { ...existing, name: input.name, requireCallerVerification: input.requireCallerVerification };
        await this.writeOrg(updated);
        return this.summaryOf(updated, await this.hasToken(updated));
      }

      const url = normalizeOrgUrl(input.url);
      const token = input.token;
      if (input.tokenStorage === 'keychain') await this.requireKeychain();
      if (!existing && !token) {
        throw new FactorDeskError({
          code: 'VALIDATION',
          message: 'A new org needs its API token.',
          action: 'Paste an API token created in the Okta Admin Console (Security → API → Tokens).',
        });
      }
      if (existing && existing.url !== url && !token) {
        // The stored token belongs to the old address; it is never sent anywhere else.
        throw new FactorDeskError({
          code: 'VALIDATION',
          message: 'The org URL changed, so the saved token cannot be used with it.',
          action: 'Paste the API token for the new org URL.',
        });
      }

      const org: SavedOrg = {
        id: existing?.id ?? randomUUID(),
        name: input.name,
        url,
        kind: 'okta',
        tokenStorage: input.tokenStorage,
        requireCallerVerification: input.requireCallerVerification,
      };
      const previousToken = existing && !token ? await this.tokenOf(existing) : null;
      const newToken = token ?? previousToken;
      if (newToken) await this.storeToken(org.id, org.tokenStorage, newToken);

      try {
        await this.writeOrg(org, { selectIfNone: !existing });
      } catch (error) {
        if (!existing) await this.forgetToken(org.id);
        throw error;
      }
      await this.dropClient(org.id);
      const settingsNow = await this.readSettings();
      if (settingsNow.activeOrgId === org.id) await this.connect(org).catch(() => undefined);
      return this.summaryOf(org, newToken !== null);
    });
  }

  remove(id: string): Promise<null> {
    return this.serialized(async () => {
      const settings = await this.readSettings();
      if (!settings.orgs.some((org) => org.id === id)) throw notFound(id);
      await this.updateSettings((current) => ({
        ...current,
        orgs: current.orgs.filter((org) => org.id !== id),
        activeOrgId: current.activeOrgId === id ? null : current.activeOrgId,
      }));
      await this.dropClient(id);
      await this.forgetToken(id);
      return null;
    });
  }

  select(id: string): Promise<OrgSummary> {
    return this.serialized(async () => {
      const settings = await this.readSettings();
      const org = settings.orgs.find((candidate) => candidate.id === id);
      if (!org) throw notFound(id);
      if (org.kind === 'sandbox') return this.startSandboxOrg({ select: true });
      await this.updateSettings((current) => ({ ...current, activeOrgId: id }));
      const connected = await this.connect(org).then(
        () => true,
        () => false,
      );
      return this.summaryOf(org, connected);
    });
  }

  connectSandbox(): Promise<OrgSummary> {
    return this.serialized(() => this.startSandboxOrg({ select: true }));
  }

  async testConnection(input: ValidatedInput<'testConnection'>): Promise<ConnectionTestResult> {
    const target = await this.connectionTarget(input);
    const client = this.options.createClient({ orgUrl: target.url, token: target.token });
    try {
      return await probeConnection(client);
    } finally {
      await client.close();
    }
  }

  // ------------------------------------------------------------------ internals

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readSettings(): Promise<Settings> {
    const settings = await this.options.settings.read();
    this.settingsSnapshot = settings;
    return settings;
  }

  private async updateSettings(change: (settings: Settings) => Settings): Promise<Settings> {
    const settings = await this.options.settings.update(change);
    this.settingsSnapshot = settings;
    return settings;
  }

  private async writeOrg(org: SavedOrg, options: { selectIfNone?: boolean; select?: boolean } = {}): Promise<void> {
    await this.updateSettings((current) => {
      const exists = current.orgs.some((candidate) => candidate.id === org.id);
      const orgs = exists ? current.orgs.map((candidate) => (candidate.id === org.id ? org : candidate)) : [...current.orgs, org];
      const activeOrgId = options.select || (options.selectIfNone && !current.activeOrgId) ? org.id : current.activeOrgId;
      return { ...current, orgs, activeOrgId };
    });
  }

  private async startSandboxOrg({ select }: { select: boolean }): Promise<OrgSummary> {
    const { url, token } = await this.options.sandbox.ensureRunning();
    const settings = await this.readSettings();
    const previous = settings.orgs.find((org) => org.id === SANDBOX_ORG_ID);
    // A new sandbox (new port, new token) every launch, so its token is only ever kept for the session.
    const org: SavedOrg = {
      id: SANDBOX_ORG_ID,
      name: previous?.name ?? SANDBOX_ORG_NAME,
      url,
      kind: 'sandbox',
      tokenStorage: 'session',
      requireCallerVerification: previous?.requireCallerVerification ?? true,
    };
    await this.options.session.set(SANDBOX_ORG_ID, token);
    await this.writeOrg(org, { select });
    await this.connect(org);
    return this.summaryOf(org, true);
  }

  /** Make sure the org has a client for its current address and token. */
  private async connect(org: SavedOrg): Promise<OktaClient> {
    const token = await this.tokenOf(org);
    if (!token) {
      throw new FactorDeskError({ code: 'NOT_CONNECTED', message: `FactorDesk has no API token for ${org.name}.` });
    }
    const cached = this.clients.get(org.id);
    if (cached && cached.url === org.url && cached.token === token) return cached.client;
    await this.dropClient(org.id);
    const client = this.options.createClient({ orgUrl: org.url, token });
    this.clients.set(org.id, { url: org.url, token, client });
    return client;
  }

  private async dropClient(id: string): Promise<void> {
    const cached = this.clients.get(id);
    this.clients.delete(id);
    await cached?.client.close();
  }

  private storeFor(storage: TokenStorage): SecretStore {
    return storage === 'keychain' ? this.options.keychain : this.options.session;
  }

  private async requireKeychain(): Promise<KeychainStatus> {
    const status = await this.options.keychain.status();
    if (!status.available) {
      throw new FactorDeskError({
        code: 'KEYCHAIN_UNAVAILABLE',
        message: status.detail ?? 'The system keychain is not available.',
        action: 'Choose "This session only": the token is then kept in memory until FactorDesk quits, never on disk.',
      });
    }
    return status;
  }

  private async tokenOf(org: SavedOrg): Promise<string | null> {
    if (org.kind === 'sandbox' && !this.options.sandbox.current()) return null;
    const store = this.storeFor(org.tokenStorage);
    if (org.tokenStorage === 'keychain' && !(await store.status()).available) return null;
    return store.get(org.id);
  }

  private async hasToken(org: SavedOrg): Promise<boolean> {
    if (this.clients.get(org.id)?.url === org.url) return true;
    return (await this.tokenOf(org).catch(() => null)) !== null;
  }

  /** Put the token in its store and make sure no other store still holds an old one. */
  private async storeToken(id: string, storage: TokenStorage, token: string): Promise<void> {
    await this.storeFor(storage).set(id, token);
    const other: TokenStorage = storage === 'keychain' ? 'session' : 'keychain';
    if (other === 'session' || (await this.options.keychain.status()).available) {
      await this.storeFor(other).delete(id);
    }
  }

  private async forgetToken(id: string): Promise<void> {
    await this.options.session.delete(id);
    if ((await this.options.keychain.status()).available) await this.options.keychain.delete(id);
  }

  private async connectionTarget(input: ValidatedInput<'testConnection'>): Promise<{ url: string; token: string }> {
    if (input.id) {
      const settings = await this.readSettings();
      const org = settings.orgs.find((candidate) => candidate.id === input.id);
      if (!org) throw notFound(input.id);
      const sandbox = org.kind === 'sandbox';
      const url = input.url && !sandbox ? normalizeOrgUrl(input.url) : org.url;
      if (url !== org.url && !input.token) {
        throw new FactorDeskError({
          code: 'VALIDATION',
          message: 'The saved token belongs to the saved org URL and is not sent anywhere else.',
          action: 'Paste the API token for the new org URL to test it.',
        });
      }
      const token = input.token ?? (await this.tokenOf(org));
      if (!token) {
        throw new FactorDeskError({
          code: 'NOT_CONNECTED',
          message: `FactorDesk has no API token for ${org.name}.`,
          action: sandbox ? 'Start the sandbox org again.' : 'Paste the API token to test it.',
        });
      }
      return { url, token };
    }
    if (!input.url || !input.token) {
      throw new FactorDeskError({
        code: 'VALIDATION',
        message: 'Testing a connection needs the org URL and an API token.',
        action: 'Fill in both, then test again.',
      });
    }
    return { url: normalizeOrgUrl(input.url), token: input.token };
  }

  private summaryOf(org: SavedOrg, hasToken: boolean): OrgSummary {
    return {
      id: org.id,
      name: org.name,
      url: org.url,
      kind: org.kind,
      tokenStorage: org.tokenStorage,
      hasToken,
      requireCallerVerification: org.requireCallerVerification,
    };
  }
}
