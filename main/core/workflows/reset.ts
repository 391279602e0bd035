import type { CallerVerificationInput, CallerVerificationRecord, ResetResult } from '../../../contract/workflows';
import type { ActionJournal, ActionScope } from '../audit';
import { deleteFactor, getFactorOrGone, getUser, listFactors, resetUserFactors } from '../okta/resources';
import type { RecentVerifications } from './recent-verifications';
import { callerVerificationMissing, confirmLoginMismatch, noRecentVerification } from './workflow-errors';

export interface ResetDeps {
  journal: ActionJournal;
  recent: RecentVerifications;
  now(): Date;
}

/** Turn the agent's answer into the record kept with the reset, enforcing the org's setting. */
async function resolveCallerVerification(
  deps: Pick<ResetDeps, 'recent' | 'now'>,
  scope: ActionScope,
  input: CallerVerificationInput | undefined,
): Promise<CallerVerificationRecord> {
  if (!input) {
    if (scope.org.requireCallerVerification) throw callerVerificationMissing();
    return { method: 'not_required', automatic: false };
  }
  if (input.method === 'recent_check') {
    const recent = await deps.recent.find(scope.org.id, scope.userId, deps.now());
    if (!recent) throw noRecentVerification(deps.recent.windowMinutes);
    return { method: recent.method, automatic: true, factorId: recent.factorId, factorType: recent.factorType, verifiedAt: recent.verifiedAt };
  }
  return { method: input.method, automatic: false, ticket: input.ticket };
}

export async function resetFactor(
  deps: ResetDeps,
  input: { userId: string; factorId: string; callerVerification?: CallerVerificationInput | undefined },
): Promise<ResetResult> {
  const { value, record } = await deps.journal.run({ userId: input.userId, action: 'reset_factor', fields: { factorId: input.factorId } }, async (action) => {
    const { scope } = action;
    const callerVerification = await resolveCallerVerification(deps, scope, input.callerVerification);
    action.note({ callerVerification });
    const factor = await getFactorOrGone(scope.client, input.userId, input.factorId);
    action.note({ factorId: factor.id, factorType: factor.factorType });
    await action.atOkta(() => deleteFactor(scope.client, input.userId, factor));
    return { removedFactorIds: [factor.id], callerVerification };
  });
  return { userId: input.userId, ...value, resetAt: record.time, auditId: record.id };
}

export async function resetAllFactors(
  deps: ResetDeps,
  input: { userId: string; confirmLogin: string; callerVerification?: CallerVerificationInput | undefined },
): Promise<ResetResult> {
  // A fresh login: the confirmation must match the user as Okta has them now.
  const { value, record } = await deps.journal.run({ userId: input.userId, action: 'reset_all_factors', freshLogin: true }, async (action) => {
    const { scope } = action;
    if (input.confirmLogin !== scope.userLogin) throw confirmLoginMismatch();
    const callerVerification = await resolveCallerVerification(deps, scope, input.callerVerification);
    action.note({ callerVerification });
    const [user, factors] = await Promise.all([getUser(scope.client, input.userId), listFactors(scope.client, input.userId)]);
    action.note({ detail: `${factors.length} factor(s): ${factors.map((factor) => factor.factorType).join(', ') || 'none'}` });
    await action.atOkta(() => resetUserFactors(scope.client, user));
    return { removedFactorIds: factors.map((factor) => factor.id), callerVerification };
  });
  return { userId: input.userId, ...value, resetAt: record.time, auditId: record.id };
}
