import { ref, type Ref } from 'vue';
import type { CodeSent } from '../../../contract';
import { call } from '../bridge';
import type { WorkflowCall } from './useWorkflowCall';

export interface SentCode {
  /** Where the last code went; null before one is sent. */
  sent: Ref<CodeSent | null>;
  /** Earliest resend: from the send itself, or from a SENT_TOO_RECENTLY / RATE_LIMITED answer. */
  resendAt: Ref<string | null>;
  resending: Ref<boolean>;
  /** Record a code the org just sent. */
  accept(code: CodeSent): void;
  /** After a failed send, take the time the org gave for the next one. */
  noteRetryAt(): void;
  resend(): Promise<void>;
}

/** A one-time code sent by SMS, voice call or email (to enroll or to verify), and its resend throttle. */
export function useSentCode(userId: string, purpose: 'enroll' | 'verify', workflow: WorkflowCall): SentCode {
  const sent = ref<CodeSent | null>(null);
  const resendAt = ref<string | null>(null);
  const resending = ref(false);

  function accept(code: CodeSent): void {
    sent.value = code;
    resendAt.value = code.resendAvailableAt;
  }

  function noteRetryAt(): void {
    const retryAt = workflow.failure.value?.retryAt;
    if (retryAt) resendAt.value = retryAt;
  }

  async function resend(): Promise<void> {
    const current = sent.value;
    if (!current) return;
    const ok = await workflow.attempt(resending, async () => accept(await call('resendCode', { userId, factorId: current.factorId, purpose })));
    if (!ok) noteRetryAt();
  }

  return { sent, resendAt, resending, accept, noteRetryAt, resend };
}
