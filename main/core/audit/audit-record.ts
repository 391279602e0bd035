import type { CallerVerificationRecord } from '../../../contract/workflows';

/** What an agent did to (or asked of) a user. One record per action that changes or challenges a user. */
export type AuditAction =
  | 'enroll'
  | 'activate'
  | 'send_activation_link'
  | 'resend_code'
  | 'restart_activation'
  | 'activation_watch'
  | 'verify_start'
  | 'verify_push'
  | 'verify_code'
  | 'reset_factor'
  | 'reset_all_factors';

export type AuditOutcome =
  | 'success'
  | 'failure'
  | 'rejected'
  | 'timeout'
  | 'cancelled'
  | 'sent'
  | 'pending';

/**
 * How far a failed action got: `refused` by FactorDesk's own checks (nothing sent to Okta),
 * `before_okta` when something it needed first failed (the factor was gone, the network was down),
 * `at_okta` when its own request to Okta failed or its answer could not be used.
 */
export type AuditFailureStage = 'refused' | 'before_okta' | 'at_okta';

/**
 * One journal line. Deliberately holds no secrets: never the API token, a passcode, an answer,
 * or a TOTP shared secret — only who did what to whom, and how it ended.
 */
export interface AuditRecord {
  /** Unique id (time-ordered prefix + random), quoted back to the UI as `auditId`. */
  id: string;
  /** ISO time the action ended. */
  time: string;
  /** The agent's OS user. */
  agent: string;
  orgId: string;
  orgUrl: string;
  userId: string;
  userLogin: string | null;
  factorId?: string;
  factorType?: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** Short, non-secret detail, e.g. "sms to +1•••0123" or the error message shown to the agent. */
  detail?: string;
  oktaErrorCode?: string;
  oktaErrorId?: string;
  /** Our error code (WRONG_CODE, NOT_FOUND, ...) when the action failed. */
  errorCode?: string;
  /** Set on failures of journaled actions: how far the action got. */
  stage?: AuditFailureStage;
  callerVerification?: CallerVerificationRecord;
}

/** What callers supply; the journal adds id, time and agent. */
export type AuditEntry = Omit<AuditRecord, 'id' | 'time' | 'agent'>;
