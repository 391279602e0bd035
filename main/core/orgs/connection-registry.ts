import { FactorDeskError } from '../../../contract/errors';
import { oauthAuthorizer } from '../auth/oauth-authorizer';
import { AgentSession } from '../auth/agent-session';
import { signInEnded, signInRequired } from '../auth/auth-errors';
import type { OrgSessions } from '../auth/org-sessions';
import type { ServiceAppSession } from '../auth/service-app-session';
import type { ActiveOrg, Connections } from '../feature-context';
import type { OktaClient, OktaClientOptions } from '../okta';
import type { OrgRules } from '../policy/org-rules';
import type { SavedOrg } from '../settings/settings-schema';
import { noOrgSelected, noToken } from './org-errors';
import type { OrgCredentials } from './org-credentials';
import type { SavedOrgs } from './saved-orgs';

/** Makes the Okta client for one org; the only place a credential (API token or authorizer) is handed over. */
export type CreateOktaClient = (org: Pick<OktaClientOptions, 'orgUrl' | 'customDomain' | 'token' | 'authorizer'>) => OktaClient;

/** Where an org's client may send its credential: its address and custom domain (a change of either makes a new client). */
function addressOf(org: Pick<SavedOrg, 'url' | 'customDomain'>): string {
  return org.customDomain ? `${org.url} ${org.customDomain}` : org.url;
}

interface CachedClient {
  /** The org's address (and custom domain) the client was made for. */
  url: string;
  /** The API token it was made with, or the OAuth session it draws on. */
  credential: { token: string } | { session: AgentSession | ServiceAppSession };
  client: OktaClient;
}

export interface ConnectionRegistryOptions {
  saved: Pick<SavedOrgs, 'selected'>;
  credentials: Pick<OrgCredentials, 'tokenOf'>;
  sessions: Pick<OrgSessions, 'sessionFor'>;
  createClient: CreateOktaClient;
  /**
   * The desk's policy: an org it does not allow (outside its list, saved with a way of connecting
   * it forbids) is never connected, and never the active org for a call.
   */
  rules: OrgRules;
}

function ended(cached: CachedClient): boolean {
  return 'session' in cached.credential && cached.credential.session instanceof AgentSession && cached.credential.session.ended;
}

/** The connected orgs: one cached Okta client per org (for its current address and credential), and the selected one. */
export class ConnectionRegistry implements Connections {
  private readonly clients = new Map<string, CachedClient>();
  /** Why an org at an address could not be connected (credential bound elsewhere, address not valid), for the calls that need it. */
  private readonly problems = new Map<string, { url: string; error: FactorDeskError }>();

  constructor(private readonly options: ConnectionRegistryOptions) {}

  active(): ActiveOrg {
    const saved = this.options.saved.selected();
    if (!saved) throw noOrgSelected();
    this.options.rules.requireAllowed(saved);
    const cached = this.clients.get(saved.id);
    if (!cached || cached.url !== addressOf(saved)) {
      const problem = this.problems.get(saved.id);
      if (problem?.url === addressOf(saved)) throw problem.error;
      throw this.missingCredential(saved);
    }
    if (ended(cached)) throw signInEnded(saved);
    return this.scopeOf(saved, cached);
  }

  /**
   * Any saved org to work in, selected or not (a bulk job keeps its org; the headless command has
   * no selection): connected first, with who acts in Okta, as `active()` answers for the selected one.
   */
  async workIn(org: SavedOrg): Promise<ActiveOrg> {
    await this.connect(org);
    const cached = this.clients.get(org.id);
    if (!cached) throw this.missingCredential(org);
    if (ended(cached)) throw signInEnded(org);
    return this.scopeOf(org, cached);
  }

  /** The selected org's origin, or null when none is connected. */
  activeOrigin(): string | null {
    return this.activeOrigins()[0] ?? null;
  }

  /** The selected org's origin and its custom domain's (when it has one); empty when none is connected. */
  activeOrigins(): string[] {
    try {
      const { org } = this.active();
      return org.customDomain ? [org.url, org.customDomain] : [org.url];
    } catch {
      return [];
    }
  }

  /** Secrets of the orgs connected now (tokens): scrubbed from anything logged (see safe-log.ts). */
  connectedTokens(): string[] {
    return [...this.clients.values()].flatMap((cached) => ('token' in cached.credential ? [cached.credential.token] : cached.credential.session.secrets()));
  }

  /** Whether the org has a usable client for its current address. */
  isConnected(org: SavedOrg): boolean {
    const cached = this.clients.get(org.id);
    return cached?.url === addressOf(org) && !ended(cached);
  }

  /** Make sure the org has a client for its current address and credential; a credential saved for another address is never used. */
  async connect(org: SavedOrg): Promise<OktaClient> {
    let credential: CachedClient['credential'] | null;
    try {
      // Before a credential is even read: an org the policy does not allow gets nothing from FactorDesk.
      this.options.rules.requireAllowed(org);
      credential = await this.credentialOf(org);
      this.problems.delete(org.id);
    } catch (error) {
      if (error instanceof FactorDeskError) this.problems.set(org.id, { url: addressOf(org), error });
      await this.disconnect(org.id);
      throw error;
    }
    if (!credential) throw this.missingCredential(org);
    const cached = this.clients.get(org.id);
    if (cached && cached.url === addressOf(org) && sameCredential(cached.credential, credential)) return cached.client;
    await this.disconnect(org.id);
    const customDomain = org.customDomain ? { customDomain: org.customDomain } : {};
    const client =
      'token' in credential
        ? this.options.createClient({ orgUrl: org.url, ...customDomain, token: credential.token })
        : this.options.createClient({ orgUrl: org.url, ...customDomain, authorizer: oauthAuthorizer(credential.session) });
    this.clients.set(org.id, { url: addressOf(org), credential, client });
    return client;
  }

  async disconnect(id: string): Promise<void> {
    const cached = this.clients.get(id);
    this.clients.delete(id);
    await cached?.client.close();
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map((cached) => cached.client.close()));
  }

  private scopeOf(saved: SavedOrg, cached: CachedClient): ActiveOrg {
    const { credential } = cached;
    if ('session' in credential && credential.session instanceof AgentSession) {
      const session = credential.session;
      return {
        org: this.options.rules.summaryOf(saved, true, undefined, session.agent),
        client: cached.client,
        signIn: { agent: session.agent, authTime: () => session.authTime },
        actingAs: session.agent.login,
      };
    }
    const actingAs = saved.connection.method === 'service' ? `service app ${saved.connection.clientId}` : undefined;
    return { org: this.options.rules.summaryOf(saved, true), client: cached.client, ...(actingAs ? { actingAs } : {}) };
  }

  private async credentialOf(org: SavedOrg): Promise<CachedClient['credential'] | null> {
    if (org.connection.method === 'ssws') {
      const token = await this.options.credentials.tokenOf(org);
      return token ? { token } : null;
    }
    const session = await this.options.sessions.sessionFor(org);
    return session ? { session } : null;
  }

  private missingCredential(org: SavedOrg): FactorDeskError {
    if (org.connection.method === 'oauth') return signInRequired(org);
    if (org.kind === 'sandbox') return noToken(org, 'Start the sandbox org again.');
    if (org.connection.method === 'service') {
      return new FactorDeskError({
        code: 'NOT_CONNECTED',
        message: `FactorDesk has no service app key for ${org.name}.`,
        action: 'Edit the org: create a new key, put its public key on the service app in Okta, and save.',
      });
    }
    return noToken(org, 'Edit the org and enter its API token again (tokens kept "for this session only" are forgotten when FactorDesk quits).');
  }
}

function sameCredential(a: CachedClient['credential'], b: CachedClient['credential']): boolean {
  if ('token' in a && 'token' in b) return a.token === b.token;
  if ('session' in a && 'session' in b) return a.session === b.session;
  return false;
}
