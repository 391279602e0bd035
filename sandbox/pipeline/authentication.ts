import type { FastifyRequest } from 'fastify';
import type { Principal } from '../principals/principal';
import { pipelinePlugin } from './pipeline-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, or null for a call without a (valid) credential. */
    principal: Principal | null;
  }
}

/** Something that can name the principal of a request from its credentials (SSWS API tokens; OAuth access tokens next). */
export interface Authenticator {
  principalFor(request: FastifyRequest): Principal | null;
}

/**
 * Identifies the caller of every request as `request.principal`, asking each authenticator in
 * turn. It never answers by itself: the permission step refuses calls without a principal (401)
 * and principals without the route's permission (403), so the rate-limit and concurrency steps in
 * between already know whose share a call takes.
 */
export const authentication = pipelinePlugin('authentication', async (app, { authenticators }: { authenticators: readonly Authenticator[] }) => {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    for (const authenticator of authenticators) {
      const principal = authenticator.principalFor(request);
      if (principal) {
        request.principal = principal;
        return;
      }
    }
    request.principal = null;
  });
});
