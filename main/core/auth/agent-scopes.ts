import type { OktaApiScope } from '../../../contract/orgs';

/**
 * The Okta API scopes an agent's sign-in asks for: users and factors (read, reset), the System Log,
 * admin roles (Test connection, step-up), and the org's authenticators (the settings a temporary
 * access code is issued within).
 */
export const AGENT_API_SCOPES: readonly OktaApiScope[] = ['okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read', 'okta.authenticators.read'];

/** OpenID Connect scopes of the sign-in: who signed in (ID token), and a refresh token to stay signed in. */
export const SIGN_IN_OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;

/** Everything a sign-in asks for. */
export function signInScopes(apiScopes: readonly OktaApiScope[]): string[] {
  return [...SIGN_IN_OIDC_SCOPES, ...apiScopes];
}
