import type { RiskAcknowledgement } from '../../../contract';

/** What the reset dialog gets from SecondVerificationSection: complete or not, and what to send. */
export interface SecondVerificationChoice {
  ready: boolean;
  input: RiskAcknowledgement | undefined;
}
