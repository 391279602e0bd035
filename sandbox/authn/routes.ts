import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../directory/model';
import { OktaError, validation } from '../errors';
import type { FactorRecord } from '../factors/model';
import {
  activateWithPassCode,
  asObject,
  enrollFactor,
  parseEnrollRequest,
  pollPushActivation,
  resendEnrollment,
  sendPushActivation,
  verifyFactor,
  type ActionContext,
} from '../factors/service';
import { link, namedLink } from '../links';
import type { Org } from '../org';
import { secureToken } from '../random';
import { queryOf, requestContext } from '../request-context';
import {
  authnFactor,
  authnUser,
  enrollChoices,
  pushActivationEmbed,
  resendLinks,
  totpActivationEmbed,
  transactionJson,
  verifyChoices,
} from './serialize';
import { AuthnTransactions, type AuthnTransaction } from './transactions';

const SESSION_TOKEN_TTL_MS = 5 * 60_000;

/**
 * The Authentication API state machine the seeds walk through: primary auth → MFA_ENROLL →
 * MFA_ENROLL_ACTIVATE → SUCCESS, and MFA_REQUIRED → MFA_CHALLENGE → SUCCESS, with poll,
 * resend, previous, cancel and expiring state tokens. WAITING answers are 202, as in the seeds.
 */
export function registerAuthnRoutes(app: FastifyInstance, org: Org): void {
  const transactions = new AuthnTransactions(org);

  const userOf = (transaction: AuthnTransaction): UserRecord => org.user(transaction.userId);
  const endUser = (request: FastifyRequest, user: UserRecord): ActionContext => ({ actor: org.actorFor(user), request: requestContext(request) });

  function success(request: FastifyRequest, transaction: AuthnTransaction, user: UserRecord): Record<string, unknown> {
    transactions.end(transaction);
    user.lastLogin = org.clock.now();
    org.log.append({
      eventType: 'user.session.start',
      displayMessage: 'User login to Okta',
      actor: org.actorFor(user),
      targets: [],
      result: 'SUCCESS',
      request: requestContext(request),
      credentialType: 'PASSWORD',
    });
    return {
      expiresAt: org.clock.iso(org.clock.now() + SESSION_TOKEN_TTL_MS),
      status: 'SUCCESS',
      ...(transaction.relayState !== undefined ? { relayState: transaction.relayState } : {}),
      sessionToken: '20111' + secureToken(37),
      _embedded: { user: authnUser(org, user) },
    };
  }

  function factorOf(transaction: AuthnTransaction, factorId: string): FactorRecord {
    const user = userOf(transaction);
    const factor = org.factorsOf(user).find((f) => f.id === factorId);
    if (!factor) throw new OktaError('E0000007', `Resource not found: ${factorId} (UserFactor)`);
    return factor;
  }

  /** The current state of a transaction, as `POST /api/v1/authn {stateToken}` and most transitions answer. */
  function stateOf(transaction: AuthnTransaction, factorResult?: string): Record<string, unknown> {
    const user = userOf(transaction);
    if (transaction.status === 'MFA_ENROLL') {
      return transactionJson(org, transaction, user, { embedded: { factors: enrollChoices(org, user) } });
    }
    if (transaction.status === 'MFA_REQUIRED') {
      return transactionJson(org, transaction, user, { embedded: { factors: verifyChoices(org, user) } });
    }
    const factor = factorOf(transaction, transaction.factorId ?? '');
    const factorBase = org.url(`/api/v1/authn/factors/${factor.id}`);
    if (transaction.status === 'MFA_ENROLL_ACTIVATE') {
      if (factor.factorType === 'push') {
        if (factorResult === 'TIMEOUT') {
          // The activation object is left out on TIMEOUT; `next` reverts to activate.
          return transactionJson(org, transaction, user, {
            factorResult,
            embedded: { factor: authnFactor(org, user, factor) },
            links: { next: namedLink('activate', `${factorBase}/lifecycle/activate`, 'POST') },
          });
        }
        return transactionJson(org, transaction, user, {
          factorResult: 'WAITING',
          embedded: { factor: authnFactor(org, user, factor, pushActivationEmbed(org, user, factor)) },
          links: { next: namedLink('poll', `${factorBase}/lifecycle/activate/poll`, 'POST') },
        });
      }
      return transactionJson(org, transaction, user, {
        embedded: {
          factor: authnFactor(org, user, factor, factor.factorType === 'token:software:totp' ? totpActivationEmbed(org, user, factor) : undefined),
        },
        links: {
          next: namedLink('activate', `${factorBase}/lifecycle/activate`, 'POST'),
          ...(['sms', 'call', 'email'].includes(factor.factorType) ? resendLinks(org, factor, 'lifecycle/resend') : {}),
        },
      });
    }
    // MFA_CHALLENGE
    const push = transaction.pushId ? org.pushes.get(transaction.pushId) : undefined;
    const challenge = push?.correctAnswer != null && factorResult === 'WAITING' ? { challenge: { correctAnswer: push.correctAnswer } } : undefined;
    const waiting = factor.factorType === 'push' && factorResult === 'WAITING';
    return transactionJson(org, transaction, user, {
      factorResult,
      embedded: { factor: authnFactor(org, user, factor, challenge) },
      links: {
        next: namedLink(waiting ? 'poll' : 'verify', `${factorBase}/verify`, 'POST'),
        ...(['push', 'sms', 'call', 'email'].includes(factor.factorType) ? resendLinks(org, factor, 'verify/resend') : {}),
      },
    });
  }

  const body = (request: FastifyRequest): Record<string, unknown> => asObject(request.body);

  app.post('/api/v1/authn', async (request, reply) => {
    const input = body(request);
    if (input.stateToken !== undefined) return stateOf(transactions.resume(input));
    const { username, password } = input;
    const relayState = typeof input.relayState === 'string' ? input.relayState : undefined;
    const causes: string[] = [];
    if (typeof username !== 'string' || username === '') causes.push('username: The field cannot be left blank');
    if (typeof password !== 'string' || password === '') causes.push('password: The field cannot be left blank');
    if (causes.length) throw validation('authRequest', causes);
    const user = org.directory.byLoginOrShortName(String(username));
    const fail = (reason: string): never => {
      org.log.append({
        eventType: 'user.session.start',
        displayMessage: 'User login to Okta',
        actor: user ? org.actorFor(user) : { id: 'unknown', type: 'User', alternateId: String(username), displayName: 'unknown', detailEntry: null },
        targets: [],
        result: 'FAILURE',
        reason,
        request: requestContext(request),
        credentialType: 'PASSWORD',
      });
      throw new OktaError('E0000004');
    };
    if (!user || user.password !== password) return fail('INVALID_CREDENTIALS');
    if (user.status === 'LOCKED_OUT') {
      return reply.send({
        status: 'LOCKED_OUT',
        ...(relayState !== undefined ? { relayState } : {}),
        _links: { next: namedLink('unlock', org.url('/api/v1/authn/recovery/unlock'), 'POST') },
      });
    }
    if (!['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'].includes(user.status)) return fail('USER_NOT_ACTIVE');
    const hasActiveFactor = org.factorsOf(user).some((f) => f.status === 'ACTIVE');
    const transaction = transactions.begin(user.id, hasActiveFactor ? 'MFA_REQUIRED' : 'MFA_ENROLL', relayState);
    return stateOf(transaction);
  });

  app.post('/api/v1/authn/factors', async (request) => {
    const input = body(request);
    const transaction = transactions.resume(input, ['MFA_ENROLL']);
    const user = userOf(transaction);
    const factor = enrollFactor(org, endUser(request, user), user, parseEnrollRequest(input), queryOf(request));
    if (factor.status === 'ACTIVE') return success(request, transaction, user);
    transaction.status = 'MFA_ENROLL_ACTIVATE';
    transaction.factorId = factor.id;
    return stateOf(transaction);
  });

  const activate = (mayRestart: boolean) => async (request: FastifyRequest<{ Params: { factorId: string } }>, reply: FastifyReply) => {
    const input = body(request);
    const transaction = transactions.resume(input, ['MFA_ENROLL_ACTIVATE']);
    if (transaction.factorId !== request.params.factorId) throw new OktaError('E0000079');
    const user = userOf(transaction);
    const factor = factorOf(transaction, request.params.factorId);
    if (factor.factorType === 'push') {
      const outcome = pollPushActivation(org, factor, mayRestart);
      if (outcome.kind === 'active') return success(request, transaction, user);
      if (outcome.kind === 'timeout') return stateOf(transaction, 'TIMEOUT');
      return reply.code(202).send(stateOf(transaction, 'WAITING'));
    }
    activateWithPassCode(org, endUser(request, user), user, factor, input);
    return success(request, transaction, user);
  };
  app.post('/api/v1/authn/factors/:factorId/lifecycle/activate', activate(true));
  app.post('/api/v1/authn/factors/:factorId/lifecycle/activate/poll', activate(false));

  app.post<{ Params: { factorId: string; channel: string } }>('/api/v1/authn/factors/:factorId/lifecycle/activate/:channel', async (request) => {
    const channel = request.params.channel;
    if (channel !== 'email' && channel !== 'sms') throw new OktaError('E0000007', `Resource not found: ${request.url.split('?')[0]} (Path)`);
    const input = body(request);
    const transaction = transactions.resume(input, ['MFA_ENROLL_ACTIVATE']);
    const user = userOf(transaction);
    sendPushActivation(org, endUser(request, user), user, factorOf(transaction, request.params.factorId), channel, input);
    return stateOf(transaction, 'WAITING');
  });

  app.post<{ Params: { factorId: string } }>('/api/v1/authn/factors/:factorId/lifecycle/resend', async (request) => {
    const input = body(request);
    const transaction = transactions.resume(input, ['MFA_ENROLL_ACTIVATE']);
    const user = userOf(transaction);
    resendEnrollment(org, endUser(request, user), user, factorOf(transaction, request.params.factorId), queryOf(request));
    return stateOf(transaction);
  });

  /** Starts a push or sends a code for the factor; the transaction moves to MFA_CHALLENGE. */
  function challenge(request: FastifyRequest, transaction: AuthnTransaction, factor: FactorRecord, input: Record<string, unknown>): 'WAITING' | undefined {
    const user = userOf(transaction);
    // A new push (verify again, or resend) replaces the one in flight.
    const previous = transaction.pushId ? org.pushes.get(transaction.pushId) : undefined;
    if (previous && org.pushResult(previous) === 'WAITING') previous.result = 'CANCELLED';
    const outcome = verifyFactor(org, endUser(request, user), user, factor, input, queryOf(request), 'authn');
    transaction.status = 'MFA_CHALLENGE';
    transaction.factorId = factor.id;
    if (outcome.kind === 'push') {
      transaction.pushId = outcome.push.id;
      transaction.pushResultReported = false;
      return 'WAITING';
    }
    return undefined;
  }

  app.post<{ Params: { factorId: string } }>('/api/v1/authn/factors/:factorId/verify', async (request, reply) => {
    const input = body(request);
    const transaction = transactions.resume(input, ['MFA_REQUIRED', 'MFA_CHALLENGE']);
    const user = userOf(transaction);
    const factor = factorOf(transaction, request.params.factorId);

    if (factor.factorType === 'push') {
      const push = transaction.factorId === factor.id && transaction.pushId ? org.pushes.get(transaction.pushId) : undefined;
      const result = push ? org.pushResult(push) : undefined;
      if (result === 'SUCCESS') return success(request, transaction, user);
      if (result === 'WAITING') return reply.code(202).send(stateOf(transaction, 'WAITING'));
      if ((result === 'REJECTED' || result === 'TIMEOUT') && !transaction.pushResultReported) {
        transaction.pushResultReported = true;
        return stateOf(transaction, result);
      }
      challenge(request, transaction, factor, input);
      return reply.code(202).send(stateOf(transaction, 'WAITING'));
    }

    const hasAnswer = typeof input.passCode === 'string' || typeof input.answer === 'string';
    if (!hasAnswer && factor.factorType !== 'token:software:totp' && factor.factorType !== 'question') {
      challenge(request, transaction, factor, input);
      return stateOf(transaction);
    }
    verifyFactor(org, endUser(request, user), user, factor, input, queryOf(request), 'authn');
    return success(request, transaction, user);
  });

  app.post<{ Params: { factorId: string } }>('/api/v1/authn/factors/:factorId/verify/resend', async (request, reply) => {
    const input = body(request);
    const transaction = transactions.resume(input, ['MFA_CHALLENGE']);
    if (transaction.factorId !== request.params.factorId) throw new OktaError('E0000079');
    const factor = factorOf(transaction, request.params.factorId);
    const result = challenge(request, transaction, factor, {});
    return result === 'WAITING' ? reply.code(202).send(stateOf(transaction, 'WAITING')) : stateOf(transaction);
  });

  app.post('/api/v1/authn/previous', async (request) => {
    const transaction = transactions.resume(body(request), ['MFA_ENROLL_ACTIVATE', 'MFA_CHALLENGE']);
    if (transaction.pushId) {
      const push = org.pushes.get(transaction.pushId);
      if (push && org.pushResult(push) === 'WAITING') push.result = 'CANCELLED';
    }
    transaction.status = transaction.status === 'MFA_CHALLENGE' ? 'MFA_REQUIRED' : 'MFA_ENROLL';
    transaction.factorId = undefined;
    transaction.pushId = undefined;
    return stateOf(transaction);
  });

  app.post('/api/v1/authn/cancel', async (request) => {
    const transaction = transactions.resume(body(request));
    if (transaction.pushId) {
      const push = org.pushes.get(transaction.pushId);
      if (push && org.pushResult(push) === 'WAITING') push.result = 'CANCELLED';
    }
    transactions.end(transaction);
    return {
      status: 'UNAUTHENTICATED',
      ...(transaction.relayState !== undefined ? { relayState: transaction.relayState } : {}),
      _links: { next: link(org.url('/api/v1/authn'), 'POST') },
    };
  });
}
