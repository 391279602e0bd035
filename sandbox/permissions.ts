/**
 * What a route needs from its caller. Okta API routes need the OAuth 2.0 scope Okta documents for
 * them in management-minimal.yaml's `security` blocks (the Factors API is part of `okta.users.*`,
 * `GET /users/{id}/groups` is `okta.users.read`); the control API has its own two. Which callers
 * hold which permission follows from their admin roles (roles/admin-roles.ts).
 */
export const PERMISSIONS = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.roles.read',
  'okta.logs.read',
  'okta.authenticators.read',
  'okta.authenticators.manage',
  'sandbox.control.read',
  'sandbox.control.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** A route's permission, or `public` for the routes anyone may call without a token. */
export type RoutePermission = Permission | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Declared by every route (see `requires`); the permission step enforces it. */
    permission?: RoutePermission;
  }
}

/** Whether a permission changes things (and so, on a user, needs the right to change that user). */
export function isChange(permission: Permission): boolean {
  return permission.endsWith('.manage');
}

/** Route options declaring what the route needs: `app.get(path, requires('okta.users.read'), handler)`. */
export function requires(permission: RoutePermission): { config: { permission: RoutePermission } } {
  return { config: { permission } };
}
