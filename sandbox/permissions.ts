/** Who called: the admin token, the read-only token, or nobody (Authentication API, QR codes). */
export type Caller = 'admin' | 'readOnly' | 'anonymous';

/**
 * What a route needs from its caller. Okta API routes need the OAuth 2.0 scope Okta documents for
 * them (the Factors API is part of `okta.users.*`); the control API has its own two.
 */
export type Permission = 'okta.users.read' | 'okta.users.manage' | 'okta.logs.read' | 'sandbox.control.read' | 'sandbox.control.manage';

/** A route's permission, or `public` for the routes anyone may call without a token. */
export type RoutePermission = Permission | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Declared by every route (see `requires`); the permission step enforces it. */
    permission?: RoutePermission;
  }
}

/**
 * What each API token is granted. The read-only token stands for a help-desk style admin without
 * report access: it reads users and factors, but changes nothing and cannot read the System Log,
 * so clients can test both "no write permission" and "no System Log permission" (403 E0000006)
 * with one token.
 */
const GRANTS: Record<Exclude<Caller, 'anonymous'>, ReadonlySet<Permission>> = {
  admin: new Set(['okta.users.read', 'okta.users.manage', 'okta.logs.read', 'sandbox.control.read', 'sandbox.control.manage']),
  readOnly: new Set(['okta.users.read', 'sandbox.control.read']),
};

/** Whether an authenticated caller holds a permission; anonymous callers are refused earlier (401). */
export function callerMay(caller: Exclude<Caller, 'anonymous'>, permission: Permission): boolean {
  return GRANTS[caller].has(permission);
}

/** Route options declaring what the route needs: `app.get(path, requires('okta.users.read'), handler)`. */
export function requires(permission: RoutePermission): { config: { permission: RoutePermission } } {
  return { config: { permission } };
}
