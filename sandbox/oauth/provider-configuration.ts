import { randomBytes } from 'node:crypto';
import { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Org } from '../org';
import { DPOP_ALGORITHMS } from './dpop-algorithms';
import type { IssuedTokens } from './issued-tokens';
import { OKTA_CLIENT_AUTH_METHODS } from './okta-metadata';
import { OIDC_SCOPES } from './scopes';
import type { SigningJwk } from './signing-key';
import type { AdapterConstructor } from 'oidc-provider';
import { signInPath } from './oauth-paths';
import { errorPage, signOutPage } from './sign-in-page';

/** Lifetimes (seconds, real time: oidc-provider reads `Date.now()`). */
export const ORG_AS_LIFETIMES = {
  /** Okta's org AS access tokens: one hour, fixed. */
  accessToken: 3600,
  authorizationCode: 300,
  idToken: 3600,
  /** Rotating refresh tokens that expire after 7 days unused (each rotation starts a new 7 days): Okta's default app setting. */
  refreshToken: 7 * 24 * 3600,
  grant: 365 * 24 * 3600,
  /** The org session behind the sign-in page: two hours, Okta's default. */
  session: 2 * 3600,
  interaction: 600,
} as const;

export interface ProviderParts {
  org: Org;
  issuer: string;
  signingKey: SigningJwk;
  adapter: AdapterConstructor;
  issuedTokens: IssuedTokens;
  /** Prefix of the provider's cookie names, unique to this org (cookies ignore ports). */
  cookiePrefix: string;
}

function requestedScopes(ctx: KoaContextWithOIDC): string[] {
  const scope = ctx.oidc.params?.scope;
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/**
 * oidc-provider configured as Okta's org authorization server. Each place where Okta differs from
 * oidc-provider's defaults says so (OKTA:).
 */
export function providerConfiguration({ org, issuer, signingKey, adapter, issuedTokens, cookiePrefix }: ProviderParts): Configuration {
  const policy = interactionPolicy.base();
  const consent = policy.get('consent');
  // OKTA: no consent screen for the org's own apps. oidc-provider asks native clients for consent
  // on every authorization (RFC 8252 §8.6 caution); Okta does not.
  consent?.checks.remove('native_client_prompt');
  // OKTA: offline_access works without prompt=consent. oidc-provider (OIDC Core §11) drops
  // offline_access unless prompt=consent is asked; the authorize pre-step adds it, and this check
  // goes so that it shows no consent screen either.
  consent?.checks.remove('consent_prompt');

  return {
    adapter,
    clients: [],
    jwks: { keys: [signingKey] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      names: {
        session: `${cookiePrefix}_session`,
        interaction: `${cookiePrefix}_interaction`,
        resume: `${cookiePrefix}_resume`,
      },
    },
    routes: {
      authorization: '/oauth2/v1/authorize',
      token: '/oauth2/v1/token',
      jwks: '/oauth2/v1/keys',
      revocation: '/oauth2/v1/revoke',
      end_session: '/oauth2/v1/logout',
      pushed_authorization_request: '/oauth2/v1/par',
      // Never reached: the sandbox serves /oauth2/v1/userinfo itself (see userinfo-route.ts).
      userinfo: '/oauth2/v1/userinfo',
    },
    interactions: { policy, url: (_ctx, interaction) => signInPath(interaction.uid) },
    scopes: [...OIDC_SCOPES],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'given_name', 'family_name', 'locale', 'zoneinfo', 'updated_at'],
      email: ['email', 'email_verified'],
    },
    // OKTA: profile and email claims are in the ID token, not only at /userinfo.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => {
      const user = org.directory.get(id);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: async () => ({
          sub: user.id,
          name: `${user.profile.firstName} ${user.profile.lastName}`,
          preferred_username: user.profile.login,
          given_name: user.profile.firstName,
          family_name: user.profile.lastName,
          locale: user.profile.locale,
          zoneinfo: user.profile.timeZone,
          updated_at: Math.floor(user.lastUpdated / 1000),
          email: user.profile.email,
          email_verified: true,
        }),
      };
    },
    // OKTA: PKCE is required of the native app (oidc-provider 9 knows only S256, as Okta's metadata lists).
    pkce: { required: () => true },
    clientAuthMethods: [...OKTA_CLIENT_AUTH_METHODS],
    enabledJWA: {
      dPoPSigningAlgValues: [...DPOP_ALGORITHMS],
      clientAuthSigningAlgValues: ['HS256', 'HS384', 'HS512', ...DPOP_ALGORITHMS],
      idTokenSigningAlgValues: ['RS256'],
    },
    responseTypes: ['code'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // OKTA: "A client may only revoke its own tokens."
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      introspection: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = signOutPage(form);
        },
      },
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        // OKTA: the org AS answers a DPoP token request without a nonce with use_dpop_nonce, always.
        requireNonce: () => true,
      },
      resourceIndicators: {
        enabled: true,
        // OKTA: org AS access tokens are for the org itself (aud = the org); clients never send `resource`.
        defaultResource: () => issuer,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource, client) => {
          if (resource !== issuer) throw new errors.InvalidTarget();
          const app = org.oauthApps.get(client.clientId);
          const granted: readonly string[] = app?.grantedScopes ?? [];
          const okta = requestedScopes(ctx).filter((scope) => scope.startsWith('okta.'));
          // OKTA: asking for an Okta API scope the app was not granted is an error, not a silent drop.
          const denied = okta.filter((scope) => !granted.includes(scope));
          if (denied.length) throw new errors.InvalidScope('The requested scope is invalid, unknown, or malformed.', denied.join(' '));
          // OKTA: a service app must ask for scopes ("No scopes were requested.").
          if (ctx.oidc.params?.grant_type === 'client_credentials' && okta.length === 0) {
            throw new errors.InvalidScope('No scopes were requested.', '');
          }
          return {
            scope: [...OIDC_SCOPES, ...granted].join(' '),
            audience: issuer,
            accessTokenTTL: ORG_AS_LIFETIMES.accessToken,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // OKTA: every refresh rotates the refresh token (oidc-provider's default skips DPoP-bound public clients).
    rotateRefreshToken: true,
    ttl: {
      AccessToken: ORG_AS_LIFETIMES.accessToken,
      ClientCredentials: ORG_AS_LIFETIMES.accessToken,
      AuthorizationCode: ORG_AS_LIFETIMES.authorizationCode,
      IdToken: ORG_AS_LIFETIMES.idToken,
      RefreshToken: ORG_AS_LIFETIMES.refreshToken,
      Interaction: ORG_AS_LIFETIMES.interaction,
      Session: ORG_AS_LIFETIMES.session,
      Grant: ORG_AS_LIFETIMES.grant,
    },
    // OKTA: no consent screen; the grant is the requested scopes (checked against the app's grants above).
    loadExistingGrant: async (ctx) => {
      const { client, session, result } = ctx.oidc;
      if (!client || !session) return undefined;
      const accountId = result?.login?.accountId ?? session.accountId;
      if (!accountId) return undefined;
      const previous = session.grantIdFor(client.clientId);
      const grant = (previous ? await ctx.oidc.provider.Grant.find(previous) : undefined) ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      const requested = requestedScopes(ctx);
      grant.addOIDCScope(requested.filter((scope) => (OIDC_SCOPES as readonly string[]).includes(scope)).join(' '));
      grant.addResourceScope(issuer, requested.join(' '));
      await grant.save();
      return grant;
    },
    // OKTA: user access tokens carry auth_time (dpop.md's decoded token).
    extraTokenClaims: async (ctx) => {
      const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      return source?.authTime ? { auth_time: source.authTime } : undefined;
    },
    formats: {
      customizers: {
        // OKTA: access tokens as the org AS mints them: ver, jti "AT.…", iss, aud, iat, exp, cnf,
        // cid, uid (users), scp as an array, auth_time, sub = the user's login or the client id.
        jwt: (_ctx, token, structured) => {
          const claims = structured.payload;
          const accountId = 'accountId' in token && typeof token.accountId === 'string' ? token.accountId : undefined;
          const user = accountId ? org.directory.get(accountId) : undefined;
          const clientId = String(claims.client_id);
          const jti = `AT.${String(claims.jti)}`;
          const cnf = claims.cnf as { jkt?: string } | undefined;
          structured.payload = {
            ver: 1,
            jti,
            iss: claims.iss,
            aud: claims.aud,
            iat: claims.iat,
            exp: claims.exp,
            ...(cnf?.jkt ? { cnf: { jkt: cnf.jkt } } : {}),
            cid: clientId,
            ...(user ? { uid: user.id } : {}),
            scp: String(claims.scope ?? '').split(' ').filter(Boolean),
            ...(typeof claims.auth_time === 'number' ? { auth_time: claims.auth_time } : {}),
            sub: user ? user.profile.login : clientId,
          };
          // OKTA: org AS access tokens have no `typ: at+jwt` header, only kid and alg.
          structured.header = { typ: undefined };
          const exp = Number(claims.exp);
          issuedTokens.issued(jti, {
            clientId,
            grantId: 'grantId' in token && typeof token.grantId === 'string' ? token.grantId : null,
            lifetimeSeconds: exp - Number(claims.iat),
            exp,
            ...(user ? { userId: user.id } : {}),
          });
        },
      },
    },
    // OKTA: a client assertion's aud must be the endpoint called (self-signed-jwt.md), not the
    // issuer oidc-provider also accepts; sub = iss = client id; at most an hour ahead.
    assertJwtClientAuthClaimsAndHeader: async (ctx, claims) => {
      if (claims.aud !== ctx.oidc.urlFor(ctx.oidc.route)) {
        throw new errors.InvalidClientAuth('The audience claim for client_assertion must be the endpoint invoked for the request.');
      }
      if (claims.sub !== claims.iss) throw new errors.InvalidClientAuth('The client_assertion sub claim must be the client_id.');
      if (typeof claims.exp === 'number' && claims.exp - Math.floor(Date.now() / 1000) > 3600) {
        throw new errors.InvalidClientAuth('The client_assertion token has an expiration too far into the future.');
      }
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      // OKTA: Okta's words for a redirect URI that is not registered exactly (port included).
      const description = out.error === 'invalid_redirect_uri' ? "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings" : out.error_description;
      ctx.body = errorPage(out.error, description);
    },
  };
}
