import type { RiskCheckRecord } from '../../../contract/risk';
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
  | 'reset_all_factors'
  /** The user's Okta sessions ended (DELETE /users/{id}/sessions): a bulk job, or "sign them out everywhere" after a reset. */
  | 'clear_sessions'
  /** A Temporary Access Code issued (never the code: only that one was issued, its expiry, by whom). */
  | 'issue_tac'
  /** The user's Temporary Access Code deleted. */
  | 'revoke_tac'
  /** Bulk jobs: a LOCKED_OUT user unlocked. */
  | 'unlock_user'
  /** Bulk jobs: Okta Verify enrolled and its activation link emailed to the user. */
  | 'send_enrollment_email'
  /** The agent ended the call: the caller's passed check stops counting. Changes nothing at Okta. */
  | 'end_call';

export type AuditOutcome =
  | 'success'
  | 'failure'
  | 'rejected'
  | 'timeout'
  | 'cancelled'
  | 'sent'
  | 'pending'
  /** The request may have reached Okta and its answer was lost, and reading the state back could not tell. */
  | 'unknown';

/**
 * What a journal line records: an action's outcome, or, for high-risk actions, the `attempt` written
 * (and flushed) before their request goes to Okta. Its outcome names it by `attemptId`; an attempt
 * that never got one (FactorDesk stopped in between) reads back as `unknown` (see attempt-pairs.ts).
 */
export type AuditRecordOutcome = AuditOutcome | 'attempt';

/**
 * How far a failed action got: `refused` by FactorDesk's own checks (nothing sent to Okta),
 * `before_okta` when something it needed first failed (the factor was gone, the network was down)
 * or its own request provably never left, `at_okta` when Okta refused its own request or its
 * answer could not be used.
 */
export type AuditFailureStage = 'refused' | 'before_okta' | 'at_okta';

/**
 * One journal line. Deliberately holds no secrets: never the API token, a passcode, an answer,
 * or a TOTP shared secret — only who did what to whom, and how it ended.
 */
export interface AuditRecord {
  /** Unique id (time-ordered prefix + random), quoted back to the UI as `auditId`. */
  id: string;
  /** ISO time the action ended (for an attempt: the moment before its request went out). */
  time: string;
  /** The agent's OS user. */
  agent: string;
  /** Who Okta saw act (its System Log's actor): the signed-in agent's login, or the service app. Absent for API tokens. */
  actingAs?: string;
  orgId: string;
  orgUrl: string;
  userId: string;
  userLogin: string | null;
  factorId?: string;
  factorType?: string;
  action: AuditAction;
  outcome: AuditRecordOutcome;
  /** On the outcome of a high-risk action: the id of the `attempt` record written before its request. */
  attemptId?: string;
  /** Short, non-secret detail, e.g. "sms to +1•••0123" or the error message shown to the agent. */
  detail?: string;
  oktaErrorCode?: string;
  oktaErrorId?: string;
  /** Our error code (WRONG_CODE, NOT_FOUND, ...) when the action failed. */
  errorCode?: string;
  /** Set on failures of journaled actions: how far the action got. */
  stage?: AuditFailureStage;
  callerVerification?: CallerVerificationRecord;
  /** Resets: the risk card they were done under, and on a high-risk account the second method and the reason. */
  riskCheck?: RiskCheckRecord;
  /** Set when the action was one row of a bulk job: which job, which row, and the job's ticket and reason. */
  bulkJob?: BulkJobReference;
}

export interface BulkJobReference {
  jobId: string;
  /** The row's position in the job's input (1 = first row). */
  row: number;
  ticket?: string;
  reason?: string;
}

/** What callers supply; the journal adds id, time and agent. */
export type AuditEntry = Omit<AuditRecord, 'id' | 'time' | 'agent'>;
