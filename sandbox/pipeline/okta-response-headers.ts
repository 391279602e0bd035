import type { OrgClock } from '../clock';
import { pipelinePlugin } from './pipeline-plugin';

/** Every response carries its request id as Okta's `X-Okta-Request-Id`, and a `Date` from the org clock. */
export const oktaResponseHeaders = pipelinePlugin('okta-response-headers', async (app, { clock }: { clock: OrgClock }) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Okta-Request-Id', request.id);
    // The org's clock can be advanced; its Date header must agree with X-Rate-Limit-Reset and expiries.
    reply.header('Date', new Date(clock.now()).toUTCString());
  });
});
