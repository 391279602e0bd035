import type { FastifyReply } from 'fastify';
import { ChallengeError, codeForStatus, notFound, OktaError } from '../errors';
import { pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

function sendOktaError(reply: FastifyReply, error: OktaError): FastifyReply {
  return reply.code(error.status).type('application/json').send(error.toBody());
}

/**
 * Every failure leaves as an Okta error body: OktaErrors thrown by a pipeline step, a route or a
 * service; fastify's own 4xx errors (body too large, bad media type); unknown paths; and anything
 * unexpected, which is logged and answered 500 E0000009.
 */
export const oktaErrors = pipelinePlugin('okta-errors', async (app, { bodyLimitBytes }: { bodyLimitBytes: number }) => {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof OktaError) return sendOktaError(reply, error);
    if (error instanceof ChallengeError) {
      reply.code(error.status).headers(error.headers);
      return error.body ? reply.type('application/json').send(error.body.toBody()) : reply.send();
    }
    const code = (error as { code?: string }).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendOktaError(reply, new OktaError('E0000001', 'request body', [`The request body exceeds ${bodyLimitBytes} bytes.`], 413));
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendOktaError(reply, new OktaError('E0000003'));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendOktaError(reply, new OktaError(codeForStatus(status), (error as Error).message, [], status));
    }
    request.log.error(error);
    return sendOktaError(reply, new OktaError('E0000009'));
  });

  app.setNotFoundHandler(async (request) => {
    throw notFound(pathOf(request), 'Path');
  });
});
