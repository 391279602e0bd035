import type { CallerVerificationInput } from '../../../contract';

/** What the reset dialogs get from CallerVerificationSection: may the reset go ahead, and with what. */
export interface CallerVerificationChoice {
  /** True when the answer is complete (or not needed). */
  ready: boolean;
  /** Sent as `callerVerification`; undefined when none is given (allowed only when the org does not require it). */
  input: CallerVerificationInput | undefined;
}
