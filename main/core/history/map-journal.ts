import type { JsonValue, TimelineEntry, TimelineKind, TimelineOutcome } from '../../../contract/history';
import type { AuditRecord } from '../audit';
import type { CallerVerificationRecord } from '../../../contract/workflows';
import { whereDescription, type FactorDirectory } from './factor-directory';
import { factorLabel } from '../factors/factor-labels';

const outcomes: Record<AuditRecord['outcome'], TimelineOutcome> = {
  success: 'success',
  failure: 'failure',
  rejected: 'denied',
  timeout: 'timeout',
  cancelled: 'cancelled',
  sent: 'success',
  pending: 'pending',
  unknown: 'unknown',
  // Attempts are folded into their outcomes before mapping (outcomesOf); one on its own is only information.
  attempt: 'info',
};

function verificationWords(verification: CallerVerificationRecord | undefined): string {
  if (!verification) return '';
  if (verification.method === 'not_required') return '';
  if (verification.automatic) return verification.method === 'test_push' ? '; caller verified by a test push' : '; caller verified by a code check';
  return `; caller verified by ${verification.method.replaceAll('_', ' ')} (ticket ${verification.ticket})`;
}

const detailWords = (record: AuditRecord): string => (record.detail ? ` (${record.detail})` : '');

/** An action whose outcome nobody could tell: it keeps its kind (it may have happened), in words that say so. */
function unknownOutcome(record: AuditRecord, label: string): { kind: TimelineKind; summary: string } {
  const detail = detailWords(record);
  switch (record.action) {
    case 'reset_factor':
      return { kind: 'reset', summary: `Helpdesk tried to reset ${label}; whether it was removed is unknown${detail}` };
    case 'reset_all_factors':
      return { kind: 'reset_all', summary: `Helpdesk tried to reset all factors; whether they were removed is unknown${detail}` };
    case 'verify_start':
      return { kind: 'challenged', summary: `Helpdesk started a check with ${label}; whether it reached the caller is unknown${detail}` };
    case 'verify_code':
      return { kind: 'challenged', summary: `Caller's ${label} check has no known result, so it does not count${detail}` };
    case 'enroll':
      return { kind: 'enrolled', summary: `Helpdesk tried to enroll ${label}; whether it started is unknown${detail}` };
    case 'clear_sessions':
      return { kind: 'updated', summary: `Helpdesk tried to sign the user out everywhere; whether their sessions ended is unknown${detail}` };
    case 'issue_tac':
      return { kind: 'updated', summary: `Helpdesk tried to issue a temporary access code; whether one was issued is unknown${detail}` };
    default:
      return { kind: 'updated', summary: `Helpdesk: ${record.action.replaceAll('_', ' ')} of ${label}, outcome unknown${detail}` };
  }
}

/** Kind and sentence for one journal record; failures keep the action's kind only when nothing happened at Okta. */
function describe(record: AuditRecord, label: string, where: string): { kind: TimelineKind; summary: string } {
  const failed = record.outcome === 'failure';
  const failure = (what: string): { kind: TimelineKind; summary: string } => ({ kind: 'failed', summary: `${what} failed${detailWords(record)}` });
  if (record.outcome === 'unknown') return unknownOutcome(record, label);
  switch (record.action) {
    case 'enroll':
      if (failed) return failure(`Enrolling ${label}`);
      return record.outcome === 'pending'
        ? { kind: 'enrolled', summary: `Helpdesk started enrolling ${label}${detailWords(record)}` }
        : { kind: 'enrolled', summary: `Helpdesk enrolled ${label}${detailWords(record)}` };
    case 'activate':
      // Push activations are journaled by the watch that saw the phone scan the QR code.
      if (record.outcome === 'timeout') return { kind: 'timeout', summary: `${label} activation expired before it was completed` };
      if (record.outcome === 'cancelled') return { kind: 'cancelled', summary: `Helpdesk stopped waiting for the ${label} activation` };
      if (failed) return failure(`Activating ${label}`);
      if (record.factorType === 'push') {
        return where
          ? { kind: 'activated', summary: `${label}${where} activated, seen by the helpdesk` }
          : { kind: 'activated', summary: `${label} activation seen by the helpdesk${detailWords(record)}` };
      }
      // A detail on a code activation says the factor was already active, so nothing was sent.
      return record.detail
        ? { kind: 'updated', summary: `${label} was already active when the helpdesk entered the caller's code${detailWords(record)}` }
        : { kind: 'activated', summary: `Helpdesk activated ${label} with the caller's code` };
    case 'send_activation_link':
      return failed ? failure('Sending the activation link') : { kind: 'sent', summary: `Helpdesk sent the Okta Verify activation link${detailWords(record)}` };
    case 'resend_code':
      return failed ? failure(`Resending the ${label} code`) : { kind: 'sent', summary: `Helpdesk sent the ${label} code again${detailWords(record)}` };
    case 'restart_activation':
      return failed ? failure('Restarting the activation') : { kind: 'updated', summary: `Helpdesk restarted the ${label} activation (new QR code)` };
    case 'activation_watch':
      if (record.outcome === 'timeout') return { kind: 'timeout', summary: `${label} activation expired before the phone scanned the QR code` };
      if (record.outcome === 'cancelled') return { kind: 'cancelled', summary: `Helpdesk stopped waiting for the ${label} activation` };
      return failed ? failure(`Watching the ${label} activation`) : { kind: 'activated', summary: `${label}${where} activated on the phone while the helpdesk waited` };
    case 'verify_start':
      return failed ? failure(`Starting a check with ${label}`) : { kind: 'challenged', summary: `Helpdesk started a check with ${label}${detailWords(record)}` };
    case 'verify_push':
      if (record.outcome === 'rejected') return { kind: 'denied', summary: 'Test push denied on the phone' };
      if (record.outcome === 'timeout') return { kind: 'timeout', summary: 'Test push not answered in time' };
      if (record.outcome === 'cancelled') return { kind: 'cancelled', summary: `Test push stopped before the caller answered${detailWords(record)}` };
      return failed ? failure('Test push') : { kind: 'verified', summary: 'Test push approved on the phone: caller verified' };
    case 'verify_code': {
      // The factor says which it was: a question has an answer, everything else a code.
      const given = record.factorType === 'question' ? 'security answer' : `${label.replace(/ \(code\)$/, '')} code`;
      // Okta's "wrong passcode or answer" (E0000068, WRONG_CODE here); any other failure (throttle, outage) says nothing about the caller.
      if (failed && record.errorCode !== 'WRONG_CODE') return failure(`Checking the caller's ${given}`);
      return failed ? { kind: 'failed', summary: `Caller gave a wrong ${given}` } : { kind: 'verified', summary: `Caller's ${given} checked: correct` };
    }
    case 'reset_factor':
      return failed
        ? failure(`Resetting ${label}`)
        : { kind: 'reset', summary: `${label} reset by the helpdesk (agent: ${record.agent})${verificationWords(record.callerVerification)}${detailWords(record)}` };
    case 'reset_all_factors':
      return failed
        ? failure('Resetting all factors')
        : { kind: 'reset_all', summary: `All factors reset by the helpdesk (agent: ${record.agent})${verificationWords(record.callerVerification)}` };
    case 'end_call':
      return { kind: 'updated', summary: `Helpdesk ended the call: the caller's passed check no longer counts${detailWords(record)}` };
    case 'unlock_user':
      return failed ? failure('Unlocking the account') : { kind: 'unlocked', summary: `Account unlocked by the helpdesk (agent: ${record.agent})` };
    case 'clear_sessions':
      return failed
        ? failure('Signing the user out everywhere')
        : { kind: 'updated', summary: `Helpdesk signed the user out everywhere (agent: ${record.agent})${detailWords(record)}` };
    case 'issue_tac':
      // Only that a code was issued, for how long and until when, and by whom: never the code.
      return failed
        ? failure('Issuing a temporary access code')
        : { kind: 'updated', summary: `Temporary access code issued by the helpdesk (agent: ${record.agent})${verificationWords(record.callerVerification)}${detailWords(record)}` };
    case 'send_enrollment_email':
      return failed
        ? failure('Emailing an enrollment link')
        : { kind: 'updated', summary: `Enrollment link emailed by the helpdesk (agent: ${record.agent})${detailWords(record)}` };
    case 'revoke_tac':
      return failed ? failure('Revoking the temporary access code') : { kind: 'updated', summary: `Temporary access code revoked by the helpdesk (agent: ${record.agent})${detailWords(record)}` };
    default:
      return { kind: failed ? 'failed' : 'updated', summary: `Helpdesk: ${String(record.action).replaceAll('_', ' ')}${detailWords(record)}` };
  }
}

/** A bulk job's row says which job, which row, and the job's ticket and reason, so it reads as part of that job. */
function bulkWords(record: AuditRecord): string {
  const job = record.bulkJob;
  if (!job) return '';
  return ` (bulk job ${job.jobId}, row ${job.row}${job.ticket ? `, ticket ${job.ticket}` : ''}${job.reason ? `: ${job.reason}` : ''})`;
}

/** What an agent did through FactorDesk, from the audit journal. */
export function mapJournalRecord(record: AuditRecord, directory: FactorDirectory): TimelineEntry {
  const known = directory.get(record.factorId ?? null);
  const factorType = record.factorType ?? known?.factorType ?? null;
  const label = known?.label ?? (factorType ? factorLabel(factorType, '') : 'the factor');
  const { kind, summary } = describe(record, label, whereDescription(known));
  const userWide = ['reset_all_factors', 'end_call', 'clear_sessions', 'issue_tac', 'revoke_tac', 'send_enrollment_email', 'unlock_user'].includes(record.action);
  return {
    id: `jr:${record.id}`,
    at: record.time,
    source: 'journal',
    factorId: userWide ? null : (record.factorId ?? null),
    factorType: userWide ? null : factorType,
    factorLabel: userWide || !factorType ? null : label,
    kind,
    summary: `${summary}${bulkWords(record)}`,
    actor: { kind: 'helpdesk', name: `helpdesk (agent: ${record.agent}${record.actingAs ? `, as ${record.actingAs} in Okta` : ''})`, id: record.agent },
    outcome: outcomes[record.outcome] ?? 'info',
    statusAfter: null,
    raw: record as unknown as JsonValue,
  };
}
