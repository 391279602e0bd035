import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FactorSummary } from '../../../../contract';

/** Which workflow screen is open. Row buttons and header buttons open them; WorkflowActions hosts them. */
export type WorkflowDialog =
  | { kind: 'enroll' }
  | { kind: 'verify'; factorId: string | null }
  /** The factor itself, not its id: the dialog must outlive the factor's row, which the reset removes. */
  | { kind: 'reset-factor'; factor: FactorSummary }
  | { kind: 'reset-all' };

export const useWorkflowDialogsStore = defineStore('workflowDialogs', () => {
  const open = ref<WorkflowDialog | null>(null);

  function openEnroll(): void {
    open.value = { kind: 'enroll' };
  }
  /** Verify the caller, optionally with a factor already chosen (the row's "Test" button). */
  function openVerify(factorId: string | null = null): void {
    open.value = { kind: 'verify', factorId };
  }
  function openResetFactor(factor: FactorSummary): void {
    open.value = { kind: 'reset-factor', factor };
  }
  function openResetAll(): void {
    open.value = { kind: 'reset-all' };
  }
  function close(): void {
    open.value = null;
  }

  return { open, openEnroll, openVerify, openResetFactor, openResetAll, close };
});
