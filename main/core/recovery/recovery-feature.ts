import type { recoveryMethods } from '../../../contract/recovery';
import type { ActionJournal } from '../audit';
import type { StepUp } from '../auth/step-up';
import type { RiskGate } from '../risk/risk-gate';
import type { Connections, EmitEvent, Feature } from '../feature-context';
import { OrgPollBudgets, WatchRegistry, type PollBudgetOptions, type PollSchedule } from '../watch';
import { VerificationTimeline, type ReadJournalSince } from '../workflows/verification-timeline';
import { ReenrollmentWatches, reenrollmentSchedule } from './reenrollment-watch';
import { signOutEverywhere } from './sign-out-everywhere';
import { getTacSettings, issueTac, revokeTac } from './temporary-access-code';

export type RecoveryMethodName = keyof typeof recoveryMethods;

export interface RecoveryFeatureDeps {
  connections: Connections;
  emit: EmitEvent;
  now(): Date;
  journal: ActionJournal;
  /** Journal records since a time: the caller verification timeline a code is issued under is replayed from them. */
  readJournalSince: ReadJournalSince;
  stepUp?: StepUp;
  /** The risk card's rule, the same as for resets (a second verification and a reason on a high-risk account). */
  riskGate?: RiskGate;
}

export interface RecoveryOptions {
  /** Minutes a passed check counts as caller verification (the policy's; default 10). */
  verificationWindowMinutes?: number;
  /** The re-enrollment watch's polls (tests shorten them) and how long it lasts. */
  pollSchedule?: PollSchedule;
  pollBudget?: PollBudgetOptions;
  watchMaxDurationMs?: number;
  /** Waits between System Log reads after a lost sign-out answer (tests shorten them). */
  signOutReadBackDelaysMs?: readonly number[];
}

/**
 * After a reset: sign the user out everywhere, issue (or revoke) a Temporary Access Code, and watch
 * for the caller's re-enrollment. Codes are issued under the same caller-verification timeline as
 * resets: this feature follows the journal with a timeline of its own, built from the same records.
 */
export function createRecoveryFeature(deps: RecoveryFeatureDeps, options: RecoveryOptions = {}): Feature<RecoveryMethodName> {
  const { connections, journal, now } = deps;
  const timeline = new VerificationTimeline(deps.readJournalSince, options.verificationWindowMinutes);
  const stopFollowing = journal.onRecord((record) => timeline.note(record));
  const watches = new WatchRegistry({ schedule: options.pollSchedule ?? reenrollmentSchedule });
  const budgets = new OrgPollBudgets(options.pollBudget);
  const reenrollments = new ReenrollmentWatches({ watches, budgets, emit: deps.emit, now, ...(options.watchMaxDurationMs ? { maxDurationMs: options.watchMaxDurationMs } : {}) });
  const signOut = { journal, now, ...(options.signOutReadBackDelaysMs ? { readBackDelaysMs: options.signOutReadBackDelaysMs } : {}) };
  const tac = { connections, journal, timeline, now, ...(deps.stepUp ? { stepUp: deps.stepUp } : {}), ...(deps.riskGate ? { riskGate: deps.riskGate } : {}) };

  return {
    handlers: {
      signOutEverywhere: ({ userId }) => signOutEverywhere(signOut, userId),
      getTacSettings: ({ userId }) => getTacSettings(tac, userId),
      issueTac: (input) => issueTac(tac, input),
      revokeTac: ({ userId }) => revokeTac(tac, userId),
      watchReenrollment: ({ userId, since }, { clientId }) => reenrollments.start(connections.active(), userId, since ? new Date(since) : now(), clientId),
      stopReenrollmentWatch: async ({ watchId }, { clientId }) => {
        if (watches.ownerOf(watchId) === clientId) await watches.stop(watchId, 'cancelled');
        return null;
      },
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
