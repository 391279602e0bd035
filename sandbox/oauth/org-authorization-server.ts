import { IncomingMessage, type ServerResponse } from 'node:http';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { RequestContext } from '../logs/event-log';
import type { Org } from '../org';
import { clientMetadata } from './client-metadata';
import { IssuedTokens } from './issued-tokens';
import type { OAuthApp } from './oauth-apps';
import { logRefreshTokenReuse, logTokenGranted, logTokenRevoked, type TokenEventParties } from './oauth-log';
import { oktaMetadata } from './okta-metadata';
import { oktaTokenError, type ProviderError } from './okta-token-errors';
import { orgAdapter } from './org-adapter';
import { providerConfiguration } from './provider-configuration';
import { orgSigningKey, publicJwk, type SigningJwk } from './signing-key';

/** The largest token or revocation request body read before oidc-provider does (its own limit). */
const BODY_LIMIT_BYTES = 56 * 1024;

/** What the hand-off knows about a request, for the System Log events the provider's work causes. */
const requestContexts = new WeakMap<IncomingMessage, RequestContext>();

/**
 * The org authorization server: oidc-provider configured as Okta's org AS (provider-configuration.ts),
 * with the Okta behaviour a configuration cannot express done around it:
 * - a DPoP header sent to an app that does not require DPoP is ignored (the request is re-read);
 * - token errors worded as Okta words them, discovery pinned to Okta's values;
 * - redirect URIs matched exactly, port included;
 * - a revoked JWT access token recorded in the issued-token ledger (oidc-provider cannot revoke
 *   tokens it does not store);
 * - tokens granted, refresh token reuse and revocations written to the System Log.
 * It is made once the org's origin is known (after the server listens): the issuer is that origin.
 */
export class OrgAuthorizationServer {
  readonly issuedTokens: IssuedTokens;
  private current: { provider: Provider; issuer: string; signingKey: SigningJwk } | null = null;

  constructor(private readonly org: Org) {
    this.issuedTokens = new IssuedTokens(org.clock);
    org.revokeUserGrants = (userId) => this.revokeUserGrants(userId);
  }

  /**
   * `DELETE /users/{id}/sessions?oauthTokens=true`: every grant the user's tokens were issued under
   * is revoked, its access tokens at the API (the ledger) and its refresh tokens in storage.
   */
  async revokeUserGrants(userId: string): Promise<number> {
    const grants = this.issuedTokens.revokeUser(userId);
    if (this.current) for (const grantId of grants) await this.current.provider.AccessToken.revokeByGrantId(grantId);
    return grants.length;
  }

  /** Builds the provider for `issuer` (the org domain's origin). */
  async start(issuer: string): Promise<void> {
    const signingKey = await orgSigningKey();
    const adapter = orgAdapter((clientId) => {
      const app = this.org.oauthApps.get(clientId);
      return app ? clientMetadata(app) : undefined;
    });
    const url = new URL(issuer);
    const provider = new Provider(issuer, providerConfiguration({
      org: this.org,
      issuer,
      signingKey,
      adapter,
      issuedTokens: this.issuedTokens,
      // Cookies ignore ports: every sandbox org on 127.0.0.1, the browser shell and the console's
      // loopback listener share a cookie jar, so each org's cookies carry its own port.
      cookiePrefix: `sbx${url.port || (url.protocol === 'https:' ? '443' : '80')}`,
    }));
    // The hand-off states the origin the org is reached on in X-Forwarded-* (see `handle`).
    provider.proxy = true;
    // OKTA: a redirect URI must match a registered one exactly, port included. oidc-provider, as
    // RFC 8252 §7.3 asks, would accept any port on a native app's loopback redirect URI.
    provider.Client.prototype.redirectUriAllowed = function exactRedirectUri(this: { redirectUris?: readonly string[] }, value: string): boolean {
      return this.redirectUris?.includes(value) ?? false;
    };
    provider.use((ctx, next) => this.aroundProvider(ctx as KoaContextWithOIDC, next));
    this.listen(provider);
    this.current = { provider, issuer, signingKey };
  }

  get started(): boolean {
    return this.current !== null;
  }

  get issuer(): string {
    return this.started_().issuer;
  }

  get provider(): Provider {
    return this.started_().provider;
  }

  /** The keys `/oauth2/v1/keys` publishes, for checking the org's tokens. */
  get publicKeys(): { keys: Array<ReturnType<typeof publicJwk>> } {
    return { keys: [publicJwk(this.started_().signingKey)] };
  }

  /** Checks a client's metadata as oidc-provider would load it; throws its InvalidClientMetadata with a readable description. */
  async validate(app: OAuthApp): Promise<void> {
    await this.provider.Client.validate(clientMetadata(app));
  }

  /**
   * Prepares a raw request for oidc-provider: states the org domain's origin (the issuer) in
   * X-Forwarded-Proto / -Host, whichever address or custom domain the request came in on, so
   * endpoint URLs, DPoP `htu` and client assertion `aud` are checked against the issuer's.
   */
  asOrgRequest(raw: IncomingMessage, context: RequestContext): IncomingMessage {
    const issuer = new URL(this.issuer);
    raw.headers['x-forwarded-proto'] = issuer.protocol.replace(':', '');
    raw.headers['x-forwarded-host'] = issuer.host;
    requestContexts.set(raw, context);
    return raw;
  }

  /** Answers a request for `/oauth2/v1/*` or a discovery document. */
  async handle(raw: IncomingMessage, response: ServerResponse, context: RequestContext): Promise<void> {
    let request = this.asOrgRequest(raw, context);
    if (raw.method === 'POST' && raw.url?.split('?')[0] === '/oauth2/v1/token' && raw.headers.dpop !== undefined) {
      request = await this.withoutUnwantedDpop(raw, context);
    }
    await this.provider.callback()(request, response);
  }

  private started_(): { provider: Provider; issuer: string; signingKey: SigningJwk } {
    if (!this.current) throw new Error('The org authorization server starts once the org listens.');
    return this.current;
  }

  /**
   * OKTA: an app that does not require DPoP ignores a DPoP header and gets a Bearer token (Okta's
   * Node SDK always sends one). oidc-provider would bind the token to it, so the header goes. Which
   * app is asking is in the form body (`client_id`, or the client assertion's `sub`), so the body is
   * read here and handed to oidc-provider as a fresh request carrying the same bytes.
   */
  private async withoutUnwantedDpop(raw: IncomingMessage, context: RequestContext): Promise<IncomingMessage> {
    // Read to the end without destroying the request (which would close the connection); past
    // the limit the body is cut, and oidc-provider refuses it for not matching its Content-Length.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of raw.iterator({ destroyOnReturn: false })) {
      size += (chunk as Buffer).length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const form = new URLSearchParams(body.toString('utf8'));
    let clientId = form.get('client_id') ?? undefined;
    const assertion = form.get('client_assertion');
    if (!clientId && assertion) {
      try {
        clientId = decodeJwt(assertion).sub;
      } catch {
        // oidc-provider refuses the malformed assertion itself.
      }
    }
    const app = clientId ? this.org.oauthApps.get(clientId) : undefined;
    const replay = new IncomingMessage(raw.socket);
    replay.method = raw.method;
    replay.url = raw.url;
    replay.httpVersion = raw.httpVersion;
    replay.headers = { ...raw.headers };
    if (app && !app.dpopRequired) delete replay.headers.dpop;
    // Complete, so that reading it to the end does not count as an aborted request (which would
    // close the connection the answer goes out on).
    replay.complete = true;
    replay.push(body);
    replay.push(null);
    requestContexts.set(replay, context);
    return replay;
  }

  /** Around every provider request: Okta's authorize pre-step, token error wording, discovery values, JWT revocation. */
  private async aroundProvider(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
    if (ctx.method === 'GET' && ctx.path === '/oauth2/v1/authorize') {
      // OKTA: refresh tokens for offline_access without prompt=consent (see provider-configuration.ts),
      // also for a step-up's prompt=login; prompt=none cannot carry consent and is left alone.
      const scopes = String(ctx.query.scope ?? '').split(' ');
      const prompts = String(ctx.query.prompt ?? '').split(' ').filter(Boolean);
      if (scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
        ctx.query = { ...ctx.query, prompt: [...prompts, 'consent'].join(' ') };
      }
    }
    await next();
    const route = ctx.oidc?.route;
    if (route === 'discovery' && ctx.status === 200 && isRecord(ctx.body)) {
      ctx.body = oktaMetadata(ctx.body, this.issuer);
    }
    if (route === 'token' && ctx.status >= 400 && isRecord(ctx.body)) {
      const error = (ctx.state.providerError as ProviderError | undefined) ?? (ctx.body as unknown as ProviderError);
      ctx.body = oktaTokenError(error, typeof ctx.oidc?.params?.grant_type === 'string' ? ctx.oidc.params.grant_type : undefined);
    }
    if (route === 'revocation' && ctx.status === 400 && isRecord(ctx.body) && ctx.body.error === 'unsupported_token_type') {
      await this.revokeAccessToken(ctx);
    } else if (route === 'revocation' && ctx.status === 200 && ctx.oidc.entities.RefreshToken) {
      const refreshToken = ctx.oidc.entities.RefreshToken;
      const parties = this.parties(refreshToken.clientId, refreshToken.accountId);
      if (parties) logTokenRevoked(this.org, parties, 'refresh_token', requestContexts.get(ctx.req) ?? null);
    }
  }

  /**
   * OKTA: `/revoke` takes the org's access tokens too. oidc-provider refuses structured tokens
   * there (it does not store them); once it has authenticated the client, a valid access token of
   * that client is marked revoked in the ledger and the answer is Okta's 200 (also for a token
   * that is not, or no longer, valid: RFC 7009 leaks nothing).
   */
  private async revokeAccessToken(ctx: KoaContextWithOIDC): Promise<void> {
    const client = ctx.oidc.client;
    const token = ctx.oidc.params?.token;
    if (!client || typeof token !== 'string') return;
    ctx.status = 200;
    ctx.body = '';
    try {
      const { signingKey, issuer } = this.started_();
      if (decodeProtectedHeader(token).kid !== signingKey.kid) return;
      const { payload } = await jwtVerify(token, await importJWK(publicJwk(signingKey), 'RS256'), { issuer, audience: issuer });
      if (payload.cid !== client.clientId || typeof payload.jti !== 'string') return;
      this.issuedTokens.revokeAccessToken(payload.jti);
      const parties = this.parties(client.clientId, typeof payload.uid === 'string' ? payload.uid : undefined);
      if (parties) logTokenRevoked(this.org, parties, 'access_token', requestContexts.get(ctx.req) ?? null);
    } catch {
      // Not one of this org's access tokens: nothing to revoke.
    }
  }

  private parties(clientId: string | undefined, accountId: string | undefined): TokenEventParties | undefined {
    const app = clientId ? this.org.oauthApps.get(clientId) : undefined;
    return app ? { app, user: accountId ? this.org.directory.get(accountId) : undefined } : undefined;
  }

  /** The provider's events, as the grant revocations the resource server must know and the System Log's events. */
  private listen(provider: Provider): void {
    const context = (ctx: KoaContextWithOIDC): RequestContext | null => requestContexts.get(ctx.req) ?? null;
    provider.on('grant.revoked', (_ctx: KoaContextWithOIDC, grantId: string) => this.issuedTokens.revokeGrant(grantId));
    provider.on('grant.error', (ctx: KoaContextWithOIDC, error: ProviderError) => {
      ctx.state.providerError = { error: error.error, error_description: error.error_description, error_detail: error.error_detail };
      if (error.error_detail === 'refresh token already used') {
        const refreshToken = ctx.oidc.entities.RefreshToken;
        const parties = this.parties(ctx.oidc.client?.clientId, refreshToken?.accountId);
        if (parties) logRefreshTokenReuse(this.org, parties, context(ctx));
      }
    });
    provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
      const body = isRecord(ctx.body) ? ctx.body : {};
      const entities = ctx.oidc.entities;
      const accessToken = entities.AccessToken ?? entities.ClientCredentials;
      const parties = this.parties(ctx.oidc.client?.clientId, entities.Account?.accountId);
      if (!parties || typeof body.access_token !== 'string') return;
      const details = {
        grantType: String(ctx.oidc.params?.grant_type ?? ''),
        scopes: String(body.scope ?? ''),
        dpopBound: String(body.token_type).toLowerCase() === 'dpop',
      };
      const request = context(ctx);
      const jti = decodeJwt(body.access_token).jti;
      logTokenGranted(this.org, 'access_token', parties, { ...details, tokenId: typeof jti === 'string' ? jti : (accessToken?.jti ?? 'unknown') }, request);
      if (typeof body.refresh_token === 'string') logTokenGranted(this.org, 'refresh_token', parties, { ...details, tokenId: 'unknown' }, request);
      if (typeof body.id_token === 'string') logTokenGranted(this.org, 'id_token', parties, { ...details, tokenId: 'unknown' }, request);
    });
    provider.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) => {
      console.error('sandbox org authorization server error:', error);
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
