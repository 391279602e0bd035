import { randomUUID } from 'node:crypto';
import type { BridgeErrorData, FactorDeskError } from '../../../contract/errors';
import type { PushVerifyState, PushVerifyStatusEvent, VerifyStarted } from '../../../contract/workflows';
import type { ActionFields, ActionScope } from '../audit';
import { linkHref, type OktaVerifyAnswer } from '../okta';
import { cancelVerification, firstOwnPushTransactionLink, pollVerification } from '../okta/resources';
import type { WatchEndReason } from '../watch';
import type { LiveWatchDeps } from './live-watch';
import type { VerificationTimeline } from './verification-timeline';
import { badOktaAnswer, lostTrackOfPush, pollRetrying, pushNotFollowable } from './workflow-errors';

export interface PushVerificationDeps extends LiveWatchDeps {
  timeline: VerificationTimeline;
  /** A check of this user ended (passed or failed): tell the client what its caller verification is now. */
  checkEnded(clientId: string, scope: ActionScope): void;
}

/** Tries to withdraw a push at Okta before saying it could not be withdrawn. */
const withdrawTries = 3;

/** Why FactorDesk stopped following a push before Okta said how it ended, in the journal's words. */
const stoppedBecause: Record<Exclude<WatchEndReason, 'finished'>, string> = {
  cancelled: 'cancelled by the agent',
  client_closed: 'the window that followed it closed',
  shutdown: 'FactorDesk was closing',
  failed: 'FactorDesk lost track of it (Okta could not be read)',
  expired: 'no final answer came in time',
};

/** Test pushes on their way to the caller's phone, watched live until the caller answers, it expires or the agent cancels. */
export class PushVerifications {
  constructor(private readonly deps: PushVerificationDeps) {}

  /**
   * Watch the push Okta just sent (`started` is its verify answer). Every end is journaled as
   * `verify_push`; an approval also counts as caller verification, anything else voids earlier
   * passes. A watch that stops before Okta's final answer withdraws the push at Okta (its `cancel`
   * link), so no push is left live with nobody watching, and says whether that worked.
   */
  async watch(
    scope: ActionScope,
    clientId: string,
    fields: ActionFields & { factorId: string },
    started: OktaVerifyAnswer,
  ): Promise<Extract<VerifyStarted, { kind: 'push' }>> {
    const { watches, journal, timeline, now } = this.deps;
    const { client, org } = scope;
    const pollLink = linkHref(started._links, 'poll');
    const cancelLink = linkHref(started._links, 'cancel');
    // Only a transaction of this user's factor is followed or withdrawn. Poll and cancel are one
    // address at Okta, so when one link is refused the other still serves (a refused poll link
    // must not leave the push live with nothing to withdraw it through).
    const poll = firstOwnPushTransactionLink([pollLink, cancelLink], scope.userId, fields.factorId, 'push poll');
    const cancel = firstOwnPushTransactionLink([cancelLink, pollLink], scope.userId, fields.factorId, 'push cancel');
    if (!('href' in poll)) return this.notFollowable(scope, clientId, fields, started, poll.refusal);
    const pollHref = poll.href;
    const cancelHref = 'href' in cancel ? cancel.href : undefined;
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
        withdrawn: null,
        error: null,
        ...extra,
      });
    };
    const ended = (): void => {
      try {
        this.deps.checkEnded(clientId, scope);
      } catch {
        // Telling the window is best effort; the journal has the outcome.
      }
    };
    /**
     * Withdraw the push at Okta; true when Okta took it back, false when that failed too. The watch
     * often ends because Okta is hard to reach, so the withdrawal gets a few tries of its own.
     */
    const withdraw = async (): Promise<boolean> => {
      if (!cancelHref) return false;
      for (let attempt = 1; attempt <= withdrawTries; attempt += 1) {
        try {
          await cancelVerification(client, cancelHref);
          return true;
        } catch {
          // Tried again below, up to withdrawTries; each try has the client's own retries.
        }
      }
      return false;
    };
    const expiresWords = started.expiresAt ? ` until ${started.expiresAt}` : '';
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
          await journal.record(scope, 'verify_push', 'success', { ...fields, detail: elapsedDetail() });
          const status = await timeline.status(org.id, scope.userId, now());
          emit('SUCCESS', { validUntil: status.verified?.validUntil ?? null });
          ended();
          return true;
        }
        const state: PushVerifyState = result === 'REJECTED' ? 'REJECTED' : result === 'TIMEOUT' ? 'TIMEOUT' : 'ERROR';
        const outcome = state === 'REJECTED' ? 'rejected' : state === 'TIMEOUT' ? 'timeout' : 'failure';
        await journal.record(scope, 'verify_push', outcome, { ...fields, detail: `${result} ${elapsedDetail()}` });
        emit(state, state === 'ERROR' ? { error: { code: 'OKTA_ERROR', message: `Okta ended the push with ${result}.`, action: 'Send another test push.' } } : {});
        ended();
        return true;
      },
      // Still waiting, but the agent should know FactorDesk cannot reach Okta right now (and when it can again).
      onRetrying: (error, consecutiveFailures) => emit('WAITING', { error: pollRetrying(error, consecutiveFailures) }),
      onRecovered: () => emit('WAITING'),
      // Every end without Okta's final answer: withdraw the push first, then journal and report it.
      onEnd: async (reason, error) => {
        const withdrawn = await withdraw();
        const how = withdrawn ? 'withdrawn at Okta' : `could not be withdrawn at Okta, so it stays on the phone${expiresWords}; an approval would not count`;
        const detail = `${stoppedBecause[reason]} ${elapsedDetail()}; ${how}`;
        try {
          if (reason === 'failed' || reason === 'expired') {
            await journal.record(scope, 'verify_push', reason === 'expired' ? 'timeout' : 'failure', { ...fields, detail }, error);
            emit(reason === 'expired' ? 'TIMEOUT' : 'ERROR', { withdrawn, error: lostTrack(error, withdrawn) });
            return;
          }
          await journal.record(scope, 'verify_push', 'cancelled', { ...fields, detail });
          emit('CANCELLED', { withdrawn });
        } finally {
          ended();
        }
      },
    });

    /** What the agent reads when the watch gave up: why, and whether the push was taken back. */
    const lostTrack = (error: FactorDeskError | undefined, withdrawn: boolean): BridgeErrorData => lostTrackOfPush(error, withdrawn);

    return {
      kind: 'push',
      watchId,
      factorId: fields.factorId,
      correctAnswer,
      startedAt: startedAt.toISOString(),
      expiresAt: started.expiresAt ?? null,
    };
  }

  /**
   * Okta sent the push, but gave no link FactorDesk may follow or withdraw it through: the check
   * ends here as failed (journaled, so an earlier pass no longer counts), and the agent is told
   * that an approval of this push would not count.
   */
  private async notFollowable(
    scope: ActionScope,
    clientId: string,
    fields: ActionFields & { factorId: string },
    started: OktaVerifyAnswer,
    refusal: FactorDeskError | undefined,
  ): Promise<never> {
    const problem = refusal ?? badOktaAnswer('a link to follow the push');
    const expiresWords = started.expiresAt ? ` until ${started.expiresAt}` : '';
    try {
      await this.deps.journal.record(
        scope,
        'verify_push',
        'failure',
        { ...fields, detail: `not followed: Okta gave no link FactorDesk may follow; could not be withdrawn at Okta, so it stays on the phone${expiresWords}; an approval would not count` },
        problem,
      );
    } finally {
      try {
        this.deps.checkEnded(clientId, scope);
      } catch {
        // Telling the window is best effort; the journal has the outcome.
      }
    }
    throw pushNotFollowable(problem);
  }
}
