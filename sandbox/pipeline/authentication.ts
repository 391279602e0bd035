import type { FastifyRequest } from 'fastify';
import { ChallengeError } from '../errors';
import type { Principal } from '../principals/principal';
import { pipelinePlugin } from './pipeline-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, or null for a call without a (valid) credential. */
    principal: Principal | null;
    /** Why a credential an authenticator recognised was refused (an OAuth challenge), answered if the route needs a caller. */
    credentialRefusal: ChallengeError | null;
  }
}

/** Something that can name the principal of a request from its credentials: SSWS API tokens, OAuth access tokens. */
export interface Authenticator {
  /**
   * The principal the request's credential names, or null when it carries none this authenticator
   * knows. A credential it knows but refuses (an expired access token, a bad DPoP proof) throws a
   * ChallengeError saying how Okta answers it.
   */
  principalFor(request: FastifyRequest): Principal | null | Promise<Principal | null>;
}

/**
 * Identifies the caller of every request as `request.principal`, asking each authenticator in
 * turn. It never answers by itself: the permission step refuses calls without a principal (401,
 * with the authenticator's challenge when it refused the credential) and principals without the
 * route's permission (403), so the rate-limit and concurrency steps in between already know whose
 * share a call takes, and public routes never look at credentials.
 */
export const authentication = pipelinePlugin('authentication', async (app, { authenticators }: { authenticators: readonly Authenticator[] }) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('credentialRefusal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = null;
    request.credentialRefusal = null;
    for (const authenticator of authenticators) {
      try {
        const principal = await authenticator.principalFor(request);
        if (principal) {
          request.principal = principal;
          return;
        }
      } catch (error) {
        if (!(error instanceof ChallengeError)) throw error;
        request.credentialRefusal = error;
        return;
      }
    }
  });
});
