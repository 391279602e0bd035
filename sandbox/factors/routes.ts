import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { notFound } from '../errors';
import { link } from '../links';
import type { Org } from '../org';
import { adminContext, queryOf } from '../request-context';
import { QUESTIONS } from './catalog';
import {
  activationTimeout,
  activationWaiting,
  catalogJson,
  factorJson,
  factorPath,
  pushTransactionJson,
} from './serialize';
import {
  activateWithPassCode,
  deleteFactor,
  enrollFactor,
  parseEnrollRequest,
  pollPushActivation,
  pushActivationUri,
  pushPollPath,
  resendEnrollment,
  sendPushActivation,
  totpUri,
  verifyFactor,
} from './service';

type UserParams = { Params: { userId: string } };
type FactorParams = { Params: { userId: string; factorId: string } };

/** The User Factors API: list, catalog, questions, enroll, get, delete, activate, resend, verify, transactions, QR codes. */
export function registerFactorRoutes(app: FastifyInstance, org: Org): void {
  const base = '/api/v1/users/:userId/factors';

  app.get<UserParams>(base, async (request) => {
    const user = org.user(request.params.userId);
    return org.factorsOf(user).map((f) => factorJson(org, user, f));
  });

  app.get<UserParams>(`${base}/catalog`, async (request) => catalogJson(org, org.user(request.params.userId)));

  app.get<UserParams>(`${base}/questions`, async (request) => {
    org.user(request.params.userId);
    return QUESTIONS;
  });

  app.post<UserParams>(base, async (request) => {
    const user = org.user(request.params.userId);
    const enrollRequest = parseEnrollRequest(request.body);
    const factor = enrollFactor(org, adminContext(org, request), user, enrollRequest, queryOf(request));
    return factorJson(org, user, factor);
  });

  app.get<FactorParams>(`${base}/:factorId`, async (request) => {
    const user = org.user(request.params.userId);
    return factorJson(org, user, org.factor(user, request.params.factorId));
  });

  app.delete<FactorParams>(`${base}/:factorId`, async (request, reply) => {
    const user = org.user(request.params.userId);
    deleteFactor(org, adminContext(org, request), user, org.factor(user, request.params.factorId));
    return reply.code(204).send();
  });

  // POST .../lifecycle/activate may restart an expired push activation; .../lifecycle/activate/poll only reports.
  for (const [suffix, mayRestart] of [['', true], ['/poll', false]] as const) {
    app.post<FactorParams>(`${base}/:factorId/lifecycle/activate${suffix}`, async (request) => {
      const user = org.user(request.params.userId);
      const factor = org.factor(user, request.params.factorId);
      if (factor.factorType === 'push') {
        const outcome = pollPushActivation(org, factor, mayRestart);
        if (outcome.kind === 'active') return factorJson(org, user, factor);
        if (outcome.kind === 'waiting') return activationWaiting(org, user, factor);
        return activationTimeout(org, user, factor);
      }
      activateWithPassCode(org, adminContext(org, request), user, factor, request.body);
      return factorJson(org, user, factor);
    });
  }

  app.post<{ Params: { userId: string; factorId: string; channel: string } }>(`${base}/:factorId/lifecycle/activate/:channel`, async (request) => {
    const user = org.user(request.params.userId);
    const factor = org.factor(user, request.params.factorId);
    const channel = request.params.channel;
    if (channel !== 'email' && channel !== 'sms') throw notFound(request.url.split('?')[0] ?? '', 'Path');
    sendPushActivation(org, adminContext(org, request), user, factor, channel, request.body);
    return activationWaiting(org, user, factor);
  });

  app.post<FactorParams>(`${base}/:factorId/resend`, async (request) => {
    const user = org.user(request.params.userId);
    const factor = org.factor(user, request.params.factorId);
    resendEnrollment(org, adminContext(org, request), user, factor, queryOf(request));
    return factorJson(org, user, factor);
  });

  app.post<FactorParams>(`${base}/:factorId/verify`, async (request, reply) => {
    const user = org.user(request.params.userId);
    const factor = org.factor(user, request.params.factorId);
    const outcome = verifyFactor(org, adminContext(org, request), user, factor, request.body, queryOf(request), 'factors');
    const factorHref = org.url(factorPath(user, factor));
    if (outcome.kind === 'push') {
      const pollHref = org.url(pushPollPath(user, factor, outcome.push));
      reply.code(201).header('Location', pollHref);
      return {
        expiresAt: org.clock.iso(outcome.push.expiresAt),
        factorResult: 'WAITING',
        _links: { poll: link(pollHref, 'GET'), cancel: link(pollHref, 'DELETE') },
        ...(outcome.push.correctAnswer !== null ? { _embedded: { challenge: { correctAnswer: outcome.push.correctAnswer } } } : {}),
      };
    }
    if (outcome.kind === 'challenge') {
      const profile: Record<string, string> = {};
      if (factor.profile.phoneNumber) profile.phoneNumber = factor.profile.phoneNumber;
      if (factor.profile.phoneExtension) profile.phoneExtension = factor.profile.phoneExtension;
      return {
        factorResult: 'CHALLENGE',
        ...(Object.keys(profile).length ? { profile } : {}),
        _links: { verify: link(`${factorHref}/verify`, 'POST'), factor: link(factorHref, 'GET', 'DELETE') },
      };
    }
    return { factorResult: 'SUCCESS' };
  });

  const transaction = (params: { userId: string; factorId: string; transactionId: string }) => {
    const user = org.user(params.userId);
    const factor = org.factor(user, params.factorId);
    const push = org.pushes.get(params.transactionId);
    if (!push || push.factorId !== factor.id) throw notFound(params.transactionId, 'Transaction');
    return { user, factor, push };
  };
  type TransactionParams = { Params: { userId: string; factorId: string; transactionId: string } };
  for (const suffix of ['', '/verify']) {
    app.get<TransactionParams>(`${base}/:factorId/transactions/:transactionId${suffix}`, async (request) => {
      const { user, factor, push } = transaction(request.params);
      return pushTransactionJson(org, user, factor, push);
    });
    app.delete<TransactionParams>(`${base}/:factorId/transactions/:transactionId${suffix}`, async (request, reply) => {
      const { push } = transaction(request.params);
      if (org.pushResult(push) === 'WAITING') push.result = 'CANCELLED';
      return reply.code(204).send();
    });
  }

  app.get<{ Params: { userId: string; factorId: string; token: string } }>(`${base}/:factorId/qr/:token`, async (request, reply) => {
    const user = org.user(request.params.userId);
    const factor = org.factor(user, request.params.factorId);
    const token = request.params.token;
    let content: string | null = null;
    if (factor.factorType === 'push' && factor.status === 'PENDING_ACTIVATION' && factor.pushActivation?.token === token && org.clock.now() < factor.pushActivation.expiresAt) {
      content = pushActivationUri(org, user, factor);
    } else if (factor.factorType === 'token:software:totp' && factor.status === 'PENDING_ACTIVATION' && factor.qrToken === token) {
      content = totpUri(org, user, factor);
    }
    if (content === null) throw notFound(token, 'QRCode');
    const png = await QRCode.toBuffer(content, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
    return reply.type('image/png').header('Cache-Control', 'no-store').send(png);
  });
}
