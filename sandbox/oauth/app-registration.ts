import { errors } from 'oidc-provider';
import { validation } from '../errors';
import type { ActionContext } from '../logs/event-log';
import type { Org } from '../org';
import { roleAssignmentsFor } from '../roles/grant-roles';
import type { AppRequest } from './app-requests';
import type { OAuthApp } from './oauth-apps';
import { logAppCreated } from './oauth-log';
import type { OrgAuthorizationServer } from './org-authorization-server';

/**
 * The loopback redirect URIs of the org's pre-registered native app, one per port the console
 * may listen on. Okta matches redirect URIs exactly, port included, and takes no wildcard for a
 * port, so the console uses a small fixed set and an admin registers all of them.
 */
export const NATIVE_REDIRECT_URIS = ['http://127.0.0.1:47801/callback', 'http://127.0.0.1:47802/callback', 'http://127.0.0.1:47803/callback'] as const;

export const NATIVE_APP_NAME = 'FactorDesk';

/**
 * Registers an app as an Okta admin would create it (Applications → OIDC native app, or API
 * Services app): checked as oidc-provider will load it (a redirect URI that is neither https nor
 * loopback http → 400 with its reason), added to the org, a service app given its admin roles,
 * and `application.lifecycle.create` logged.
 */
export async function registerApp(org: Org, server: OrgAuthorizationServer, request: AppRequest, ctx: ActionContext | null, clientId = org.oauthApps.nextClientId()): Promise<OAuthApp> {
  const app: OAuthApp = {
    clientId,
    type: request.type,
    name: request.name ?? (request.type === 'native' ? NATIVE_APP_NAME : 'FactorDesk service app'),
    dpopRequired: request.dpop,
    grantedScopes: request.scopes,
    redirectUris: request.type === 'native' ? request.redirectUris : [],
    jwks: request.type === 'service' ? request.jwks : null,
    created: org.clock.now(),
  };
  try {
    await server.validate(app);
  } catch (error) {
    if (error instanceof errors.OIDCProviderError) throw validation('app', [error.error_description ?? error.message]);
    throw error;
  }
  org.oauthApps.add(app);
  if (request.type === 'service') {
    const assignee = { kind: 'client' as const, clientId };
    org.roles.replace(assignee, roleAssignmentsFor(assignee, request.roles, org.clock.now(), (prefix) => org.ids.next(prefix)));
  }
  if (ctx) logAppCreated(org, app, ctx.actor, ctx.request);
  return app;
}
