import type { CallerVerificationStatus, workflowMethods } from '../../../contract/workflows';
import type { ActionJournal } from '../audit';
import type { AdminTargets } from '../auth/admin-targets';
import type { StepUp } from '../auth/step-up';
import type { RiskGate } from '../risk/risk-gate';
import type { Connections, EmitEvent, Feature } from '../feature-context';
import { OrgPollBudgets, WatchRegistry, type PollBudgetOptions, type PollSchedule } from '../watch';
import { activateFactor, resendCode, sendActivationLink, watchActivation } from './activate';
import { getFactorCatalog, listSecurityQuestions } from './catalog';
import { enrollFactor } from './enroll';
import { PushActivations } from './push-activation';
import { PushVerifications } from './push-verification';
import { resetHandlers } from './reset';
import { VerificationTimeline, type ReadJournalSince } from './verification-timeline';
import { checkVerification, startVerify } from './verify';

export type WorkflowMethodName = keyof typeof workflowMethods;

export interface WorkflowsFeatureDeps {
  connections: Connections;
  emit: EmitEvent;
  now(): Date;
  /** Every action on a user goes through it: one record for every way it ends. */
  journal: ActionJournal;
  /** Journal records since a time: the caller verification timeline is replayed from them after a restart. */
  readJournalSince: ReadJournalSince;
  /** Fresh sign-in checks before the riskiest actions (signed-in agents only). */
  stepUp?: StepUp;
  /** Whether a user holds an admin role, to word Okta's refusal to act on an administrator's factors. */
  adminTargets?: AdminTargets;
  /** The risk card's rule for resets (a second verification and a reason on a high-risk account). */
  riskGate?: RiskGate;
}

export interface WorkflowOptions {
  /** Minutes a passed check counts as caller verification (default 10). */
  verificationWindowMinutes?: number;
  /** Poll budget tuning (share of the org's bucket, default limit). */
  pollBudget?: PollBudgetOptions;
  /** Poll intervals (tests and the benchmark use the default adaptive schedule). */
  pollSchedule?: PollSchedule;
}

/**
 * The factor workflows: enroll, activate, verify the caller, reset — with live watches of push
 * activations and test pushes, and the caller verification timeline that gates resets. Every
 * action on a user is journaled through `deps.journal`.
 */
export function createWorkflowsFeature(deps: WorkflowsFeatureDeps, options: WorkflowOptions = {}): Feature<WorkflowMethodName> {
  const { connections, journal, now } = deps;
  const watches = new WatchRegistry(options.pollSchedule ? { schedule: options.pollSchedule } : {});
  const budgets = new OrgPollBudgets(options.pollBudget);
  const timeline = new VerificationTimeline(deps.readJournalSince, options.verificationWindowMinutes);
  // Every check's outcome is journaled before anyone hears of it; the timeline follows the journal.
  const stopFollowing = journal.onRecord((record) => timeline.note(record));
  const statusOf = (userId: string): Promise<CallerVerificationStatus> => timeline.status(connections.active().org.id, userId, now());
  /** A check ended: the window that ran it hears what the caller's verification is now. */
  const publish = (clientId: string, orgId: string, userId: string): void => {
    void timeline
      .status(orgId, userId, now())
      .then((status) => deps.emit(clientId, 'callerVerificationChanged', status))
      .catch(() => undefined);
  };
  const live = { watches, budgets, emit: deps.emit, now, journal };
  const pushActivations = new PushActivations(live);
  const pushVerifications = new PushVerifications({ ...live, timeline, checkEnded: (clientId, scope) => publish(clientId, scope.org.id, scope.userId) });
  const parts = {
    journal,
    now,
    timeline,
    pushActivations,
    pushVerifications,
    ...(deps.stepUp ? { stepUp: deps.stepUp } : {}),
    ...(deps.adminTargets ? { adminTargets: deps.adminTargets } : {}),
    ...(deps.riskGate ? { riskGate: deps.riskGate } : {}),
  };

  return {
    handlers: {
      getFactorCatalog: ({ userId }) => getFactorCatalog(connections, userId),
      listSecurityQuestions: ({ userId }) => listSecurityQuestions(connections, userId),
      enrollFactor: ({ userId, request }, { clientId }) => enrollFactor(parts, userId, request, clientId),
      sendActivationLink: (input) => sendActivationLink(parts, input),
      activateFactor: ({ userId, factorId, passCode }) => activateFactor(parts, userId, factorId, passCode),
      resendCode: ({ userId, factorId, purpose }) => resendCode(parts, userId, factorId, purpose),
      watchActivation: ({ userId, factorId }, { clientId }) => watchActivation(parts, userId, factorId, clientId),
      startVerify: (input, { clientId }) => startVerify(parts, input, clientId),
      checkVerification: async (input, { clientId }) => {
        const { org } = connections.active();
        try {
          return await checkVerification(parts, input);
        } finally {
          publish(clientId, org.id, input.userId);
        }
      },
      cancelWatch: async ({ watchId }, { clientId }) => {
        // Only the client that started a watch may stop it; anything else is already over as far as it knows.
        if (watches.ownerOf(watchId) === clientId) await watches.stop(watchId, 'cancelled');
        return null;
      },
      getCallerVerification: ({ userId }) => statusOf(userId),
      endCall: async ({ userId }) => {
        const before = await statusOf(userId);
        // Only a pass that counts has anything to end; ending nothing leaves no record.
        if (!before.verified) return before;
        const { method, factorType, verifiedAt } = before.verified;
        await journal.recordLocal(userId, 'end_call', 'success', {
          factorId: before.verified.factorId,
          factorType,
          detail: `${method === 'test_push' ? 'test push' : 'code check'} passed at ${verifiedAt}`,
        });
        return statusOf(userId);
      },
      ...resetHandlers(parts),
    },
    clientClosed: (clientId) => {
      void watches.clientClosed(clientId);
    },
    close: async () => {
      await watches.close();
      budgets.dispose();
      stopFollowing();
    },
  };
}
