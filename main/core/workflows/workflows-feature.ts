import type { workflowMethods } from '../../../contract/workflows';
import type { ActionJournal } from '../audit';
import type { Connections, EmitEvent, Feature } from '../feature-context';
import { OrgPollBudgets, WatchRegistry, type PollBudgetOptions, type PollSchedule } from '../watch';
import { activateFactor, resendCode, sendActivationLink, watchActivation } from './activate';
import { getFactorCatalog, listSecurityQuestions } from './catalog';
import { enrollFactor } from './enroll';
import { PushActivations } from './push-activation';
import { PushVerifications } from './push-verification';
import { RecentVerifications, type ReadJournalSince } from './recent-verifications';
import { resetAllFactors, resetFactor } from './reset';
import { checkVerification, startVerify } from './verify';

export type WorkflowMethodName = keyof typeof workflowMethods;

export interface WorkflowsFeatureDeps {
  connections: Connections;
  emit: EmitEvent;
  now(): Date;
  /** Every action on a user goes through it: one record for every way it ends. */
  journal: ActionJournal;
  /** Journal records since a time, so a passed check still counts after a restart. */
  readJournalSince: ReadJournalSince;
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
 * activations and test pushes. Every action on a user is journaled through `deps.journal`.
 */
export function createWorkflowsFeature(deps: WorkflowsFeatureDeps, options: WorkflowOptions = {}): Feature<WorkflowMethodName> {
  const { connections, journal, now } = deps;
  const watches = new WatchRegistry(options.pollSchedule ? { schedule: options.pollSchedule } : {});
  const budgets = new OrgPollBudgets(options.pollBudget);
  const recent = new RecentVerifications(deps.readJournalSince, options.verificationWindowMinutes);
  const live = { watches, budgets, emit: deps.emit, now, journal };
  const pushActivations = new PushActivations(live);
  const pushVerifications = new PushVerifications({ ...live, recent });
  const parts = { journal, now, recent, pushActivations, pushVerifications };

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
      checkVerification: (input) => checkVerification(parts, input),
      cancelWatch: async ({ watchId }, { clientId }) => {
        // Only the client that started a watch may stop it; anything else is already over as far as it knows.
        if (watches.ownerOf(watchId) === clientId) await watches.stop(watchId, 'cancelled');
        return null;
      },
      getRecentVerification: async ({ userId }) => {
        const { org } = connections.active();
        return { recent: await recent.find(org.id, userId, now()), windowMinutes: recent.windowMinutes };
      },
      resetFactor: (input) => resetFactor(parts, input),
      resetAllFactors: (input) => resetAllFactors(parts, input),
    },
    clientClosed: (clientId) => {
      void watches.clientClosed(clientId);
    },
    close: async () => {
      await watches.close();
      budgets.dispose();
    },
  };
}
