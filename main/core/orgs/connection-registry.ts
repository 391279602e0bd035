import { FactorDeskError } from '../../../contract/errors';
import type { ActiveOrg, Connections } from '../feature-context';
import type { OktaClient } from '../okta';
import type { OrgRules } from '../policy/org-rules';
import type { SavedOrg } from '../settings/settings-schema';
import { noOrgSelected, noToken } from './org-errors';
import type { OrgTokens } from './org-tokens';
import type { SavedOrgs } from './saved-orgs';

/** Makes the Okta client for one org; the only place a token is handed over. */
export type CreateOktaClient = (org: { orgUrl: string; token: string }) => OktaClient;

interface CachedClient {
  url: string;
  token: string;
  client: OktaClient;
}

export interface ConnectionRegistryOptions {
  saved: Pick<SavedOrgs, 'selected'>;
  tokens: Pick<OrgTokens, 'tokenOf'>;
  createClient: CreateOktaClient;
  /** The desk's policy: an org it does not allow is never connected, and never the active org for a call. */
  rules: OrgRules;
}

/** The connected orgs: one cached Okta client per org (for its current address and token), and the selected one. */
export class ConnectionRegistry implements Connections {
  private readonly clients = new Map<string, CachedClient>();
  /** Why an org at an address could not be connected (token bound elsewhere, address not valid), for the calls that need it. */
  private readonly problems = new Map<string, { url: string; error: FactorDeskError }>();

  constructor(private readonly options: ConnectionRegistryOptions) {}

  active(): ActiveOrg {
    const saved = this.options.saved.selected();
    if (!saved) throw noOrgSelected();
    this.options.rules.requireAllowed(saved);
    const cached = this.clients.get(saved.id);
    if (!cached || cached.url !== saved.url) {
      const problem = this.problems.get(saved.id);
      if (problem?.url === saved.url) throw problem.error;
      throw noToken(
        saved,
        saved.kind === 'sandbox'
          ? 'Start the sandbox org again.'
          : 'Edit the org and enter its API token again (tokens kept "for this session only" are forgotten when FactorDesk quits).',
      );
    }
    return { org: this.options.rules.summaryOf(saved, true), client: cached.client };
  }

  /** The selected org's origin, or null when none is connected. */
  activeOrigin(): string | null {
    try {
      return this.active().org.url;
    } catch {
      return null;
    }
  }

  /** Tokens of the orgs connected now: scrubbed from anything logged (see safe-log.ts). */
  connectedTokens(): string[] {
    return [...this.clients.values()].map((cached) => cached.token);
  }

  /** Whether the org has a client for its current address. */
  isConnected(org: SavedOrg): boolean {
    return this.clients.get(org.id)?.url === org.url;
  }

  /** Make sure the org has a client for its current address and token; a token saved for another address is never used. */
  async connect(org: SavedOrg): Promise<OktaClient> {
    let token: string | null;
    try {
      // Before the token is even read: an org the policy does not allow gets nothing from FactorDesk.
      this.options.rules.requireAllowed(org);
      token = await this.options.tokens.tokenOf(org);
      this.problems.delete(org.id);
    } catch (error) {
      if (error instanceof FactorDeskError) this.problems.set(org.id, { url: org.url, error });
      await this.disconnect(org.id);
      throw error;
    }
    if (!token) throw noToken(org);
    const cached = this.clients.get(org.id);
    if (cached && cached.url === org.url && cached.token === token) return cached.client;
    await this.disconnect(org.id);
    const client = this.options.createClient({ orgUrl: org.url, token });
    this.clients.set(org.id, { url: org.url, token, client });
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
}
