/** How Okta's rate-limit shares name a caller (PrincipalRateLimitEntity.principalType). */
export type PrincipalType = 'SSWS_TOKEN' | 'OAUTH_CLIENT';

/** Who holds the admin role assignments that bound a call: an admin user, or an OAuth app itself. */
export type RoleAssignee = { kind: 'user'; userId: string } | { kind: 'client'; clientId: string };

/** How the credential was presented: `SSWS <token>`, or an OAuth access token as `Bearer` or `DPoP`. */
export type CredentialScheme = 'SSWS' | 'Bearer' | 'DPoP';

/**
 * Whoever calls the Okta API with a credential: an SSWS API token, which acts as the admin user
 * who owns it; an OAuth access token of a signed-in agent (the agent, with the agent's roles,
 * through the app's client id); or one of a service app (the app itself, with its own roles).
 */
export interface Principal {
  kind: 'apiToken' | 'agent' | 'serviceApp';
  /** What Okta keys rate-limit shares on: the API token's id or the OAuth client id. */
  rateLimitId: string;
  rateLimitType: PrincipalType;
  /** Whose role assignments decide what the call may do (read at each request, so changes apply at once). */
  assignee: RoleAssignee;
  /** The user the call acts as (System Log actor, `/users/me`); null for a service app. */
  userId: string | null;
  /** The access token's OAuth scopes; null for an SSWS token, which is not scoped. */
  scopes: ReadonlySet<string> | null;
  /** The API token's id, for the System Log's `transaction.detail.requestApiTokenId`. */
  apiTokenId: string | null;
  /** The OAuth client the access token was issued to (the System Log's `client.id`); null for an SSWS token. */
  clientId: string | null;
  scheme: CredentialScheme;
}
