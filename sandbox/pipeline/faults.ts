import type { FastifyRequest } from 'fastify';
import { codeForStatus, OktaError } from '../errors';
import type { FaultInjector } from '../fault-injector';
import { isOktaApi, pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

/** The request's query string, decoded (a search expression reads as it was written), or '' without one. */
function queryOf(url: string): string {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  try {
    return decodeURIComponent(query.replaceAll('+', ' '));
  } catch {
    return query;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies the faults set through the control API to Okta API calls that got this far (the control
 * API itself is never faulted): latency, dropped connections, redirects, injected error statuses,
 * bodies cut into malformed JSON and answers dropped after the request was carried out.
 */
export const faultInjection = pipelinePlugin('fault-injection', async (app, { faults }: { faults: FaultInjector }) => {
  const malformed = new WeakSet<FastifyRequest>();
  const answerDropped = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (!isOktaApi(path)) return;
    const plan = faults.plan(path, request.method, queryOf(request.url));
    if (!plan) return;
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (plan.drop) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (plan.redirectTo) return reply.code(301).header('Location', plan.redirectTo + request.url).send();
    if (plan.failStatus !== null) throw new OktaError(codeForStatus(plan.failStatus), 'injected fault', [], plan.failStatus);
    if (plan.malformed) malformed.add(request);
    if (plan.dropAnswer) answerDropped.add(request);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // The route has done its work; the client never hears about it.
    if (answerDropped.has(request)) {
      request.raw.socket.destroy();
      return payload;
    }
    if (!malformed.has(request) || typeof payload !== 'string') return payload;
    reply.header('content-length', undefined);
    // Cut the JSON in half and leave it unterminated: what a truncated proxy response looks like.
    return payload.slice(0, Math.max(1, Math.floor(payload.length / 2))) + '{"';
  });
});
