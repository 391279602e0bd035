import type { FastifyPluginAsync } from 'fastify';
import { notFound, validation } from '../errors';
import type { FaultInjector } from '../fault-injector';
import { currentCode, isTokenFactor } from '../factors/token-codes';
import { factorJson } from '../factors/serialize';
import { numberChoices } from '../factors/number-challenge';
import { answerPush, completePushActivation } from '../factors/service';
import { phonePageUrl } from '../phone-page/phone-page-url';
import type { Org } from '../org';
import { requires } from '../permissions';
import type { RateLimiter } from '../rate-limiter';
import { adminContext, queryOf, requestContext } from '../request-context';
import { mintToken } from '../principals/mint-token';
import { roleAssignmentJson } from '../roles/serialize';
import { BUCKETS } from '../rate-limiter';
import { phoneView } from './phone-view';
import { createPracticeUser, parsePracticeUser } from './practice-users';
import { parseClockAdvance, parseFaults, parsePushAnswer, parseRateLimitChanges, parseScannedDevice, parseTokenRequest } from './requests';

export interface ControlParts {
  org: Org;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
}

type FactorParams = { Params: { userId: string; factorId: string } };

/**
 * The control API (`/sandbox/v1`, same SSWS admin token): the simulated end user's phone and
 * mailbox, the org clock, fault injection, rate-limit settings and API tokens for admins.
 */
export const controlRoutes: FastifyPluginAsync<ControlParts> = async (app, { org, rateLimiter, faults }) => {
  const read = requires('sandbox.control.read');
  const manage = requires('sandbox.control.manage');

  app.get<{ Params: { userId: string } }>('/sandbox/v1/users/:userId/pushes', read, async (request) => {
    const user = org.user(request.params.userId);
    return [...org.pushes.values()]
      .filter((p) => p.userId === user.id && org.pushResult(p) === 'WAITING')
      .map((p) => ({
        transactionId: p.id,
        factorId: p.factorId,
        correctAnswer: p.correctAnswer,
        numberChoices: p.correctAnswer === null ? null : numberChoices(org.numberChallengeSalt, { id: p.id, correctAnswer: p.correctAnswer }),
        expiresAt: org.clock.iso(p.expiresAt),
      }));
  });

  // Sandbox extra: a practice user written out (practice-users.ts), for the console's training calls.
  app.post('/sandbox/v1/users', manage, async (request) => createPracticeUser(org, parsePracticeUser(request.body)));

  // Everything the user's phone and mailbox show at once (phone-view.ts): what the console's phone panel polls.
  app.get<{ Params: { userId: string } }>('/sandbox/v1/users/:userId/phone', read, async (request) => phoneView(org, org.user(request.params.userId)));

  // A key to the user's phone page (phone-page/), replacing the one they had; DELETE takes it back.
  app.post<{ Params: { userId: string } }>('/sandbox/v1/users/:userId/phone-key', manage, async (request) => {
    const user = org.user(request.params.userId);
    const key = org.phoneKeys.issue(user.id);
    return { userId: user.id, login: user.profile.login, key, url: phonePageUrl(org, user.id, key) };
  });
  app.delete<{ Params: { userId: string } }>('/sandbox/v1/users/:userId/phone-key', manage, async (request, reply) => {
    const user = org.user(request.params.userId);
    if (!org.phoneKeys.revoke(user.id)) throw notFound(`phone key of ${user.id}`, 'PhoneKey');
    return reply.code(204).send();
  });

  for (const decision of ['approve', 'deny'] as const) {
    app.post<{ Params: { transactionId: string } }>(`/sandbox/v1/pushes/:transactionId/${decision}`, manage, async (request) => {
      const push = org.pushes.get(request.params.transactionId);
      if (!push) throw notFound(request.params.transactionId, 'Transaction');
      const factorResult = answerPush(org, push, decision, parsePushAnswer(request.body), requestContext(request));
      return { transactionId: push.id, factorResult };
    });
  }

  app.post<FactorParams>('/sandbox/v1/users/:userId/factors/:factorId/scan', manage, async (request) => {
    const user = org.user(request.params.userId);
    const factor = org.factor(user, request.params.factorId);
    completePushActivation(org, user, factor, parseScannedDevice(request.body), requestContext(request));
    return factorJson(org, user, factor);
  });

  /**
   * Sandbox extra: the code the user's app or token would give now (seeded factors included): an
   * authenticator app's TOTP, RSA SecurID's PIN + tokencode, Symantec VIP's code (and the next one),
   * a custom HOTP token's next code, a YubiKey's next Yubico OTP. Reading it uses nothing up.
   */
  app.get<FactorParams>('/sandbox/v1/users/:userId/factors/:factorId/passcode', read, async (request) => {
    const factor = org.factor(org.user(request.params.userId), request.params.factorId);
    if (!isTokenFactor(factor)) {
      throw validation('passcode', [
        `Factor ${factor.id} is a ${factor.factorType} factor; only token:software:totp, token, token:hotp and token:hardware factors have a passcode to read (sms, call and email codes are in the outbox)`,
      ]);
    }
    return currentCode(factor, org.clock.now());
  });

  /** Sandbox extra: who is signed in where — the user's Okta sessions, the OAuth tokens apps hold for them, their remembered devices. */
  app.get<{ Params: { userId: string } }>('/sandbox/v1/users/:userId/sessions', read, async (request) => {
    const user = org.user(request.params.userId);
    const state = org.sessions.of(user);
    return {
      userId: user.id,
      sessions: state.sessions.map((session) => ({
        id: session.id,
        createdAt: org.clock.iso(session.createdAt),
        expiresAt: org.clock.iso(session.expiresAt),
        amr: session.amr,
        mfaActive: session.mfaActive,
        client: session.client,
        ipAddress: session.ipAddress,
        source: session.source,
      })),
      oauthTokens: [
        ...state.appTokens.map((token) => ({ id: token.id, clientId: token.clientId, app: token.appName, scopes: token.scopes, issuedAt: org.clock.iso(token.issuedAt), expiresAt: org.clock.iso(token.expiresAt) })),
      ],
      rememberedDevices: state.rememberedDevices.map((device) => ({ id: device.id, name: device.name, rememberedAt: org.clock.iso(device.rememberedAt) })),
    };
  });

  app.get('/sandbox/v1/outbox', read, async (request) => org.outbox.to(queryOf(request).to));
  app.delete('/sandbox/v1/outbox', manage, async (_request, reply) => {
    org.outbox.clear();
    return reply.code(204).send();
  });

  app.get('/sandbox/v1/clock', read, async () => ({ now: org.clock.iso() }));
  app.post('/sandbox/v1/clock/advance', manage, async (request) => {
    org.clock.advance(parseClockAdvance(request.body));
    return { now: org.clock.iso() };
  });

  app.get('/sandbox/v1/faults', read, async () => faults.current ?? {});
  app.post('/sandbox/v1/faults', manage, async (request) => {
    const settings = parseFaults(request.body ?? {});
    faults.set(settings);
    return settings;
  });
  app.delete('/sandbox/v1/faults', manage, async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  // The settings, and what they come to: limits after the licence multiplier.
  const rateLimits = () => ({
    ...rateLimiter.settings,
    effective: {
      ...Object.fromEntries(BUCKETS.map((bucket) => [bucket, rateLimiter.orgLimit(bucket)])),
      concurrent: rateLimiter.concurrentLimit(),
    },
  });
  app.get('/sandbox/v1/rate-limits', read, async () => rateLimits());
  app.post('/sandbox/v1/rate-limits', manage, async (request) => {
    rateLimiter.update(parseRateLimitChanges(request.body));
    return rateLimits();
  });

  const tokenJson = (token: { id: string; name: string; userId: string; created: number }) => ({
    id: token.id,
    name: token.name,
    userId: token.userId,
    login: org.directory.get(token.userId)?.profile.login ?? null,
    created: org.clock.iso(token.created),
    roles: org.roles.ofUser(token.userId).map((assignment) => roleAssignmentJson(org, assignment)),
  });
  app.post('/sandbox/v1/tokens', manage, async (request) => {
    const minted = mintToken(org, adminContext(org, request), parseTokenRequest(request.body, (id) => org.groups.get(id) !== undefined));
    return { token: minted.secret, ...tokenJson(minted.token) };
  });
  app.get('/sandbox/v1/tokens', read, async () => org.apiTokens.list().map(tokenJson));
  app.delete<{ Params: { tokenId: string } }>('/sandbox/v1/tokens/:tokenId', manage, async (request, reply) => {
    if (!org.apiTokens.revoke(request.params.tokenId)) throw notFound(request.params.tokenId, 'ApiToken');
    return reply.code(204).send();
  });
};
