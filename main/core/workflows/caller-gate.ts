import type { RiskCheckRecord } from '../../../contract/risk';
import type { CallerVerificationInput, CallerVerificationRecord, RiskAcknowledgement } from '../../../contract/workflows';
import type { ActionScope, JournaledAction } from '../audit';
import type { RiskyAction, StepUp } from '../auth/step-up';
import type { RiskGate, RiskGatedAction } from '../risk/risk-gate';
import type { VerificationTimeline } from './verification-timeline';
import { callerVerificationMissing, manualVerificationNeeded, noRecentVerification, passVoided } from './workflow-errors';

export interface CallerGateDeps {
  timeline: VerificationTimeline;
  now(): Date;
  /** A signed-in agent's fresh sign-in before the riskiest actions. */
  stepUp?: StepUp;
  /** On a high-risk account (the risk card), a second verification and a reason. */
  riskGate?: RiskGate;
}

export interface CallerGateInput {
  callerVerification?: CallerVerificationInput | undefined;
  riskAcknowledgement?: RiskAcknowledgement | undefined;
}

export interface CallerGatePass {
  callerVerification: CallerVerificationRecord;
  /** The risk card the action goes ahead under (absent where no risk gate is set up). */
  riskCheck?: RiskCheckRecord;
}

/**
 * Turn the agent's answer into the record kept with the reset (or a temporary access code, which
 * gets the same gate). A passed check counts only if no later check of this user failed; after a
 * failed check a manual method and a ticket are required, whatever the org's setting.
 */
export async function resolveCallerVerification(
  deps: Pick<CallerGateDeps, 'timeline' | 'now'>,
  scope: ActionScope,
  input: CallerVerificationInput | undefined,
): Promise<CallerVerificationRecord> {
  if (input && input.method !== 'recent_check') return { method: input.method, automatic: false, ticket: input.ticket };
  const status = await deps.timeline.status(scope.org.id, scope.userId, deps.now());
  if (!input) {
    if (status.failedCheck) throw manualVerificationNeeded(status.failedCheck);
    if (scope.org.requireCallerVerification) throw callerVerificationMissing(scope.org.callerVerificationSetBy ?? 'org');
    return { method: 'not_required', automatic: false };
  }
  const pass = status.verified;
  if (!pass) throw status.failedCheck ? passVoided(status.failedCheck) : noRecentVerification(deps.timeline.windowMinutes);
  return { method: pass.method, automatic: true, factorId: pass.factorId, factorType: pass.factorType, verifiedAt: pass.verifiedAt };
}

export interface GatedAction {
  /** What the gate stands before, for the risk card's words. */
  what: RiskGatedAction;
  /** The step-up rule that applies (a fresh sign-in for signed-in agents). */
  stepUp: RiskyAction;
}

/**
 * The one gate before anything that hands the account to whoever is on the phone (a reset, a
 * temporary access code), in this order: the caller's verification as the timeline has it (a
 * failed check voids a pass); the agent's own fresh sign-in where the step-up rule asks for one;
 * then the risk card's rule (a high-risk account needs a second, different verification and a
 * reason). What is decided is noted in the action's journal record as it is, so a refusal's record
 * says why; a refusal is thrown as a Refusal and journaled as `refused`.
 */
export async function passCallerGate(deps: CallerGateDeps, action: JournaledAction, input: CallerGateInput, gated: GatedAction): Promise<CallerGatePass> {
  const { scope } = action;
  const callerVerification = await resolveCallerVerification(deps, scope, input.callerVerification);
  action.note({ callerVerification });
  await deps.stepUp?.check(scope, gated.stepUp);
  const gate = deps.riskGate;
  if (!gate) return { callerVerification };
  const riskCheck = await gate.check(scope, {
    what: gated.what,
    callerVerification,
    acknowledgement: input.riskAcknowledgement,
    hasRecentPass: async () => (await deps.timeline.status(scope.org.id, scope.userId, deps.now())).verified !== null,
    note: (record) => action.note({ riskCheck: record }),
  });
  action.note({ riskCheck });
  return { callerVerification, riskCheck };
}
