/** How Okta's rate-limit shares name a caller (PrincipalRateLimitEntity.principalType). */
export type PrincipalType = 'SSWS_TOKEN' | 'OAUTH_CLIENT';

/** Who holds the admin role assignments that bound a call: an admin user, or an OAuth app itself. */
export type RoleAssignee = { kind: 'user'; userId: string } | { kind: 'client'; clientId: string };

/**
 * Whoever calls the Okta API with a credential. Today that is an SSWS API token, which acts as
 * the admin user who owns it; an OAuth access token of a signed-in agent (the agent, through the
 * app's client id) or of a service app (the app, with its own roles) fits the same shape.
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
}
