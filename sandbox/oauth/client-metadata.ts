import type { ClientMetadata } from 'oidc-provider';
import type { OAuthApp } from './oauth-apps';

/**
 * oidc-provider's client metadata for one of the org's apps:
 * - native: public client (no secret), authorization code + refresh token, PKCE, `auth_time` always
 *   in the ID token (Okta always sends it), exact redirect URIs;
 * - service: client credentials with `private_key_jwt` and the app's public keys.
 * `dpop_bound_access_tokens` is Okta's "Require DPoP header in token requests". The Okta API scopes
 * an app was granted are not client metadata: oidc-provider allows only its own scopes there, so
 * the authorization server checks them against the app registry itself.
 */
export function clientMetadata(app: OAuthApp): ClientMetadata {
  if (app.type === 'native') {
    return {
      client_id: app.clientId,
      client_name: app.name,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [...app.redirectUris],
      dpop_bound_access_tokens: app.dpopRequired,
      require_auth_time: true,
    };
  }
  return {
    client_id: app.clientId,
    client_name: app.name,
    application_type: 'web',
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    jwks: { keys: [...(app.jwks?.keys ?? [])] } as ClientMetadata['jwks'],
    dpop_bound_access_tokens: app.dpopRequired,
  };
}
