import { OktaError } from '../errors';
import type { Org } from '../org';
import { RateLimiter } from '../rate-limiter';
import { requestContext } from '../request-context';
import { logLimitViolation, logPrincipalLimitViolation } from './limit-violation';
import { isOktaApi, pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

/**
 * Okta's concurrency limit: an API call made while the org's limit of others are still in flight
 * is refused with 429 E0000047 and the rate-limit headers at 0 / 0 / one second from now. Each
 * principal may hold only its concurrency share of that limit (Okta's defaultConcurrencyPercentage).
 */
export const concurrencyLimit = pipelinePlugin('concurrency-limit', async (app, { org, rateLimiter }: { org: Org; rateLimiter: RateLimiter }) => {
  let inFlight = 0;
  const inFlightByPrincipal = new Map<string, number>();

  app.addHook('onRequest', async (request, reply) => {
    if (!isOktaApi(pathOf(request))) return;
    const principalId = request.principal?.rateLimitId ?? null;
    inFlight++;
    if (principalId !== null) inFlightByPrincipal.set(principalId, (inFlightByPrincipal.get(principalId) ?? 0) + 1);
    reply.raw.once('close', () => {
      inFlight--;
      if (principalId === null) return;
      const left = (inFlightByPrincipal.get(principalId) ?? 1) - 1;
      if (left === 0) inFlightByPrincipal.delete(principalId);
      else inFlightByPrincipal.set(principalId, left);
    });
    if (!rateLimiter.settings.enabled) return;
    const limit = rateLimiter.concurrentLimit();
    const refuse = (): never => {
      reply.header('X-Rate-Limit-Limit', 0).header('X-Rate-Limit-Remaining', 0).header('X-Rate-Limit-Reset', Math.ceil(org.clock.now() / 1000) + 1);
      throw new OktaError('E0000047');
    };
    if (inFlight > limit) {
      logLimitViolation(org, 'core.concurrency.org.limit.violation', 'Too many requests in flight');
      refuse();
    }
    if (principalId !== null && request.principal) {
      const ceiling = RateLimiter.ceiling(limit, rateLimiter.shareOf(principalId).concurrencyPercentage);
      if ((inFlightByPrincipal.get(principalId) ?? 0) > ceiling) {
        logPrincipalLimitViolation(org, request.principal, requestContext(request), {
          operationRateLimitType: 'concurrency',
          operationRateLimitThreshold: String(ceiling),
        });
        refuse();
      }
    }
  });
});
