import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { notFound } from '../errors';
import { parseActivationLinkRequest, parseCodeLifetime, parseEnrollRequest, parsePassCodeBody, parseVerifyRequest } from '../factors/requests';
import { isTokenFactor } from '../factors/token-codes';
import type { Org } from '../org';
import { requires } from '../permissions';
import { pathOf } from '../pipeline/paths';
import { asObject } from '../request-body';
import { queryOf, requestContext } from '../request-context';
import { parsePrimaryAuth, parseStateToken } from './requests';
import { cancelledJson, lockedOutJson, signedInJson, transactionStateJson } from './serialize';
import { AuthnService, type AuthnStep } from './service';
import type { AuthnTransaction } from './transactions';

type FactorParams = { Params: { factorId: string } };

/** The Authentication API (a public app: no token). WAITING answers are 202, as in the seeds; the rest 200. */
export const authnRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  const authn = new AuthnService(org);
  const open = requires('public');

  const answer = (reply: FastifyReply, transaction: AuthnTransaction, step: AuthnStep) => {
    if (step.kind === 'signedIn') return signedInJson(org, step.session);
    const state = transactionStateJson(org, transaction, step.factorResult);
    return step.factorResult === 'WAITING' ? reply.code(202).send(state) : state;
  };

  app.post('/api/v1/authn', open, async (request) => {
    const input = asObject(request.body);
    if (input.stateToken !== undefined) return transactionStateJson(org, authn.resume(parseStateToken(input)));
    const outcome = authn.signIn(parsePrimaryAuth(input), requestContext(request));
    if (outcome.kind === 'lockedOut') return lockedOutJson(org, outcome.relayState);
    if (outcome.kind === 'signedIn') return signedInJson(org, outcome.session);
    return transactionStateJson(org, outcome.transaction);
  });

  app.post('/api/v1/authn/factors', open, async (request, reply) => {
    const input = asObject(request.body);
    const transaction = authn.resume(parseStateToken(input), ['MFA_ENROLL']);
    const step = authn.enroll(transaction, parseEnrollRequest(input, queryOf(request)), requestContext(request));
    return answer(reply, transaction, step);
  });

  // POST .../lifecycle/activate may restart an expired push activation; .../lifecycle/activate/poll only reports.
  for (const [suffix, mayRestart] of [['', true], ['/poll', false]] as const) {
    app.post<FactorParams>(`/api/v1/authn/factors/:factorId/lifecycle/activate${suffix}`, open, async (request, reply) => {
      const input = asObject(request.body);
      const transaction = authn.resume(parseStateToken(input), ['MFA_ENROLL_ACTIVATE']);
      const factor = authn.currentFactor(transaction, request.params.factorId);
      const step =
        factor.factorType === 'push'
          ? authn.pollPushActivation(transaction, factor, mayRestart, requestContext(request))
          : authn.activateWithPassCode(transaction, factor, parsePassCodeBody(input), requestContext(request));
      return answer(reply, transaction, step);
    });
  }

  app.post<{ Params: { factorId: string; channel: string } }>('/api/v1/authn/factors/:factorId/lifecycle/activate/:channel', open, async (request) => {
    const link = parseActivationLinkRequest(request.params.channel, request.body);
    if (!link) throw notFound(pathOf(request), 'Path');
    const transaction = authn.resume(parseStateToken(asObject(request.body)), ['MFA_ENROLL_ACTIVATE']);
    authn.sendActivationLink(transaction, authn.factorOf(transaction, request.params.factorId), link, requestContext(request));
    return transactionStateJson(org, transaction, 'WAITING');
  });

  app.post<FactorParams>('/api/v1/authn/factors/:factorId/lifecycle/resend', open, async (request) => {
    const transaction = authn.resume(parseStateToken(asObject(request.body)), ['MFA_ENROLL_ACTIVATE']);
    const factor = authn.factorOf(transaction, request.params.factorId);
    authn.resendActivation(transaction, factor, parseCodeLifetime(queryOf(request)), requestContext(request));
    return transactionStateJson(org, transaction);
  });

  app.post<FactorParams>('/api/v1/authn/factors/:factorId/verify', open, async (request, reply) => {
    const input = asObject(request.body);
    const transaction = authn.resume(parseStateToken(input), ['MFA_REQUIRED', 'MFA_CHALLENGE']);
    if (authn.isTac(transaction, request.params.factorId)) {
      const passCode = typeof input.passCode === 'string' ? input.passCode : undefined;
      return answer(reply, transaction, authn.verifyTac(transaction, passCode, requestContext(request)));
    }
    const factor = authn.factorOf(transaction, request.params.factorId);
    const verify = parseVerifyRequest(factor.factorType, input, queryOf(request));
    const context = requestContext(request);
    if (factor.factorType === 'push') return answer(reply, transaction, authn.verifyPush(transaction, factor, verify, context));
    const answered = verify.passCode !== undefined || verify.answer !== undefined;
    if (!answered && !isTokenFactor(factor) && factor.factorType !== 'question') {
      return answer(reply, transaction, authn.challenge(transaction, factor, verify, context));
    }
    return answer(reply, transaction, authn.answerChallenge(transaction, factor, verify, context));
  });

  app.post<FactorParams>('/api/v1/authn/factors/:factorId/verify/resend', open, async (request, reply) => {
    const transaction = authn.resume(parseStateToken(asObject(request.body)), ['MFA_CHALLENGE']);
    const factor = authn.currentFactor(transaction, request.params.factorId);
    const step = authn.challenge(transaction, factor, parseVerifyRequest(factor.factorType, {}, queryOf(request)), requestContext(request));
    return answer(reply, transaction, step);
  });

  app.post('/api/v1/authn/previous', open, async (request) => {
    const transaction = authn.resume(parseStateToken(asObject(request.body)), ['MFA_ENROLL_ACTIVATE', 'MFA_CHALLENGE']);
    authn.previous(transaction);
    return transactionStateJson(org, transaction);
  });

  app.post('/api/v1/authn/cancel', open, async (request) => {
    const transaction = authn.resume(parseStateToken(asObject(request.body)));
    authn.cancel(transaction);
    return cancelledJson(org, transaction);
  });
};
