import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '../permissions';
import { pipelinePlugin } from './pipeline-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

export interface ApiTokens {
  admin: string;
  readOnly: string;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The caller an `Authorization` header names: `SSWS <token>` with one of the org's API tokens, or nobody. */
export function callerFor(authorization: string | undefined, tokens: ApiTokens): Caller {
  if (typeof authorization !== 'string' || !/^SSWS\s+/i.test(authorization)) return 'anonymous';
  const presented = authorization.replace(/^SSWS\s+/i, '').trim();
  if (sameSecret(presented, tokens.admin)) return 'admin';
  if (sameSecret(presented, tokens.readOnly)) return 'readOnly';
  return 'anonymous';
}

/**
 * Identifies the caller of every request as `request.caller`. It never answers by itself: the
 * permission step refuses anonymous callers (401) and callers without the route's permission (403),
 * so the rate-limit and concurrency steps in between already know who is calling.
 */
export const authentication = pipelinePlugin('authentication', async (app, { tokens }: { tokens: ApiTokens }) => {
  app.decorateRequest('caller', 'anonymous');
  app.addHook('onRequest', async (request) => {
    request.caller = callerFor(request.headers.authorization, tokens);
  });
});
