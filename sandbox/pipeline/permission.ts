import type { FastifyRequest } from 'fastify';
import { notFound, OktaError } from '../errors';
import type { Org } from '../org';
import { isApiTokenOnlyRoute } from '../oauth/api-token-only-routes';
import { challengeScheme, insufficientScope } from '../oauth/www-authenticate';
import { isChange, type Permission, type RoutePermission } from '../permissions';
import { AdminAccess } from '../roles/admin-access';
import { isOktaApi, pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the caller may do and to whom; null on public routes. */
    access: AdminAccess | null;
  }
}

const QR_CODE_PATH = /^\/api\/v1\/users\/[^/]+\/factors\/[^/]+\/qr\/[^/]+$/;

const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD';

/**
 * What a request no route answers must hold, so that its 404 only reaches a caller who could call a
 * route in that place: the Authentication API and QR code paths are public, System Log, group and
 * role paths need their own read permission, other reads need user reads and anything else the
 * right to change users. Paths outside the two APIs are public.
 */
export function unroutedPermission(method: string, path: string): RoutePermission {
  if (path.startsWith('/sandbox/v1')) return isRead(method) ? 'sandbox.control.read' : 'sandbox.control.manage';
  if (!isOktaApi(path) || path.startsWith('/api/v1/authn') || QR_CODE_PATH.test(path)) return 'public';
  if (!isRead(method)) return 'okta.users.manage';
  if (path === '/api/v1/logs' || path.startsWith('/api/v1/logs/')) return 'okta.logs.read';
  if (path === '/api/v1/groups' || path.startsWith('/api/v1/groups/')) return 'okta.groups.read';
  if (/^\/api\/v1\/users\/[^/]+\/roles(\/|$)/.test(path)) return 'okta.roles.read';
  if (path === '/api/v1/authenticators' || path.startsWith('/api/v1/authenticators/')) return 'okta.authenticators.read';
  return 'okta.users.read';
}

/** The name of the route parameter that says which user (or group) a route acts on, from its URL pattern. */
function targetParameter(request: FastifyRequest, collection: 'users' | 'groups'): string | undefined {
  const pattern = request.routeOptions.url ?? '';
  return new RegExp(`^/api/v1/${collection}/:([A-Za-z]+)`).exec(pattern)?.[1];
}

/**
 * Per-target checks for routes below `/api/v1/users/{user}` and `/api/v1/groups/{group}`: reading a
 * user or group the caller may not see answers 404 E0000007, as if it did not exist; changing a
 * user the caller may not change (outside its groups, or an admin when it is no super admin)
 * answers 403 E0000006, Okta's one documented refusal for those operations. Unknown ids are left
 * to the route, which answers 404 itself.
 */
function checkTarget(org: Org, request: FastifyRequest, access: AdminAccess, needed: Permission): void {
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const userParameter = targetParameter(request, 'users');
  if (userParameter) {
    const raw = params[userParameter] ?? '';
    const user = raw === 'me' ? (access.principal.userId ? org.directory.get(access.principal.userId) : undefined) : org.directory.get(raw);
    if (!user) return;
    if (isChange(needed)) {
      if (!access.canChangeUser(user)) throw new OktaError('E0000006');
    } else if (!access.canSeeUser(user)) {
      throw notFound(raw, 'User');
    }
    return;
  }
  const groupParameter = targetParameter(request, 'groups');
  if (groupParameter) {
    const raw = params[groupParameter] ?? '';
    const group = org.groups.get(raw);
    if (group && !access.canSeeGroup(group)) throw notFound(raw, 'Group');
  }
}

/**
 * Enforces the permission each route declares in its options (`requires(...)`): nobody calling → 401
 * E0000011 (with the OAuth challenge when an access token was refused); an OAuth token without the
 * route's scope → 403 E0000006 with an `insufficient_scope` challenge naming it, as Okta answers
 * (a route Okta opens to API tokens only → plain 403, even one open to callers without a token); a caller whose admin roles lack it → 403
 * E0000006; then, for routes acting on one user or group, whether the caller reaches that one
 * (roles/admin-access.ts). A route that declares none stops the server from starting.
 */
export const permission = pipelinePlugin('permission', async (app, { org }: { org: Org }) => {
  app.decorateRequest('access', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.permission === undefined) {
      throw new Error(`${String(route.method)} ${route.url} declares no permission: give it requires(...) in its options`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const needed = request.is404 ? unroutedPermission(request.method, pathOf(request)) : request.routeOptions.config.permission;
    const principal = request.principal;
    // Before `public`: the security questions are open to a sign-in client with no credential at
    // all (the Authentication API's MFA_ENROLL link), yet an OAuth access token is still refused there.
    const oauthOnApiTokenRoute = principal !== null && principal.scopes !== null && !request.is404 && isApiTokenOnlyRoute(request.method, request.routeOptions.url);
    if (oauthOnApiTokenRoute) throw new OktaError('E0000006');
    if (needed === 'public') return;
    if (!principal) throw request.credentialRefusal ?? new OktaError('E0000011');
    const access = new AdminAccess(principal, org.roles.of(principal.assignee), org.groups, org.roles);
    if (needed !== undefined && principal.scopes !== null) {
      if (!access.grantsScope(needed)) throw insufficientScope(challengeScheme(principal.scheme), org.origins.orgDomain, pathOf(request), needed);
    }
    if (needed === undefined || !access.may(needed)) throw new OktaError('E0000006');
    request.access = access;
    if (!request.is404) checkTarget(org, request, access, needed);
  });
});
