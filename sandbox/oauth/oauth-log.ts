import type { UserRecord } from '../directory/model';
import type { LogActor, LogTarget, RequestContext } from '../logs/event-log';
import type { Org } from '../org';
import type { OAuthApp } from './oauth-apps';

/** How Okta's System Log names an OAuth app acting on its own behalf (a service app's calls). */
export function appActor(app: OAuthApp): LogActor {
  return { id: app.clientId, type: 'PublicClientApp', alternateId: app.clientId, displayName: app.name, detailEntry: null };
}

/** A sign-in on the org's sign-in page: `user.session.start`, SUCCESS or FAILURE (Okta's reason for a wrong password). */
export function logSignIn(org: Org, attempt: { user: UserRecord | undefined; login: string; succeeded: boolean }, request: RequestContext): void {
  const actor: LogActor = attempt.user
    ? org.actorFor(attempt.user)
    : { id: 'unknown', type: 'User', alternateId: attempt.login, displayName: 'unknown', detailEntry: null };
  org.log.append({
    eventType: 'user.session.start',
    displayMessage: 'User login to Okta',
    actor,
    targets: [],
    result: attempt.succeeded ? 'SUCCESS' : 'FAILURE',
    reason: attempt.succeeded ? undefined : 'INVALID_CREDENTIALS',
    request,
    credentialType: attempt.succeeded ? 'PASSWORD' : undefined,
  });
}

export type IssuedTokenKind = 'access_token' | 'refresh_token' | 'id_token';

const TOKEN_NAMES: Record<IssuedTokenKind, string> = { access_token: 'Access Token', refresh_token: 'Refresh Token', id_token: 'ID Token' };

/** Who a token event is about: the signed-in agent for user grants, the app for client credentials. */
export interface TokenEventParties {
  app: OAuthApp;
  user: UserRecord | undefined;
}

function actorOf(org: Org, parties: TokenEventParties): LogActor {
  return parties.user ? org.actorFor(parties.user) : appActor(parties.app);
}

function appTarget(app: OAuthApp): LogTarget {
  return { id: app.clientId, type: 'AppInstance', alternateId: app.name, displayName: app.name, detailEntry: null };
}

/** `app.oauth2.token.grant.access_token` / `.refresh_token` / `.id_token`: one event per token the org AS issued. */
export function logTokenGranted(
  org: Org,
  kind: IssuedTokenKind,
  parties: TokenEventParties,
  details: { tokenId: string; grantType: string; scopes: string; dpopBound: boolean },
  request: RequestContext | null,
): void {
  org.log.append({
    eventType: `app.oauth2.token.grant.${kind}`,
    displayMessage: `OIDC ${kind.replace('_', ' ')} is granted`,
    actor: actorOf(org, parties),
    targets: [{ id: details.tokenId, type: kind, alternateId: 'unknown', displayName: TOKEN_NAMES[kind], detailEntry: null }, appTarget(parties.app)],
    result: 'SUCCESS',
    request,
    debugData: { grantType: details.grantType, grantedScopes: details.scopes, dpop: String(details.dpopBound), clientId: parties.app.clientId },
  });
}

/** `app.oauth2.token.detect_reuse`: a rotated refresh token came back; the whole grant was revoked. */
export function logRefreshTokenReuse(org: Org, parties: TokenEventParties, request: RequestContext | null): void {
  org.log.append({
    eventType: 'app.oauth2.token.detect_reuse',
    displayMessage: 'Detect one-time refresh token attempted reuse',
    actor: actorOf(org, parties),
    targets: [appTarget(parties.app)],
    result: 'FAILURE',
    reason: 'The refresh token was already used; every token of its grant is revoked.',
    request,
    debugData: { clientId: parties.app.clientId },
  });
}

/** `app.oauth2.token.revoke`: a client revoked one of its tokens at `/oauth2/v1/revoke`. */
export function logTokenRevoked(org: Org, parties: TokenEventParties, kind: 'access_token' | 'refresh_token', request: RequestContext | null): void {
  org.log.append({
    eventType: 'app.oauth2.token.revoke',
    displayMessage: 'OIDC token revocation request',
    actor: actorOf(org, parties),
    targets: [appTarget(parties.app)],
    result: 'SUCCESS',
    request,
    debugData: { clientId: parties.app.clientId, tokenType: kind },
  });
}

/** `application.lifecycle.create`: an app registered through the control API. */
export function logAppCreated(org: Org, app: OAuthApp, actor: LogActor, request: RequestContext | null): void {
  org.log.append({
    eventType: 'application.lifecycle.create',
    displayMessage: 'Create application',
    actor,
    targets: [appTarget(app)],
    result: 'SUCCESS',
    request,
    debugData: { appType: app.type === 'native' ? 'native_app' : 'service', dpopRequired: String(app.dpopRequired), grantedScopes: app.grantedScopes.join(' ') },
  });
}
