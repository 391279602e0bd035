import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { withArrival, type Arrival, type PublicOrigins } from '../links';
import { pipelinePlugin } from './pipeline-plugin';

/** Requests the custom domain's own listener handed over (see index.ts). */
const customListenerRequests = new WeakSet<IncomingMessage>();

export function markCustomDomainRequest(raw: IncomingMessage): void {
  customListenerRequests.add(raw);
}

/** The origin a request came in on: the custom domain's listener, or a `Host` (or a proxy's `X-Forwarded-Host`) naming it. */
export function arrivalOf(raw: IncomingMessage, origins: PublicOrigins): Arrival {
  if (origins.customDomain === null) return 'orgDomain';
  if (customListenerRequests.has(raw)) return 'customDomain';
  const forwarded = raw.headers['x-forwarded-host'];
  const host = (typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined) || raw.headers.host;
  return host?.toLowerCase() === new URL(origins.customDomain).host ? 'customDomain' : 'orgDomain';
}

/**
 * Notes which origin each request came in on, so every link written while answering it uses the
 * right one (links.ts). The request's handlers run after its body was read, outside the context
 * `onRequest` set up, so the context is carried over into them, as @fastify/request-context does.
 */
export const requestOrigin = pipelinePlugin('request-origin', async (app, { origins }: { origins: () => PublicOrigins }) => {
  const contexts = new WeakMap<FastifyRequest, AsyncResource>();
  app.addHook('onRequest', (request, _reply, done) => {
    withArrival(arrivalOf(request.raw, origins()), () => {
      const context = new AsyncResource('sandbox-request-origin');
      contexts.set(request, context);
      context.runInAsyncScope(done, request.raw);
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const context = contexts.get(request);
    if (context) context.runInAsyncScope(done, request.raw);
    else done();
  });
});
