import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { UserRecord } from '../directory/model';
import { notFound, OktaError } from '../errors';
import type { ActionContext, OutcomeResult } from '../logs/event-log';
import type { Org } from '../org';
import { requires } from '../permissions';
import { adminContext } from '../request-context';
import { parseTacConfiguration, parseTacRequest } from './requests';
import { authenticatorsJson, tacAuthenticatorJson, tacEnrollmentJson, utcWithoutZone } from './serialize';
import type { TacEnrollment } from './tac-authenticator';

/** Users a code may be issued to: those who can sign in (a suspended or deactivated user gets 403 E0000038). */
const TAC_STATUSES = new Set<UserRecord['status']>(['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT', 'PROVISIONED']);

/** The TAC as the System Log's target (event-types.json names no TAC events: the sandbox logs them as factor events). */
export function tacTarget(enrollment: TacEnrollment): { id: string; type: string; alternateId: string; displayName: string; detailEntry: Record<string, unknown> } {
  return { id: enrollment.id, type: 'AuthenticatorEnrollment', alternateId: 'unknown', displayName: 'Temporary Access Code', detailEntry: { methodTypeUsed: 'tac' } };
}

export function logTacEvent(
  org: Org,
  ctx: ActionContext,
  user: UserRecord,
  enrollment: TacEnrollment,
  event: { eventType: string; displayMessage: string; result: OutcomeResult; reason?: string; debugData?: Record<string, string> },
): void {
  org.log.append({
    eventType: event.eventType,
    displayMessage: event.displayMessage,
    actor: ctx.actor,
    targets: [org.userTarget(user), tacTarget(enrollment)],
    result: event.result,
    ...(event.reason ? { reason: event.reason } : {}),
    request: ctx.request,
    debugData: { factor: 'tac', ...event.debugData },
    credentialType: 'TAC',
  });
}

type UserParams = { Params: { userId: string } };
type EnrollmentParams = { Params: { userId: string; enrollmentId: string } };

/**
 * The Authenticators API (`/api/v1/authenticators`: list, read, the TAC authenticator's settings and
 * lifecycle) and the user's TAC enrollments (`/api/v1/users/{id}/authenticator-enrollments`). Both
 * are Identity Engine features: a Classic org answers 401 E0000015 ("feature not enabled").
 */
export const authenticatorRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  const identityEngineOnly = async (): Promise<void> => {
    if (org.engine !== 'oie') throw new OktaError('E0000015');
  };
  const authenticatorId = (request: FastifyRequest<{ Params: { authenticatorId: string } }>): 'tac' | 'other' => {
    if (request.params.authenticatorId === org.tac.id) return 'tac';
    if (authenticatorsJson(org).some((each) => each.id === request.params.authenticatorId)) return 'other';
    throw notFound(request.params.authenticatorId, 'Authenticator');
  };

  app.get('/api/v1/authenticators', { ...requires('okta.authenticators.read'), preHandler: identityEngineOnly }, async () => authenticatorsJson(org));

  app.get<{ Params: { authenticatorId: string } }>('/api/v1/authenticators/:authenticatorId', { ...requires('okta.authenticators.read'), preHandler: identityEngineOnly }, async (request) => {
    authenticatorId(request);
    return authenticatorsJson(org).find((each) => each.id === request.params.authenticatorId);
  });

  app.put<{ Params: { authenticatorId: string } }>('/api/v1/authenticators/:authenticatorId', { ...requires('okta.authenticators.manage'), preHandler: identityEngineOnly }, async (request) => {
    if (authenticatorId(request) !== 'tac') throw new OktaError('E0000006', undefined, ['The sandbox lets only the Temporary Access Code authenticator be changed']);
    org.tac.configure(parseTacConfiguration(request.body));
    return tacAuthenticatorJson(org);
  });

  for (const lifecycle of ['activate', 'deactivate'] as const) {
    app.post<{ Params: { authenticatorId: string } }>(
      `/api/v1/authenticators/:authenticatorId/lifecycle/${lifecycle}`,
      { ...requires('okta.authenticators.manage'), preHandler: identityEngineOnly },
      async (request) => {
        if (authenticatorId(request) !== 'tac') throw new OktaError('E0000006', undefined, ['The sandbox lets only the Temporary Access Code authenticator be changed']);
        org.tac.setStatus(lifecycle === 'activate' ? 'ACTIVE' : 'INACTIVE');
        return tacAuthenticatorJson(org);
      },
    );
  }

  app.post<UserParams>('/api/v1/users/:userId/authenticator-enrollments/tac', { ...requires('okta.users.manage'), preHandler: identityEngineOnly }, async (request) => {
    const user = org.user(request.params.userId);
    const tacRequest = parseTacRequest(request.body);
    if (!TAC_STATUSES.has(user.status)) throw new OktaError('E0000038');
    const ctx = adminContext(org, request);
    const { enrollment, replaced } = org.tac.issue(user, tacRequest);
    if (replaced) logTacEvent(org, ctx, user, replaced, { eventType: 'user.mfa.factor.deactivate', displayMessage: 'Reset factor for user (Temporary Access Code replaced)', result: 'SUCCESS', reason: 'Replaced by a new Temporary Access Code' });
    logTacEvent(org, ctx, user, enrollment, {
      eventType: 'user.mfa.factor.activate',
      displayMessage: 'Activate factor for user (Temporary Access Code)',
      result: 'SUCCESS',
      debugData: { tacExpiresAt: utcWithoutZone(enrollment.expiresAt), tacMultiUse: String(enrollment.multiUse) },
    });
    return tacEnrollmentJson(org, user, enrollment, true);
  });

  // The sandbox lists TAC enrollments only (an Identity Engine org lists every authenticator enrollment).
  app.get<UserParams>('/api/v1/users/:userId/authenticator-enrollments', { ...requires('okta.users.read'), preHandler: identityEngineOnly }, async (request) => {
    const user = org.user(request.params.userId);
    const current = org.tac.current(user);
    return current ? [tacEnrollmentJson(org, user, current, false)] : [];
  });

  app.get<EnrollmentParams>('/api/v1/users/:userId/authenticator-enrollments/:enrollmentId', { ...requires('okta.users.read'), preHandler: identityEngineOnly }, async (request) => {
    const user = org.user(request.params.userId);
    return tacEnrollmentJson(org, user, org.tac.get(user, request.params.enrollmentId), false);
  });

  app.delete<EnrollmentParams>('/api/v1/users/:userId/authenticator-enrollments/:enrollmentId', { ...requires('okta.users.manage'), preHandler: identityEngineOnly }, async (request, reply) => {
    const user = org.user(request.params.userId);
    const removed = org.tac.remove(user, request.params.enrollmentId);
    logTacEvent(org, adminContext(org, request), user, removed, { eventType: 'user.mfa.factor.deactivate', displayMessage: 'Reset factor for user (Temporary Access Code)', result: 'SUCCESS' });
    return reply.code(204).send();
  });
};
