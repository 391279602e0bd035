import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerAuthnRoutes } from './authn/routes';
import { registerControlRoutes } from './control/routes';
import { registerUserRoutes } from './directory/routes';
import { codeForStatus, errorBody, OKTA_ERRORS, OktaError } from './errors';
import { registerFactorRoutes } from './factors/routes';
import type { FaultInjector } from './faults';
import { registerLogRoutes } from './logs/routes';
import type { Org } from './org';
import { callerMay } from './permissions';
import type { RateLimiter } from './rate-limit';
import { bucketFor } from './rate-limit';
import { secureToken } from './random';
import './request-context';

export interface ServerParts {
  org: Org;
  token: string;
  readOnlyToken: string;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  bodyLimitBytes: number;
  logger: boolean;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Paths anyone may call without a token: the Authentication API (public app) and QR code images. */
function isPublicPath(path: string): boolean {
  return path.startsWith('/api/v1/authn') || /^\/api\/v1\/users\/[^/]+\/factors\/[^/]+\/qr\/[^/]+$/.test(path);
}

function sendError(reply: FastifyReply, error: OktaError): FastifyReply {
  return reply.code(error.status).type('application/json').send(error.toBody());
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the fastify app: auth, rate limits, faults and Okta-shaped errors around every route. */
export function buildServer(parts: ServerParts): FastifyInstance {
  const { org, rateLimiter, faults } = parts;
  const app = Fastify({
    logger: parts.logger,
    bodyLimit: parts.bodyLimitBytes,
    genReqId: () => 'req' + secureToken(22),
    forceCloseConnections: true,
    return503OnClosing: false,
  });
  let inFlight = 0;
  const malformed = new WeakSet<FastifyRequest>();
  const answerDropped = new WeakSet<FastifyRequest>();

  app.decorateRequest('caller', 'anonymous');

  // Bodies: any content type is read as JSON; an empty body is "no body" (Okta clients send bare POSTs).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new OktaError('E0000003'), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Okta-Request-Id', request.id);
    // The org's clock can be advanced; its Date header must agree with X-Rate-Limit-Reset and expiries.
    reply.header('Date', new Date(org.clock.now()).toUTCString());
    const path = request.url.split('?')[0] ?? request.url;
    const isApi = path.startsWith('/api/v1');
    const isControl = path.startsWith('/sandbox/v1');
    if (!isApi && !isControl) return;

    if (isApi) {
      inFlight++;
      let released = false;
      reply.raw.on('close', () => {
        if (!released) {
          released = true;
          inFlight--;
        }
      });
      const settings = rateLimiter.settings;
      if (settings.enabled && inFlight > settings.concurrent) {
        reply.header('X-Rate-Limit-Limit', 0).header('X-Rate-Limit-Remaining', 0).header('X-Rate-Limit-Reset', Math.ceil(org.clock.now() / 1000) + 1);
        org.log.append({
          eventType: 'core.concurrency.org.limit.violation',
          displayMessage: 'Too many requests in flight',
          actor: org.adminActor(false),
          targets: [],
          result: 'DENY',
          request: null,
        });
        return sendError(reply, new OktaError('E0000047'));
      }
      const decision = rateLimiter.take(bucketFor(request.method, path));
      reply.header('X-Rate-Limit-Limit', decision.limit).header('X-Rate-Limit-Remaining', decision.remaining).header('X-Rate-Limit-Reset', decision.reset);
      if (!decision.allowed) {
        org.log.append({
          eventType: 'system.org.rate_limit.violation',
          displayMessage: 'Rate limit violation',
          actor: org.adminActor(false),
          targets: [],
          result: 'DENY',
          request: null,
          debugData: { requestUri: path },
        });
        return sendError(reply, new OktaError('E0000047'));
      }
    }

    const header = request.headers.authorization;
    const presented = typeof header === 'string' && /^SSWS\s+/i.test(header) ? header.replace(/^SSWS\s+/i, '').trim() : null;
    if (presented !== null && sameSecret(presented, parts.token)) request.caller = 'admin';
    else if (presented !== null && sameSecret(presented, parts.readOnlyToken)) request.caller = 'readOnly';

    if (!(isApi && isPublicPath(path))) {
      if (request.caller === 'anonymous') return sendError(reply, new OktaError('E0000011'));
      if (!callerMay(request.caller, request.method, path)) return sendError(reply, new OktaError('E0000006'));
    }

    if (!isApi) return;
    const plan = faults.plan(path, request.method);
    if (!plan) return;
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (plan.drop) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (plan.redirectTo) return reply.code(301).header('Location', plan.redirectTo + request.url).send();
    if (plan.failStatus !== null) {
      const code = codeForStatus(plan.failStatus);
      return reply.code(plan.failStatus).type('application/json').send(errorBody(code, OKTA_ERRORS[code].summary.replace('{0}', 'injected fault')));
    }
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

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof OktaError) return sendError(reply, error);
    const code = (error as { code?: string }).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, new OktaError('E0000001', 'request body', [`The request body exceeds ${parts.bodyLimitBytes} bytes.`], 413));
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendError(reply, new OktaError('E0000003'));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendError(reply, new OktaError(codeForStatus(status), (error as Error).message, [], status));
    }
    request.log.error(error);
    return sendError(reply, new OktaError('E0000009'));
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(reply, new OktaError('E0000007', `Resource not found: ${request.url.split('?')[0]} (Path)`));
  });

  app.get('/', async () => ({ name: 'FactorDesk sandbox org', api: org.url('/api/v1'), control: org.url('/sandbox/v1') }));

  registerUserRoutes(app, org);
  registerFactorRoutes(app, org);
  registerLogRoutes(app, org);
  registerAuthnRoutes(app, org);
  registerControlRoutes(app, org, { rateLimiter, faults });
  return app;
}
