import { PERMISSIONS, type Permission } from '../permissions';

/** The Okta API scopes the sandbox's routes need (management-minimal.yaml `security` blocks), which apps may be granted. */
export const OKTA_API_SCOPES = PERMISSIONS.filter((permission): permission is Extract<Permission, `okta.${string}`> => permission.startsWith('okta.'));
export type OktaApiScope = (typeof OKTA_API_SCOPES)[number];

/** The OpenID Connect scopes of the org authorization server (its discovery document lists only these). */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** The scopes a FactorDesk agent's sign-in asks for. */
export const AGENT_SCOPES = ['openid', 'profile', 'offline_access', 'okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read', 'okta.authenticators.read'] as const;

export function isOktaApiScope(scope: string): scope is OktaApiScope {
  return (OKTA_API_SCOPES as readonly string[]).includes(scope);
}

/** Whether a token's scopes satisfy one the route needs: an `okta.X.manage` scope includes `okta.X.read`, as in Okta. */
export function scopeSatisfies(scopes: ReadonlySet<string>, needed: string): boolean {
  return scopes.has(needed) || (needed.endsWith('.read') && scopes.has(needed.replace(/\.read$/, '.manage')));
}
