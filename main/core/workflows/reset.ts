import { z } from 'zod';
import { FactorDeskError } from '../../../contract/errors';
import type { CallerVerificationInput, CallerVerificationRecord, ResetResult } from '../../../contract/workflows';
import { linkHref } from './links';
import { factorPath, getFactor, getUser, listUserFactors, userPath } from './okta-calls';
import type { UserScope, WorkflowServices } from './workflow-services';
import { callerVerificationMissing, confirmLoginMismatch, factorGone, noRecentVerification } from './workflow-errors';

/** Turn the agent's answer into the record kept with the reset, enforcing the org's setting. */
export async function resolveCallerVerification(
  services: WorkflowServices,
  scope: UserScope,
  input: CallerVerificationInput | undefined,
): Promise<CallerVerificationRecord> {
  if (!input) {
    if (scope.active.org.requireCallerVerification) throw callerVerificationMissing();
    return { method: 'not_required', automatic: false };
  }
  if (input.method === 'recent_check') {
    const recent = await services.recent.find(scope.active.org.id, scope.userId, services.ctx.now());
    if (!recent) throw noRecentVerification(services.recent.windowMinutes);
    return { method: recent.method, automatic: true, factorId: recent.factorId, factorType: recent.factorType, verifiedAt: recent.verifiedAt };
  }
  return { method: input.method, automatic: false, ticket: input.ticket };
}

export async function resetFactor(
  services: WorkflowServices,
  input: { userId: string; factorId: string; callerVerification?: CallerVerificationInput | undefined },
): Promise<ResetResult> {
  const scope = await services.scope(input.userId);
  const callerVerification = await refusedIsJournaled(services, scope, 'reset_factor', { factorId: input.factorId }, () =>
    resolveCallerVerification(services, scope, input.callerVerification),
  );
  const { client } = scope.active;
  const factor = await getFactor(client, input.userId, input.factorId).catch((error: unknown) => {
    throw error instanceof FactorDeskError ? factorGone(error) : error;
  });
  const selfHref = linkHref(factor._links, 'self') ?? factorPath(input.userId, input.factorId);
  const { audit } = await services.audited(
    scope,
    'reset_factor',
    { factorId: factor.id, factorType: factor.factorType, callerVerification },
    async () => {
      try {
        await client.request({ method: 'DELETE', path: selfHref, schema: z.unknown() });
      } catch (error) {
        throw error instanceof FactorDeskError ? factorGone(error) : error;
      }
    },
  );
  return { userId: input.userId, removedFactorIds: [factor.id], callerVerification, resetAt: audit.time, auditId: audit.id };
}

export async function resetAllFactors(
  services: WorkflowServices,
  input: { userId: string; confirmLogin: string; callerVerification?: CallerVerificationInput | undefined },
): Promise<ResetResult> {
  // Fresh login: the confirmation must match the user as Okta has them now.
  const scope = await services.scope(input.userId, true);
  const { client } = scope.active;
  const callerVerification = await refusedIsJournaled(services, scope, 'reset_all_factors', {}, () => {
    if (input.confirmLogin !== scope.userLogin) throw confirmLoginMismatch();
    return resolveCallerVerification(services, scope, input.callerVerification);
  });
  const [user, factors] = await Promise.all([getUser(client, input.userId), listUserFactors(client, input.userId)]);
  const resetHref = linkHref(user._links, 'resetFactors') ?? `${userPath(input.userId)}/lifecycle/reset_factors`;
  const { audit } = await services.audited(
    scope,
    'reset_all_factors',
    { callerVerification, detail: `${factors.length} factor(s): ${factors.map((factor) => factor.factorType).join(', ') || 'none'}` },
    async () => {
      await client.request({ method: 'POST', path: resetHref, schema: z.unknown() });
    },
  );
  return {
    userId: input.userId,
    removedFactorIds: factors.map((factor) => factor.id),
    callerVerification,
    resetAt: audit.time,
    auditId: audit.id,
  };
}

/** A reset refused before reaching Okta (no verification, wrong confirmation) is still an attempt worth journaling. */
async function refusedIsJournaled<T>(
  services: WorkflowServices,
  scope: UserScope,
  action: 'reset_factor' | 'reset_all_factors',
  fields: { factorId?: string },
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    await services.record(scope, action, 'failure', fields, error);
    throw error;
  }
}
