import type { CheckResult, VerifyStarted } from '../../../contract/workflows';
import type { AdminTargets } from '../auth/admin-targets';
import type { ActionJournal, JournaledAction } from '../audit';
import type { OktaFactor, OktaVerifyAnswer } from '../okta';
import { factorHref, getFactorOrGone, verifyFactor } from '../okta/resources';
import { explainAdminRefusal } from './admin-refusal';
import { codeForFactor, isReadOutCodeFactor } from './caller-codes';
import { codeSent, isCodeFactor } from './code-delivery';
import { recoverLostPush } from './push-recovery';
import type { PushVerifications } from './push-verification';
import { callerResponseMissing, factorNotActive, notEnrollableHere, verificationFailed, wrongFactorType } from './workflow-errors';

export interface VerifyDeps {
  journal: ActionJournal;
  pushVerifications: PushVerifications;
  now(): Date;
  /** Whether a user holds an admin role: Okta's refusal to act on an administrator's factors is said so. */
  adminTargets?: AdminTargets;
}

/** The factor to verify with, noted in the record; only an active factor can challenge the caller. */
async function activeFactor(action: JournaledAction, factorId: string): Promise<OktaFactor> {
  const factor = await getFactorOrGone(action.scope.client, action.scope.userId, factorId);
  action.note({ factorType: factor.factorType });
  if (factor.status !== 'ACTIVE') throw factorNotActive();
  return factor;
}

/** The first step of verifying the caller: a test push, a code sent, or (app and token codes, questions) nothing to send. */
export async function startVerify(
  deps: VerifyDeps,
  input: { userId: string; factorId: string; useNumberMatching: boolean },
  clientId: string,
): Promise<VerifyStarted> {
  const { value, record, scope } = await deps.journal.run({ userId: input.userId, action: 'verify_start', fields: { factorId: input.factorId } }, async (action) => {
    const factor = await activeFactor(action, input.factorId);
    try {
      return { factor, answer: await challenge(action, factor, input.useNumberMatching) };
    } catch (error) {
      throw await explainAdminRefusal(error, action.scope, deps.adminTargets, 'check');
    }
  });
  const { factor, answer } = value;
  const factorType = factor.factorType;
  if (factorType === 'push' && answer) {
    return deps.pushVerifications.watch(scope, clientId, { factorId: factor.id, factorType, detail: record.detail }, answer);
  }
  if (isCodeFactor(factorType)) return { kind: 'code_sent', code: codeSent(factor, factorType, deps.now()) };
  const asked = factorType === 'question' || !isReadOutCodeFactor(factorType) ? 'question' : factorType;
  return {
    kind: 'ask_caller',
    factorId: factor.id,
    factorType: asked,
    questionText: asked === 'question' ? (factor.profile?.questionText ?? factor.profile?.question ?? null) : null,
  };
}

/** Send the challenge the factor's type calls for; an app or token code, or a security question, needs nothing sent. */
async function challenge(action: JournaledAction, factor: OktaFactor, useNumberMatching: boolean): Promise<OktaVerifyAnswer | null> {
  const { client, userId } = action.scope;
  const href = factorHref(userId, factor, 'verify');
  if (factor.factorType === 'push') {
    action.note({ detail: useNumberMatching ? 'number matching' : 'no number matching' });
    action.succeedAs('sent');
    return action.atOkta(async () => {
      try {
        return await verifyFactor(client, href, useNumberMatching ? { useNumberMatchingChallenge: true } : undefined);
      } catch (error) {
        return recoverLostPush(action, factor.id, error, useNumberMatching);
      }
    });
  }
  if (isCodeFactor(factor.factorType)) return action.atOkta(() => verifyFactor(client, href));
  if (isReadOutCodeFactor(factor.factorType) || factor.factorType === 'question') {
    action.note({ detail: 'nothing sent: the caller gives the code or answer' });
    return null;
  }
  throw notEnrollableHere(factor.factorType);
}

/**
 * Check the code or answer the caller gives. Its journal record is a step of the caller's
 * verification timeline: a pass counts for the window, a wrong code voids earlier passes.
 */
export async function checkVerification(
  deps: Pick<VerifyDeps, 'journal' | 'adminTargets'>,
  input: { userId: string; factorId: string; passCode?: string; answer?: string },
): Promise<CheckResult> {
  const { value: factor, record } = await deps.journal.run({ userId: input.userId, action: 'verify_code', fields: { factorId: input.factorId } }, async (action) => {
    const factor = await activeFactor(action, input.factorId);
    const wantsAnswer = factor.factorType === 'question';
    if (wantsAnswer ? input.answer === undefined : input.passCode === undefined) throw callerResponseMissing(wantsAnswer);
    if (factor.factorType === 'push') throw wrongFactorType('code or question (for push, send a test push)', 'push');
    if (!wantsAnswer && !isCodeFactor(factor.factorType) && !isReadOutCodeFactor(factor.factorType)) throw notEnrollableHere(factor.factorType);
    const body = wantsAnswer ? { answer: input.answer } : { passCode: codeForFactor(factor, input.passCode ?? '') };
    await action.atOkta(async () => {
      let answer: OktaVerifyAnswer;
      try {
        answer = await verifyFactor(action.scope.client, factorHref(input.userId, factor, 'verify'), body);
      } catch (error) {
        throw await explainAdminRefusal(error, action.scope, deps.adminTargets, 'check');
      }
      const result = answer.factorResult ?? 'SUCCESS';
      if (result !== 'SUCCESS') throw verificationFailed(result);
    });
    return factor;
  });
  return { factorId: factor.id, factorType: factor.factorType, outcome: 'SUCCESS', verifiedAt: record.time, auditId: record.id };
}
