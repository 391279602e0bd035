import { randomUUID } from 'node:crypto';
import type { PushVerifyState, PushVerifyStatusEvent, VerifyStarted } from '../../../contract/workflows';
import type { ActionFields, ActionScope } from '../audit';
import { linkHref, type OktaVerifyAnswer } from '../okta';
import { cancelVerification, pollVerification } from '../okta/resources';
import type { LiveWatchDeps } from './live-watch';
import type { RecentVerifications } from './recent-verifications';
import { badOktaAnswer, pollRetrying } from './workflow-errors';

/** Test pushes on their way to the caller's phone, watched live until the caller answers, it expires or the agent cancels. */
export class PushVerifications {
  constructor(private readonly deps: LiveWatchDeps & { recent: RecentVerifications }) {}

  /**
   * Watch the push Okta just sent (`started` is its verify answer). Every end is journaled as
   * `verify_push`; an approval also counts as caller verification.
   */
  watch(scope: ActionScope, clientId: string, fields: ActionFields & { factorId: string }, started: OktaVerifyAnswer): Extract<VerifyStarted, { kind: 'push' }> {
    const { watches, journal, recent, now } = this.deps;
    const { client, org } = scope;
    const pollHref = linkHref(started._links, 'poll');
    if (!pollHref) throw badOktaAnswer('a link to follow the push');
    const cancelHref = linkHref(started._links, 'cancel');
    const correctAnswer = started._embedded?.challenge?.correctAnswer ?? null;
    const startedAt = now();
    const watchId = randomUUID();
    const budget = this.deps.budgets.for(org.id);

    const emit = (state: PushVerifyState, extra: Partial<PushVerifyStatusEvent> = {}): void => {
      const at = now();
      this.deps.emit(clientId, 'pushVerifyStatus', {
        watchId,
        userId: scope.userId,
        factorId: fields.factorId,
        state,
        at: at.toISOString(),
        elapsedMs: Math.max(0, at.getTime() - startedAt.getTime()),
        correctAnswer,
        validUntil: null,
        error: null,
        ...extra,
      });
    };
    const elapsedDetail = (): string => `after ${Math.round((now().getTime() - startedAt.getTime()) / 1000)} s`;

    watches.start({
      watchId,
      clientId,
      budget,
      poll: async (signal) => {
        const answer = await pollVerification(client, pollHref, signal);
        if (answer.rateLimit) budget.setBucketLimit(answer.rateLimit.limit);
        const result = answer.data.factorResult;
        if (result === 'WAITING' || result === undefined) return false;
        if (result === 'SUCCESS') {
          const audit = await journal.record(scope, 'verify_push', 'success', { ...fields, detail: elapsedDetail() });
          const pass = recent.remember(audit);
          emit('SUCCESS', { validUntil: pass?.validUntil ?? null });
          return true;
        }
        const state: PushVerifyState = result === 'REJECTED' ? 'REJECTED' : result === 'TIMEOUT' ? 'TIMEOUT' : 'ERROR';
        const outcome = state === 'REJECTED' ? 'rejected' : state === 'TIMEOUT' ? 'timeout' : 'failure';
        await journal.record(scope, 'verify_push', outcome, { ...fields, detail: `${result} ${elapsedDetail()}` });
        emit(state, state === 'ERROR' ? { error: { code: 'OKTA_ERROR', message: `Okta ended the push with ${result}.`, action: 'Send another test push.' } } : {});
        return true;
      },
      // Still waiting, but the agent should know FactorDesk cannot reach Okta right now (and when it can again).
      onRetrying: (error, consecutiveFailures) => emit('WAITING', { error: pollRetrying(error, consecutiveFailures) }),
      onRecovered: () => emit('WAITING'),
      onEnd: async (reason, error) => {
        if (reason === 'failed' || reason === 'expired') {
          await journal.record(scope, 'verify_push', reason === 'expired' ? 'timeout' : 'failure', fields, error);
          emit(reason === 'expired' ? 'TIMEOUT' : 'ERROR', { error: error?.data ?? null });
          return;
        }
        // Cancelled by the agent, the window closed, or the app is quitting: withdraw the push at Okta.
        if (cancelHref) await cancelVerification(client, cancelHref).catch(() => undefined);
        await journal.record(scope, 'verify_push', 'cancelled', { ...fields, detail: reason });
        emit('CANCELLED');
      },
    });

    return {
      kind: 'push',
      watchId,
      factorId: fields.factorId,
      correctAnswer,
      startedAt: startedAt.toISOString(),
      expiresAt: started.expiresAt ?? null,
    };
  }
}
