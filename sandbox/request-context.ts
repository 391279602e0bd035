import type { FastifyRequest } from 'fastify';
import type { ActionContext, RequestContext } from './logs/event-log';
import type { Org } from './org';

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
    apiTokenId: request.caller === 'admin' ? ADMIN_TOKEN_ID : request.caller === 'readOnly' ? READ_ONLY_TOKEN_ID : null,
  };
}

/** Management calls act as the admin the token belongs to. */
export function adminContext(org: Org, request: FastifyRequest): ActionContext {
  return { actor: org.adminActor(request.caller === 'readOnly'), request: requestContext(request) };
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
