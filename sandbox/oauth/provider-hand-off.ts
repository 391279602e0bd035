import { OktaError } from '../errors';
import { pathOf } from '../pipeline/paths';
import { pipelinePlugin } from '../pipeline/pipeline-plugin';
import { requestContext } from '../request-context';
import { isProviderPath } from './oauth-paths';
import type { OrgAuthorizationServer } from './org-authorization-server';

/**
 * Hands `/oauth2/v1/*` and the discovery documents to the org authorization server (oidc-provider,
 * a Koa app) before fastify reads the body: oidc-provider parses its own form bodies, which the
 * sandbox's JSON-only parser would refuse, and needs the original URL for its routes. Such a
 * reply is hijacked, so fastify's own headers are not sent; the request id is set on it directly.
 * These paths are not the Okta API: no rate limits, concurrency limit or faults apply to them.
 */
export const providerHandOff = pipelinePlugin('org-authorization-server', async (app, { server }: { server: OrgAuthorizationServer }) => {
  app.addHook('onRequest', async (request, reply) => {
    if (!isProviderPath(pathOf(request))) return;
    if (!server.started) throw new OktaError('E0000181');
    reply.hijack();
    reply.raw.setHeader('X-Okta-Request-Id', request.id);
    await server.handle(request.raw, reply.raw, requestContext(request));
    return reply;
  });
});
