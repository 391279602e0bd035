import type { FastifyPluginAsync } from 'fastify';
import QRCode from 'qrcode';
import { notFound } from '../errors';
import type { Org } from '../org';
import { requires } from '../permissions';
import { pathOf } from '../pipeline/paths';
import { adminContext, queryOf } from '../request-context';
import { QUESTIONS } from './catalog';
import { parseActivationLinkRequest, parseCodeLifetime, parseEnrollRequest, parsePassCodeBody, parseVerifyRequest } from './requests';
import { activationTimeout, activationWaiting, catalogJson, factorJson, pushPollPath, pushTransactionJson, verifyResultJson } from './serialize';
import {
  activateWithPassCode,
  activationQrContent,
  deleteFactor,
  enrollFactor,
  pollPushActivation,
  pushTransactionOf,
  resendEnrollment,
  sendPushActivation,
  verifyFactor,
} from './service';

type UserParams = { Params: { userId: string } };
type FactorParams = { Params: { userId: string; factorId: string } };
type TransactionParams = { Params: { userId: string; factorId: string; transactionId: string } };

/** The User Factors API: list, catalog, questions, enroll, get, delete, activate, resend, verify, transactions, QR codes. */
export const factorRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  const base = '/api/v1/users/:userId/factors';
  const read = requires('okta.users.read');
  const manage = requires('okta.users.manage');
  const userAndFactor = (params: FactorParams['Params']) => {
    const user = org.user(params.userId);
    return { user, factor: org.factor(user, params.factorId) };
  };

  app.get<UserParams>(base, read, async (request) => {
    const user = org.user(request.params.userId);
    return org.factorsOf(user).map((f) => factorJson(org, user, f));
  });

  app.get<UserParams>(`${base}/catalog`, read, async (request) => catalogJson(org, org.user(request.params.userId)));

  // Public (Okta: no scope required, CORS enabled): the MFA_ENROLL `questions` link of the
  // Authentication API is followed by sign-in clients that hold no API token.
  app.get<UserParams>(`${base}/questions`, requires('public'), async (request) => {
    org.user(request.params.userId);
    return QUESTIONS;
  });

  app.post<UserParams>(base, manage, async (request) => {
    const user = org.user(request.params.userId);
    const factor = enrollFactor(org, adminContext(org, request), user, parseEnrollRequest(request.body, queryOf(request)));
    return factorJson(org, user, factor);
  });

  app.get<FactorParams>(`${base}/:factorId`, read, async (request) => {
    const { user, factor } = userAndFactor(request.params);
    return factorJson(org, user, factor);
  });

  app.delete<FactorParams>(`${base}/:factorId`, manage, async (request, reply) => {
    const { user, factor } = userAndFactor(request.params);
    deleteFactor(org, adminContext(org, request), user, factor);
    return reply.code(204).send();
  });

  // POST .../lifecycle/activate may restart an expired push activation; .../lifecycle/activate/poll only reports.
  for (const [suffix, mayRestart] of [['', true], ['/poll', false]] as const) {
    app.post<FactorParams>(`${base}/:factorId/lifecycle/activate${suffix}`, manage, async (request) => {
      const { user, factor } = userAndFactor(request.params);
      if (factor.factorType === 'push') {
        const outcome = pollPushActivation(org, factor, mayRestart);
        if (outcome.kind === 'active') return factorJson(org, user, factor);
        if (outcome.kind === 'waiting') return activationWaiting(org, user, factor);
        return activationTimeout(org, user, factor);
      }
      activateWithPassCode(org, adminContext(org, request), user, factor, parsePassCodeBody(request.body));
      return factorJson(org, user, factor);
    });
  }

  app.post<{ Params: FactorParams['Params'] & { channel: string } }>(`${base}/:factorId/lifecycle/activate/:channel`, manage, async (request) => {
    const { user, factor } = userAndFactor(request.params);
    const link = parseActivationLinkRequest(request.params.channel, request.body);
    if (!link) throw notFound(pathOf(request), 'Path');
    sendPushActivation(org, adminContext(org, request), user, factor, link);
    return activationWaiting(org, user, factor);
  });

  app.post<FactorParams>(`${base}/:factorId/resend`, manage, async (request) => {
    const { user, factor } = userAndFactor(request.params);
    resendEnrollment(org, adminContext(org, request), user, factor, parseCodeLifetime(queryOf(request)));
    return factorJson(org, user, factor);
  });

  app.post<FactorParams>(`${base}/:factorId/verify`, manage, async (request, reply) => {
    const { user, factor } = userAndFactor(request.params);
    const verify = parseVerifyRequest(factor.factorType, request.body, queryOf(request));
    const outcome = verifyFactor(org, adminContext(org, request), user, factor, verify, 'factors');
    if (outcome.kind === 'push') reply.code(201).header('Location', org.url(pushPollPath(user, factor, outcome.push), 'pushPoll'));
    return verifyResultJson(org, user, factor, outcome);
  });

  for (const suffix of ['', '/verify']) {
    const path = `${base}/:factorId/transactions/:transactionId${suffix}`;
    app.get<TransactionParams>(path, read, async (request) => {
      const { user, factor } = userAndFactor(request.params);
      return pushTransactionJson(org, user, factor, pushTransactionOf(org, factor, request.params.transactionId));
    });
    app.delete<TransactionParams>(path, manage, async (request, reply) => {
      const { factor } = userAndFactor(request.params);
      org.cancelPush(pushTransactionOf(org, factor, request.params.transactionId));
      return reply.code(204).send();
    });
  }

  app.get<{ Params: FactorParams['Params'] & { token: string } }>(`${base}/:factorId/qr/:token`, requires('public'), async (request, reply) => {
    const { user, factor } = userAndFactor(request.params);
    const content = activationQrContent(org, user, factor, request.params.token);
    if (content === null) throw notFound(request.params.token, 'QRCode');
    const png = await QRCode.toBuffer(content, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
    return reply.type('image/png').header('Cache-Control', 'no-store').send(png);
  });
};
