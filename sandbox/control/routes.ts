import type { FastifyInstance } from 'fastify';
import { OktaError, validation } from '../errors';
import { parseFaults, type FaultInjector } from '../faults';
import { currentTotp } from '../factors/otp';
import { answerPush, asObject, completePushActivation } from '../factors/service';
import { factorJson } from '../factors/serialize';
import type { Org } from '../org';
import { DEFAULT_RATE_LIMITS, type RateLimiter, type RateLimitSettings } from '../rate-limit';
import { queryOf, requestContext } from '../request-context';

/**
 * The control API (`/sandbox/v1`, same SSWS admin token): the simulated end user's phone and
 * mailbox, the org clock, fault injection and rate-limit settings.
 */
export function registerControlRoutes(app: FastifyInstance, org: Org, parts: { rateLimiter: RateLimiter; faults: FaultInjector }): void {
  app.get<{ Params: { userId: string } }>('/sandbox/v1/users/:userId/pushes', async (request) => {
    const user = org.user(request.params.userId);
    return [...org.pushes.values()]
      .filter((p) => p.userId === user.id && org.pushResult(p) === 'WAITING')
      .map((p) => ({ transactionId: p.id, factorId: p.factorId, correctAnswer: p.correctAnswer, expiresAt: org.clock.iso(p.expiresAt) }));
  });

  for (const decision of ['approve', 'deny'] as const) {
    app.post<{ Params: { transactionId: string } }>(`/sandbox/v1/pushes/:transactionId/${decision}`, async (request) => {
      const push = org.pushes.get(request.params.transactionId);
      if (!push) throw new OktaError('E0000007', `Resource not found: ${request.params.transactionId} (Transaction)`);
      const body = asObject(request.body);
      const factorResult = answerPush(org, push, decision, body.answer, requestContext(request));
      return { transactionId: push.id, factorResult };
    });
  }

  app.post<{ Params: { userId: string; factorId: string } }>('/sandbox/v1/users/:userId/factors/:factorId/scan', async (request) => {
    const user = org.user(request.params.userId);
    const factor = org.factor(user, request.params.factorId);
    const body = asObject(request.body);
    const causes: string[] = [];
    for (const key of ['name', 'platform', 'version']) {
      if (body[key] !== undefined && typeof body[key] !== 'string') causes.push(`${key}: must be a string`);
    }
    if (body.platform !== undefined && !['IOS', 'ANDROID'].includes(String(body.platform).toUpperCase())) causes.push('platform: must be IOS or ANDROID');
    if (causes.length) throw validation('scan', causes);
    completePushActivation(
      org,
      user,
      factor,
      {
        name: typeof body.name === 'string' ? body.name : `${user.profile.firstName}'s iPhone`,
        platform: typeof body.platform === 'string' ? body.platform : 'IOS',
        version: typeof body.version === 'string' ? body.version : '17.4',
      },
      requestContext(request),
    );
    return factorJson(org, user, factor);
  });

  /** Sandbox extra: the code an authenticator app would show now for a TOTP factor (seeded ones included). */
  app.get<{ Params: { userId: string; factorId: string } }>('/sandbox/v1/users/:userId/factors/:factorId/passcode', async (request) => {
    const user = org.user(request.params.userId);
    const factor = org.factor(user, request.params.factorId);
    if (factor.factorType !== 'token:software:totp' || !factor.sharedSecret) {
      throw validation('passcode', [`Factor ${factor.id} is a ${factor.factorType} factor; only token:software:totp factors have a current passcode`]);
    }
    return { passCode: currentTotp(factor.sharedSecret, org.clock.now()), sharedSecret: factor.sharedSecret };
  });

  app.get('/sandbox/v1/outbox', async (request) => org.outbox.to(queryOf(request).to));
  app.delete('/sandbox/v1/outbox', async (_request, reply) => {
    org.outbox.clear();
    return reply.code(204).send();
  });

  app.get('/sandbox/v1/clock', async () => ({ now: org.clock.iso() }));
  app.post('/sandbox/v1/clock/advance', async (request) => {
    const body = asObject(request.body);
    const seconds = body.seconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 366 * 86_400) {
      throw validation('seconds', ['seconds: must be a number of seconds between 0 and one year (the clock only moves forward)']);
    }
    org.clock.advance(seconds);
    return { now: org.clock.iso() };
  });

  app.get('/sandbox/v1/faults', async () => parts.faults.current ?? {});
  app.post('/sandbox/v1/faults', async (request) => {
    const settings = parseFaults(request.body ?? {});
    parts.faults.set(settings);
    return settings;
  });
  app.delete('/sandbox/v1/faults', async (_request, reply) => {
    parts.faults.clear();
    return reply.code(204).send();
  });

  app.get('/sandbox/v1/rate-limits', async () => parts.rateLimiter.settings);
  app.post('/sandbox/v1/rate-limits', async (request) => {
    const body = asObject(request.body);
    const changes: Partial<RateLimitSettings> = {};
    const causes: string[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (!(key in DEFAULT_RATE_LIMITS)) causes.push(`${key}: unknown rate-limit setting`);
      else if (key === 'enabled') {
        if (typeof value !== 'boolean') causes.push('enabled: must be true or false');
        else changes.enabled = value;
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) causes.push(`${key}: must be a non-negative integer`);
      else changes[key as Exclude<keyof RateLimitSettings, 'enabled'>] = value;
    }
    if (causes.length) throw validation('rate-limits', causes);
    parts.rateLimiter.update(changes);
    return parts.rateLimiter.settings;
  });
}
