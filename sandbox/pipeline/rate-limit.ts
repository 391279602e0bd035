import { OktaError } from '../errors';
import type { Org } from '../org';
import { bucketFor, type RateLimiter } from '../rate-limiter';
import { requestContext } from '../request-context';
import { logLimitViolation, logPrincipalLimitViolation } from './limit-violation';
import { isOktaApi, pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

/**
 * Okta's per-minute rate limits: every API call takes one from its bucket and from its principal's
 * share of it, and answers with `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` for whichever of
 * the two binds first (rate-limiter.ts); an empty bucket or a used-up share refuses it with 429
 * E0000047, each logged as Okta logs it.
 */
export const rateLimit = pipelinePlugin('rate-limit', async (app, { org, rateLimiter }: { org: Org; rateLimiter: RateLimiter }) => {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (!isOktaApi(path)) return;
    const bucket = bucketFor(request.method, path);
    const principal = request.principal;
    const decision = rateLimiter.take(bucket, principal?.rateLimitId ?? null);
    reply.header('X-Rate-Limit-Limit', decision.limit).header('X-Rate-Limit-Remaining', decision.remaining).header('X-Rate-Limit-Reset', decision.reset);
    if (decision.allowed) return;
    const secondsToReset = String(Math.max(0, decision.reset - Math.floor(org.clock.now() / 1000)));
    if (decision.owner === 'principal' && principal) {
      logPrincipalLimitViolation(org, principal, requestContext(request), {
        operationRateLimitType: 'api_rate_limit',
        operationRateLimitSubtype: bucket,
        operationRateLimitThreshold: String(decision.limit),
        operationRateLimitTimeSpan: '1',
        operationRateLimitTimeUnit: 'MINUTES',
        operationRateLimitSecondsToReset: secondsToReset,
      });
    } else {
      logLimitViolation(org, 'system.org.rate_limit.violation', 'Rate limit violation', {
        requestUri: path,
        threshold: String(decision.limit),
        timeSpan: '1',
        timeUnit: 'MINUTES',
        rateLimitSecondsToReset: secondsToReset,
      });
    }
    throw new OktaError('E0000047');
  });
});
