import { OktaError } from '../errors';
import type { Org } from '../org';
import { bucketFor, type RateLimiter } from '../rate-limiter';
import { logLimitViolation } from './limit-violation';
import { isOktaApi, pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

/**
 * Okta's per-minute rate limits: every API call takes one from its bucket and answers with
 * `X-Rate-Limit-Limit`, `-Remaining` and `-Reset`; an empty bucket refuses it with 429 E0000047.
 */
export const rateLimit = pipelinePlugin('rate-limit', async (app, { org, rateLimiter }: { org: Org; rateLimiter: RateLimiter }) => {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (!isOktaApi(path)) return;
    const decision = rateLimiter.take(bucketFor(request.method, path));
    reply.header('X-Rate-Limit-Limit', decision.limit).header('X-Rate-Limit-Remaining', decision.remaining).header('X-Rate-Limit-Reset', decision.reset);
    if (decision.allowed) return;
    logLimitViolation(org, 'system.org.rate_limit.violation', 'Rate limit violation', { requestUri: path });
    throw new OktaError('E0000047');
  });
});
