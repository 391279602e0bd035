import { DPOP_ALGORITHMS } from './dpop-algorithms';

/** The client authentication methods Okta's org AS lists for its token, revocation and introspection endpoints (oauth-org-as.yaml OrgASOidcMetadata). */
export const OKTA_CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'] as const;

/**
 * Discovery as Okta publishes it (`/.well-known/openid-configuration` and
 * `/.well-known/oauth-authorization-server` alike): the five client authentication methods in
 * Okta's order, the DPoP algorithms, S256 only, and the userinfo endpoint, which the sandbox
 * serves itself (oidc-provider cannot read the org's JWT access tokens there). oidc-provider's
 * `discovery` option cannot override these standard fields, so they are pinned afterwards.
 */
export function oktaMetadata(body: Record<string, unknown>, issuer: string): Record<string, unknown> {
  return {
    ...body,
    userinfo_endpoint: `${issuer}/oauth2/v1/userinfo`,
    token_endpoint_auth_methods_supported: [...OKTA_CLIENT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...OKTA_CLIENT_AUTH_METHODS],
    code_challenge_methods_supported: ['S256'],
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
  };
}
