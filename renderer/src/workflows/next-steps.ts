/**
 * What an agent usually does next after each success, offered in the dialog's success state so one
 * click (or Enter) opens the next dialog for the same user: verified → reset, enroll or a temporary
 * access code; enrolled → test it now; reset → enroll a new factor or a temporary access code;
 * unlocked → check the caller's factor works. A new action that follows a success is one entry in
 * `nextSteps`.
 */
import type { FactorSummary, UserSummary } from '../../../contract';
import { canVerifyWith, factorName } from './format';
import { EnrollDialog, ResetDialog, TacDialog, VerifyDialog } from './lazy-dialogs';
import { useWorkflowDialogsStore } from './workflow-dialogs-store';

/** The successes that have a next step. */
export type OutcomeKind = 'verified' | 'enrolled' | 'reset' | 'unlocked';

export interface NextStepContext {
  user: UserSummary;
  /** The user's factors as listed now. */
  factors: FactorSummary[];
  /** The factor the success was about: verified with, enrolled, or reset (null: all of them). */
  factor: FactorSummary | null;
}

export interface NextStepChoice {
  key: string;
  label: string;
  open(): void;
}

export interface NextStep {
  id: string;
  label(context: NextStepContext): string;
  /** Offered only when this holds (default: always). */
  available?(context: NextStepContext): boolean;
  /** A step with several targets (which factor to reset) opens a menu of these. */
  choices?(context: NextStepContext): NextStepChoice[];
  /** A step with one target opens it. */
  open?(context: NextStepContext): void;
  /** Shown destructive (red), for resets. */
  danger?: boolean;
}

const dialogs = () => useWorkflowDialogsStore();

const resetOne: NextStep = {
  id: 'reset-factor',
  label: () => 'Reset a factor',
  danger: true,
  available: ({ factors }) => factors.length > 0,
  choices: ({ factors }) => [
    ...factors.map((factor) => ({ key: factor.id, label: factorName(factor), open: () => dialogs().show(ResetDialog, { factor }) })),
    ...(factors.length > 1 ? [{ key: 'all', label: `All ${factors.length} factors`, open: () => dialogs().show(ResetDialog, { factor: null }) }] : []),
  ],
};

const enrollNew: NextStep = {
  id: 'enroll',
  label: () => 'Enroll a new factor',
  open: () => dialogs().show(EnrollDialog, {}),
};

const testNow: NextStep = {
  id: 'test-now',
  label: ({ factor }) => (factor?.factorType === 'push' ? 'Send a test push now' : factor?.factorType === 'question' ? 'Check the answer now' : 'Check a code now'),
  available: ({ factor }) => factor !== null && canVerifyWith(factor),
  open: ({ factor }) => dialogs().show(VerifyDialog, { initialFactorId: factor?.id ?? null }),
};

/** After an unlock: check that the caller's factors still work (no factor: enroll one). */
const verifyCaller: NextStep = {
  id: 'verify',
  label: () => 'Verify the caller',
  available: ({ factors }) => factors.some(canVerifyWith),
  open: () => dialogs().show(VerifyDialog, { initialFactorId: null }),
};

/** A caller who has lost every factor signs in with it and enrolls again; the dialog says when the org has none. */
const issueTac: NextStep = {
  id: 'issue-tac',
  label: () => 'Issue a temporary access code',
  open: () => dialogs().show(TacDialog, {}),
};

export const nextSteps: Record<OutcomeKind, NextStep[]> = {
  verified: [resetOne, enrollNew, issueTac],
  enrolled: [testNow],
  reset: [enrollNew, issueTac],
  unlocked: [verifyCaller, enrollNew],
};

/** The steps to offer after `outcome`, in order. */
export function nextStepsFor(outcome: OutcomeKind, context: NextStepContext): NextStep[] {
  return nextSteps[outcome].filter((step) => step.available?.(context) ?? true);
}
