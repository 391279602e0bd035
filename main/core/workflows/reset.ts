import type { Handlers } from '../../../contract';
import type { CallerVerificationInput, ResetResult, RiskAcknowledgement } from '../../../contract/workflows';
import { OutcomeUnknown, removedAlongDetail, type ActionJournal } from '../audit';
import type { AdminTargets } from '../auth/admin-targets';
import type { StepUp } from '../auth/step-up';
import { factorLabel } from '../factors/factor-labels';
import { isOktaVerifyFactor, removalTakesDevice } from '../factors/okta-verify-devices';
import { requestReach, type OktaClient, type OktaFactor } from '../okta';
import { deleteFactor, getFactorOrGone, getUser, listFactors, resetUserFactors } from '../okta/resources';
import { signOutAfterReset } from '../recovery/sign-out-everywhere';
import type { RiskGate } from '../risk/risk-gate';
import { explainAdminRefusal } from './admin-refusal';
import { passCallerGate } from './caller-gate';
import { confirmedRemovedDetail, notRemovedAfterLostAnswer, readBackFactors } from './read-back';
import type { VerificationTimeline } from './verification-timeline';
import { confirmLoginMismatch } from './workflow-errors';

export interface ResetDeps {
  journal: ActionJournal;
  timeline: VerificationTimeline;
  now(): Date;
  /** A signed-in agent resetting all factors, or an admin's, must have signed in recently. */
  stepUp?: StepUp;
  /** Whether a user holds an admin role: Okta's refusal to reset an administrator's factors is said so. */
  adminTargets?: AdminTargets;
  /** On a high-risk account (the risk card), a reset needs a second verification and a reason. */
  riskGate?: RiskGate;
}

/**
 * Remove one factor. The attempt is journaled before the DELETE goes out; if its answer is lost,
 * the factor list is read back: gone means this desk removed it (the retry's 404 notwithstanding),
 * still there means it did not, and an unreadable list leaves the outcome unknown.
 */
export async function resetFactor(
  deps: ResetDeps,
  input: { userId: string; factorId: string; callerVerification?: CallerVerificationInput | undefined; riskAcknowledgement?: RiskAcknowledgement | undefined },
): Promise<ResetResult> {
  const request = { userId: input.userId, action: 'reset_factor' as const, fields: { factorId: input.factorId }, recordAttempt: true };
  const { value, record } = await deps.journal.run(request, async (action) => {
    const { scope } = action;
    const { callerVerification, riskCheck } = await passCallerGate(deps, action, input, { what: 'reset', stepUp: { kind: 'change_factors' } });
    const factor = await getFactorOrGone(scope.client, input.userId, input.factorId);
    action.note({ factorId: factor.id, factorType: factor.factorType });
    // Removing Okta Verify push or FastPass removes more: the user's Okta Verify factors are noted first, to say afterwards which went.
    const oktaVerify = removalTakesDevice(factor) ? (await listFactors(scope.client, input.userId)).filter((each) => each.id !== factor.id && isOktaVerifyFactor(each)) : [];
    const details: string[] = [];
    await action.atOkta(async () => {
      try {
        await deleteFactor(scope.client, input.userId, factor);
      } catch (error) {
        if (requestReach(error) !== 'unknown') throw await explainAdminRefusal(error, scope, deps.adminTargets, 'reset');
        const readBack = await readBackFactors(scope.client, input.userId, [factor.id], 'reset_factor', error);
        if (readBack.remaining.length > 0) throw notRemovedAfterLostAnswer(error, 'the factor');
        details.push(confirmedRemovedDetail);
        action.note({ detail: details.join('; ') });
      }
    });
    const alsoRemoved = await removedAlong(scope.client, input.userId, oktaVerify);
    if (alsoRemoved.length > 0) {
      details.push(removedAlongDetail(alsoRemoved.map((each) => ({ label: factorLabel(each.factorType, each.provider), id: each.id }))));
      action.note({ detail: details.join('; ') });
    }
    return { removedFactorIds: [factor.id, ...alsoRemoved.map((each) => each.id)], callerVerification, ...(riskCheck ? { riskCheck } : {}) };
  });
  return { userId: input.userId, ...value, resetAt: record.time, auditId: record.id };
}

/**
 * Which of `candidates` (Okta Verify factors listed before a push or FastPass was removed) Okta
 * removed along with it, read back from the list (a few tries). Unreadable: none claimed (the reset itself is done).
 */
async function removedAlong(client: OktaClient, userId: string, candidates: readonly OktaFactor[]): Promise<OktaFactor[]> {
  for (let attempt = 1; candidates.length > 0 && attempt <= 3; attempt += 1) {
    try {
      const listed = new Set((await listFactors(client, userId)).map((each) => each.id));
      return candidates.filter((each) => !listed.has(each.id));
    } catch {
      // The list is read again: the reset is done whatever this says.
    }
  }
  return [];
}

/** Reset every factor of the user, with the same attempt record and read-back as resetting one. */
export async function resetAllFactors(
  deps: ResetDeps,
  input: { userId: string; confirmLogin: string; callerVerification?: CallerVerificationInput | undefined; riskAcknowledgement?: RiskAcknowledgement | undefined },
): Promise<ResetResult> {
  // A fresh login: the confirmation must match the user as Okta has them now.
  const request = { userId: input.userId, action: 'reset_all_factors' as const, freshLogin: true, recordAttempt: true };
  const { value, record } = await deps.journal.run(request, async (action) => {
    const { scope } = action;
    if (input.confirmLogin !== scope.userLogin) throw confirmLoginMismatch();
    const { callerVerification, riskCheck } = await passCallerGate(deps, action, input, { what: 'reset', stepUp: { kind: 'reset_all' } });
    const [user, factors] = await Promise.all([getUser(scope.client, input.userId), listFactors(scope.client, input.userId)]);
    const described = `${factors.length} factor(s): ${factors.map((factor) => factor.factorType).join(', ') || 'none'}`;
    action.note({ detail: described });
    const factorIds = factors.map((factor) => factor.id);
    await action.atOkta(async () => {
      try {
        await resetUserFactors(scope.client, user);
      } catch (error) {
        if (requestReach(error) !== 'unknown') throw await explainAdminRefusal(error, scope, deps.adminTargets, 'reset');
        const readBack = await readBackFactors(scope.client, input.userId, factorIds, 'reset_all_factors', error);
        if (readBack.remaining.length === factorIds.length && factorIds.length > 0) throw notRemovedAfterLostAnswer(error, 'every factor');
        // Reset-all removes every factor or none: some left and some gone is not something to guess about.
        if (readBack.remaining.length > 0) {
          throw new OutcomeUnknown({
            code: 'OUTCOME_UNKNOWN',
            message: "Okta's answer was lost, and reading the factors back shows some removed and some still there.",
            action: 'Refresh the user to see which factors are left before trying again.',
          });
        }
        action.note({ detail: `${described}; ${confirmedRemovedDetail.replace('has it', 'has them')}` });
      }
    });
    return { removedFactorIds: factorIds, callerVerification, ...(riskCheck ? { riskCheck } : {}) };
  });
  return { userId: input.userId, ...value, resetAt: record.time, auditId: record.id };
}

/**
 * The bridge's reset methods: the reset, then, when the agent asked for it, signing the user out
 * everywhere in the same call (recovery/sign-out-everywhere.ts). The dispatcher calls these
 * directly, so a reset runs from the bridge to the journal with nothing in between.
 */
export function resetHandlers(deps: ResetDeps): Pick<Handlers, 'resetFactor' | 'resetAllFactors'> {
  return {
    resetFactor: async (input) => signOutAfterReset(deps, input.signOutEverywhere, 'one factor', await resetFactor(deps, input)),
    resetAllFactors: async (input) => signOutAfterReset(deps, input.signOutEverywhere, 'all factors', await resetAllFactors(deps, input)),
  };
}
