import type { FastifyRequest } from 'fastify';
import type { UserRecord } from './directory/model';
import type { ActionContext, LogActor, RequestContext } from './logs/event-log';
import { appActor } from './oauth/oauth-log';
import type { Org } from './org';
import type { Principal } from './principals/principal';

/** Ids of the two API tokens every sandbox org starts with. */
export const ADMIN_TOKEN_ID = '00Tsandboxadmintoken';
export const READ_ONLY_TOKEN_ID = '00Tsandboxreadonlytk';

export function requestContext(request: FastifyRequest): RequestContext {
  const forwarded = request.headers['x-forwarded-for'];
  const ipAddress = (typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined) || request.ip;
  return {
    requestId: request.id,
    ipAddress,
    userAgent: request.headers['user-agent'] ?? 'UNKNOWN',
    uri: request.url,
    apiTokenId: request.principal?.apiTokenId ?? null,
    clientId: request.principal?.clientId ?? null,
  };
}

/** The user a principal acts as (`/users/me`, the System Log's actor), if it acts as one. */
export function principalUser(org: Org, principal: Principal | null): UserRecord | undefined {
  return principal?.userId ? org.directory.get(principal.userId) : undefined;
}

/**
 * How the System Log names the caller: the admin user an API token or a signed-in agent acts as,
 * or a service app itself (Okta's `PublicClientApp` actor, id = its client id).
 */
export function principalActor(org: Org, principal: Principal | null): LogActor | null {
  const user = principalUser(org, principal);
  if (user) return org.actorFor(user);
  const app = principal?.kind === 'serviceApp' && principal.clientId ? org.oauthApps.get(principal.clientId) : undefined;
  return app ? appActor(app) : null;
}

/** Management calls act as the admin the credential belongs to. */
export function adminContext(org: Org, request: FastifyRequest): ActionContext {
  return { actor: principalActor(org, request.principal) ?? org.orgActor(), request: requestContext(request) };
}

export type Query = Record<string, string | undefined>;

export function queryOf(request: FastifyRequest): Query {
  const query = request.query as Record<string, unknown> | undefined;
  const out: Query = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    out[key] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  }
  return out;
}
