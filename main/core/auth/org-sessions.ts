import * as oidc from 'openid-client';
import type { Dispatcher } from 'undici';
import type { SignedInAgent } from '../../../contract/orgs';
import { createOrgDispatcher } from '../okta/dispatcher';
import { proxySettingsFromEnvironment } from '../okta/proxy-settings';
import type { OrgCredentials } from '../orgs/org-credentials';
import type { SavedOrg } from '../settings/settings-schema';
import { AgentSession, storedSignInSchema, type StoredSignIn, type TokenSource } from './agent-session';
import { keyPairFromJwk, newKeyPair } from './dpop-keys';
import { discoverOrgAuthorizationServer } from './org-oauth-config';
import { ServiceAppSession } from './service-app-session';
import type { CompletedSignIn } from './sign-in';

/** What the org authorization server exchanges go through: the org's own connection settings. */
const AUTH_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

/** An org's authorization server as one client (native app or service app) talks to it. */
interface AuthServer {
  key: string;
  dispatcher: Dispatcher;
  config: Promise<oidc.Configuration> | undefined;
}

interface LiveSession {
  key: string;
  session: AgentSession | ServiceAppSession;
}

/** What identifies a connection: a session is only ever used for the org address and app it was made for. */
function keyOf(org: SavedOrg): string {
  const { connection } = org;
  return connection.method === 'ssws' ? `${org.url} ssws` : `${org.url} ${connection.method} ${connection.clientId} ${connection.scopes.join(' ')}`;
}

/** The stored sign-in of a refresh-token entry, or null when it is not one FactorDesk wrote. */
export function readStoredSignIn(text: string | null): StoredSignIn | null {
  if (text === null) return null;
  try {
    const parsed = storedSignInSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The OAuth connections' sessions: an agent's sign-in or a service app's access, one per org, in
 * memory, built from the keychain on first use (no network until a token is needed). The org
 * authorization server is discovered once per org and app, on the org's own origin.
 */
export class OrgSessions {
  readonly #servers = new Map<string, AuthServer>();
  readonly #sessions = new Map<string, LiveSession>();

  constructor(private readonly credentials: OrgCredentials) {}

  /** openid-client's configuration for the org's native app (public client, PKCE). */
  nativeAppConfig(org: SavedOrg): Promise<oidc.Configuration> {
    if (org.connection.method !== 'oauth') throw new TypeError('not a sign-in org');
    return this.#config(org, org.connection.clientId, () => oidc.None());
  }

  /**
   * The org's live session, or one rebuilt from the keychain, or null when FactorDesk has no
   * credential for it (nobody signed in; no service app key). Throws when a saved secret is bound
   * to another address (TOKEN_ORIGIN_MISMATCH) or unusable.
   */
  async sessionFor(org: SavedOrg): Promise<AgentSession | ServiceAppSession | null> {
    const key = keyOf(org);
    const live = this.#sessions.get(org.id);
    if (live?.key === key && !(live.session instanceof AgentSession && live.session.ended)) return live.session;
    const session = org.connection.method === 'oauth' ? await this.#restoreAgent(org) : org.connection.method === 'service' ? await this.#restoreService(org) : null;
    if (session) this.#sessions.set(org.id, { key, session });
    return session;
  }

  /** A completed sign-in: its DPoP key, then its refresh token, go to the keychain; it becomes the org's session. */
  async adopt(org: SavedOrg, completed: CompletedSignIn): Promise<AgentSession> {
    await this.credentials.put(org, 'dpop-key', completed.privateJwk);
    await this.credentials.put(org, 'refresh-token', JSON.stringify(completed.stored));
    const session = this.#agentSession(org, completed.stored, completed.keys, completed.accessToken);
    this.#sessions.set(org.id, { key: keyOf(org), session });
    return session;
  }

  /** Who is signed in to an org (the live session, else the keychain), without asking Okta. */
  async agentOf(org: SavedOrg): Promise<SignedInAgent | null> {
    if (org.connection.method !== 'oauth') return null;
    const live = this.#sessions.get(org.id);
    if (live?.key === keyOf(org) && live.session instanceof AgentSession) return live.session.ended ? null : live.session.agent;
    const stored = readStoredSignIn(await this.credentials.secret(org, 'refresh-token').catch(() => null));
    if (!stored) return null;
    const { name, login } = stored.agent;
    return { name, login, signedInAt: stored.authTime === null ? null : new Date(stored.authTime * 1000).toISOString() };
  }

  /**
   * Sign out: the refresh token and DPoP key are forgotten here at once; `revoked` settles when
   * Okta has been asked to revoke the refresh token too (which ends the whole sign-in there, its
   * access tokens included) — best effort: an org out of reach cannot be told.
   */
  async signOut(org: SavedOrg): Promise<{ revoked: Promise<void> }> {
    const stored = readStoredSignIn(await this.credentials.secret(org, 'refresh-token').catch(() => null));
    await this.credentials.remove(org.id, 'refresh-token');
    await this.credentials.remove(org.id, 'dpop-key');
    this.#sessions.delete(org.id);
    const revoked =
      stored && org.connection.method === 'oauth'
        ? this.nativeAppConfig(org)
            .then((config) => oidc.tokenRevocation(config, stored.refreshToken, { token_type_hint: 'refresh_token' }))
            .catch(() => undefined)
        : Promise.resolve();
    return { revoked };
  }

  /** The org was edited or removed: its sessions and discovered configuration are for what no longer is. */
  async drop(orgId: string): Promise<void> {
    this.#sessions.delete(orgId);
    const server = this.#servers.get(orgId);
    this.#servers.delete(orgId);
    await server?.dispatcher.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    const servers = [...this.#servers.values()];
    this.#servers.clear();
    this.#sessions.clear();
    await Promise.allSettled(servers.map((server) => server.dispatcher.close()));
  }

  #config(org: SavedOrg, clientId: string, clientAuth: () => oidc.ClientAuth): Promise<oidc.Configuration> {
    const key = `${keyOf(org)} ${clientId}`;
    let server = this.#servers.get(org.id);
    if (server?.key !== key) {
      void server?.dispatcher.close().catch(() => undefined);
      const { dispatcher } = createOrgDispatcher(org.url, AUTH_TIMEOUTS, proxySettingsFromEnvironment(), undefined);
      server = { key, dispatcher, config: undefined };
      this.#servers.set(org.id, server);
    }
    const current = server;
    // A failed discovery is tried again next time (the network may be back).
    current.config ??= discoverOrgAuthorizationServer(org.url, clientId, clientAuth(), current.dispatcher).catch((error: unknown) => {
      current.config = undefined;
      throw error;
    });
    return current.config;
  }

  async #restoreAgent(org: SavedOrg): Promise<AgentSession | null> {
    const stored = readStoredSignIn(await this.credentials.secret(org, 'refresh-token'));
    const privateJwk = await this.credentials.secret(org, 'dpop-key');
    if (!stored || !privateJwk) return null;
    return this.#agentSession(org, stored, await keyPairFromJwk(privateJwk));
  }

  #agentSession(org: SavedOrg, stored: StoredSignIn, keys: Awaited<ReturnType<typeof keyPairFromJwk>>, fresh?: CompletedSignIn['accessToken']): AgentSession {
    return new AgentSession({
      org,
      config: () => this.nativeAppConfig(org),
      keys,
      stored,
      ...(fresh ? { fresh } : {}),
      persist: (next) => this.credentials.put(org, 'refresh-token', JSON.stringify(next)),
      kept: async () => readStoredSignIn(await this.credentials.secret(org, 'refresh-token')),
      ended: async (refused) => {
        // Forgotten only while it is still the one kept: another process may have signed in anew since.
        const kept = readStoredSignIn(await this.credentials.secret(org, 'refresh-token').catch(() => null));
        if (kept === null || kept.refreshToken === refused) await this.credentials.remove(org.id, 'refresh-token');
      },
    });
  }

  async #restoreService(org: SavedOrg): Promise<ServiceAppSession | null> {
    const { connection } = org;
    if (connection.method !== 'service') return null;
    const clientJwk = await this.credentials.secret(org, 'client-key');
    if (!clientJwk) return null;
    const clientKeys = await keyPairFromJwk(clientJwk);
    let dpopJwk = await this.credentials.secret(org, 'dpop-key');
    if (!dpopJwk) {
      // A key of its own for DPoP, made on first use and kept with the client key.
      dpopJwk = (await newKeyPair()).privateJwk;
      await this.credentials.put(org, 'dpop-key', dpopJwk);
    }
    const dpopKeys = await keyPairFromJwk(dpopJwk);
    let tokenEndpoint = '';
    const config = (): Promise<oidc.Configuration> =>
      this.#config(org, connection.clientId, () =>
        // OKTA: the client assertion's audience must be the token endpoint (openid-client puts the issuer there).
        oidc.PrivateKeyJwt(
          { key: clientKeys.privateKey, kid: connection.keyId },
          {
            [oidc.modifyAssertion]: (_header, payload) => {
              payload.aud = tokenEndpoint;
            },
          },
        ),
      ).then((discovered) => {
        tokenEndpoint = String(discovered.serverMetadata().token_endpoint);
        return discovered;
      });
    return new ServiceAppSession({ org, config, dpopKeys, scopes: connection.scopes });
  }
}

export type { TokenSource };
