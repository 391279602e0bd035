import { OktaError } from '../errors';
import type { Org } from '../org';
import type { RateLimiter } from '../rate-limiter';
import { logLimitViolation } from './limit-violation';
import { isOktaApi, pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

/**
 * Okta's concurrency limit: an API call made while `concurrent` others are still in flight is
 * refused with 429 E0000047 and the rate-limit headers at 0 / 0 / one second from now.
 */
export const concurrencyLimit = pipelinePlugin('concurrency-limit', async (app, { org, rateLimiter }: { org: Org; rateLimiter: RateLimiter }) => {
  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    if (!isOktaApi(pathOf(request))) return;
    inFlight++;
    reply.raw.once('close', () => {
      inFlight--;
    });
    const settings = rateLimiter.settings;
    if (!settings.enabled || inFlight <= settings.concurrent) return;
    reply.header('X-Rate-Limit-Limit', 0).header('X-Rate-Limit-Remaining', 0).header('X-Rate-Limit-Reset', Math.ceil(org.clock.now() / 1000) + 1);
    logLimitViolation(org, 'core.concurrency.org.limit.violation', 'Too many requests in flight');
    throw new OktaError('E0000047');
  });
});
