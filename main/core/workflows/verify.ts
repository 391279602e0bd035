import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FactorDeskError } from '../../../contract/errors';
import type { CheckResult, PushVerifyState, PushVerifyStatusEvent, VerifyStarted } from '../../../contract/workflows';
import { oktaLinksSchema, type OktaFactor } from '../okta';
import { codeSent, isCodeFactor } from './code-delivery';
import { linkHref } from './links';
import { factorPath, getFactor } from './okta-calls';
import type { UserScope, WorkflowServices } from './workflow-services';
import { badOktaAnswer, factorGone, notEnrollableHere, pollRetrying, verificationFailed, wrongFactorType } from './workflow-errors';

/** What verify and transaction polls answer. */
const verifyAnswerSchema = z.looseObject({
  factorResult: z.string().optional(),
  expiresAt: z.string().optional(),
  _links: oktaLinksSchema.optional(),
  _embedded: z.looseObject({ challenge: z.looseObject({ correctAnswer: z.number().optional() }).optional() }).optional(),
});

async function activeFactor(scope: UserScope, factorId: string): Promise<OktaFactor> {
  const factor = await getFactor(scope.active.client, scope.userId, factorId).catch((error: unknown) => {
    throw error instanceof FactorDeskError ? factorGone(error) : error;
  });
  if (factor.status !== 'ACTIVE') {
    throw new FactorDeskError({
      code: 'VALIDATION',
      message: 'This factor is not active yet, so it cannot be used to verify the caller.',
      action: 'Finish its activation first, or verify with another factor.',
    });
  }
  return factor;
}

const verifyHref = (factor: OktaFactor, scope: UserScope): string =>
  linkHref(factor._links, 'verify') ?? `${factorPath(scope.userId, factor.id)}/verify`;

export async function startVerify(
  services: WorkflowServices,
  input: { userId: string; factorId: string; useNumberMatching: boolean },
  clientId: string,
): Promise<VerifyStarted> {
  const scope = await services.scope(input.userId);
  const factor = await activeFactor(scope, input.factorId);
  const factorType = factor.factorType;
  if (factorType === 'push') return startPushVerify(services, scope, factor, input.useNumberMatching, clientId);
  if (isCodeFactor(factorType)) {
    await services.audited(scope, 'verify_start', { factorId: factor.id, factorType }, async () =>
      scope.active.client.request({ method: 'POST', path: verifyHref(factor, scope), schema: verifyAnswerSchema }),
    );
    return { kind: 'code_sent', code: codeSent(factor, factorType, services.ctx.now()) };
  }
  if (factorType === 'token:software:totp' || factorType === 'question') {
    return {
      kind: 'ask_caller',
      factorId: factor.id,
      factorType,
      questionText: factorType === 'question' ? (factor.profile?.questionText ?? factor.profile?.question ?? null) : null,
    };
  }
  throw notEnrollableHere(factorType);
}

async function startPushVerify(
  services: WorkflowServices,
  scope: UserScope,
  factor: OktaFactor,
  useNumberMatching: boolean,
  clientId: string,
): Promise<VerifyStarted> {
  const { client, org } = scope.active;
  const fields = { factorId: factor.id, factorType: 'push', detail: useNumberMatching ? 'number matching' : 'no number matching' };
  const { value: started } = await services.audited(
    scope,
    'verify_start',
    fields,
    async () =>
      (
        await client.request({
          method: 'POST',
          path: verifyHref(factor, scope),
          body: useNumberMatching ? { useNumberMatchingChallenge: true } : undefined,
          schema: verifyAnswerSchema,
        })
      ).data,
    () => ({ outcome: 'sent' }),
  );
  const pollHref = linkHref(started._links, 'poll');
  if (!pollHref) throw badOktaAnswer('a link to follow the push');
  const cancelHref = linkHref(started._links, 'cancel');
  const correctAnswer = started._embedded?.challenge?.correctAnswer ?? null;
  const startedAt = services.ctx.now();
  const watchId = randomUUID();
  const budget = services.budgetFor(org.id);

  const emit = (state: PushVerifyState, extra: Partial<PushVerifyStatusEvent> = {}): void => {
    const at = services.ctx.now();
    services.ctx.emit(clientId, 'pushVerifyStatus', {
      watchId,
      userId: scope.userId,
      factorId: factor.id,
      state,
      at: at.toISOString(),
      elapsedMs: Math.max(0, at.getTime() - startedAt.getTime()),
      correctAnswer,
      validUntil: null,
      error: null,
      ...extra,
    });
  };
  const elapsedDetail = (): string => `after ${Math.round((services.ctx.now().getTime() - startedAt.getTime()) / 1000)} s`;

  services.watches.start({
    watchId,
    clientId,
    budget,
    poll: async (signal) => {
      const answer = await client.request({ method: 'GET', path: pollHref, schema: verifyAnswerSchema, signal });
      if (answer.rateLimit) budget.setBucketLimit(answer.rateLimit.limit);
      const result = answer.data.factorResult;
      if (result === 'WAITING' || result === undefined) return false;
      if (result === 'SUCCESS') {
        const audit = await services.record(scope, 'verify_push', 'success', { ...fields, detail: elapsedDetail() });
        const pass = services.recent.remember(audit);
        emit('SUCCESS', { validUntil: pass?.validUntil ?? null });
        return true;
      }
      const state: PushVerifyState = result === 'REJECTED' ? 'REJECTED' : result === 'TIMEOUT' ? 'TIMEOUT' : 'ERROR';
      const outcome = state === 'REJECTED' ? 'rejected' : state === 'TIMEOUT' ? 'timeout' : 'failure';
      await services.record(scope, 'verify_push', outcome, { ...fields, detail: `${result} ${elapsedDetail()}` });
      emit(state, state === 'ERROR' ? { error: { code: 'OKTA_ERROR', message: `Okta ended the push with ${result}.`, action: 'Send another test push.' } } : {});
      return true;
    },
    // Still waiting, but the agent should know FactorDesk cannot reach Okta right now (and when it can again).
    onRetrying: (error, consecutiveFailures) => emit('WAITING', { error: pollRetrying(error, consecutiveFailures) }),
    onRecovered: () => emit('WAITING'),
    onEnd: async (reason, error) => {
      if (reason === 'failed' || reason === 'expired') {
        await services.record(scope, 'verify_push', reason === 'expired' ? 'timeout' : 'failure', fields, error);
        emit(reason === 'expired' ? 'TIMEOUT' : 'ERROR', { error: error?.data ?? null });
        return;
      }
      // Cancelled by the agent, the window closed, or the app is quitting: withdraw the push at Okta.
      if (cancelHref) {
        await client.request({ method: 'DELETE', path: cancelHref, schema: z.unknown() }).catch(() => undefined);
      }
      await services.record(scope, 'verify_push', 'cancelled', { ...fields, detail: reason });
      emit('CANCELLED');
    },
  });

  return {
    kind: 'push',
    watchId,
    factorId: factor.id,
    correctAnswer,
    startedAt: startedAt.toISOString(),
    expiresAt: started.expiresAt ?? null,
  };
}

/** Check the code or answer the caller gives. A pass counts as caller verification for the window. */
export async function checkVerification(
  services: WorkflowServices,
  input: { userId: string; factorId: string; passCode?: string; answer?: string },
): Promise<CheckResult> {
  const scope = await services.scope(input.userId);
  const factor = await activeFactor(scope, input.factorId);
  const factorType = factor.factorType;
  const wantsAnswer = factorType === 'question';
  if (wantsAnswer ? input.answer === undefined : input.passCode === undefined) {
    throw new FactorDeskError({
      code: 'INVALID_INPUT',
      message: wantsAnswer ? 'This factor is a security question: enter the answer.' : 'Enter the code the caller reads out.',
      causes: [wantsAnswer ? 'answer: required' : 'passCode: required'],
    });
  }
  if (factorType === 'push') throw wrongFactorType('code or question (for push, send a test push)', 'push');
  const body = wantsAnswer ? { answer: input.answer } : { passCode: input.passCode };
  const { audit } = await services.audited(scope, 'verify_code', { factorId: factor.id, factorType }, async () => {
    const answer = await scope.active.client.request({ method: 'POST', path: verifyHref(factor, scope), body, schema: verifyAnswerSchema });
    const result = answer.data.factorResult ?? 'SUCCESS';
    if (result !== 'SUCCESS') throw verificationFailed(result);
    return result;
  });
  services.recent.remember(audit);
  return { factorId: factor.id, factorType, outcome: 'SUCCESS', verifiedAt: audit.time, auditId: audit.id };
}
