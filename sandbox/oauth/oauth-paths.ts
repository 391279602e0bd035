/** The sandbox's own sign-in page for the org authorization server's interactions. */
export const SIGN_IN_ROUTE = '/signin/:uid';

export function signInPath(uid: string): string {
  return `/signin/${encodeURIComponent(uid)}`;
}

/** Served by the sandbox itself, not by oidc-provider: it must accept the org's JWT access tokens. */
export const USERINFO_PATH = '/oauth2/v1/userinfo';

/** Okta's Client role APIs (`/oauth2/v1/clients/{clientId}/roles…`) are management API calls: the sandbox's routes answer them. */
const CLIENT_ROLES = /^\/oauth2\/v1\/clients\/[^/]+\/roles(\/|$)/;

/** The paths oidc-provider answers: the org authorization server (`/oauth2/v1/*`) and both discovery documents. */
export function isProviderPath(path: string): boolean {
  if (path === USERINFO_PATH || CLIENT_ROLES.test(path)) return false;
  return path.startsWith('/oauth2/') || path === '/.well-known/openid-configuration' || path === '/.well-known/oauth-authorization-server';
}
