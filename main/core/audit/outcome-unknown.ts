import { FactorDeskError } from '../../../contract/errors';
import type { AuditAction } from './audit-record';

/** The action's request may have reached Okta and nothing could tell whether it took effect: journaled as `unknown`. */
export class OutcomeUnknown extends FactorDeskError {}

const whatMayHaveHappened: Partial<Record<AuditAction, { what: string; action: string }>> = {
  enroll: { what: 'the enrollment started', action: 'Refresh the factor list to see whether the factor is there before enrolling again.' },
  activate: { what: 'the factor was activated', action: 'Refresh the factor list to see its status before trying again.' },
  send_activation_link: { what: 'the activation link was sent', action: 'Ask the caller whether it arrived before sending it again.' },
  resend_code: { what: 'the code was sent again', action: 'Ask the caller whether a new code arrived before sending another.' },
  restart_activation: { what: 'the activation was restarted', action: 'Refresh the factor list, then start the activation again.' },
  verify_start: {
    what: 'the challenge reached the caller. If it was a push, it may be on their phone; FactorDesk cannot follow it and it does not count as verification',
    action: 'Ask the caller to deny any push they did not expect, then send another check.',
  },
  verify_code: { what: 'Okta accepted the code or answer. It does not count as verification', action: 'Check the caller again.' },
  reset_factor: { what: 'the factor was removed, and reading the factors back failed', action: 'Refresh the user to see whether the factor is still there before trying again.' },
  unlock_user: { what: 'the user was unlocked, and reading the user back failed', action: 'Refresh the user to see whether they are still locked out before trying again.' },
  clear_sessions: {
    what: "the user's sessions and tokens were cleared, and the System Log did not show it either",
    action: 'Sign them out everywhere again: it is safe to repeat.',
  },
  issue_tac: {
    what: 'a temporary access code was issued. Okta never shows a code again, so if one was issued nobody can read it',
    action: 'Revoke it, or issue a new code (which replaces it).',
  },
  revoke_tac: { what: 'the temporary access code was deleted', action: 'Open the code dialog again to see whether the user still has one.' },
  reset_all_factors: {
    what: "the user's factors were reset, and reading the factors back failed",
    action: 'Refresh the user to see which factors are left before trying again.',
  },
};

/** Agent-facing words for an action whose outcome cannot be known, keeping what went wrong as the cause. */
export function outcomeUnknown(action: AuditAction, cause?: unknown): OutcomeUnknown {
  const words = whatMayHaveHappened[action] ?? { what: 'the action took effect', action: 'Refresh the user to see the current state before trying again.' };
  const causes = cause instanceof FactorDeskError ? [cause.data.message] : [];
  return new OutcomeUnknown({
    code: 'OUTCOME_UNKNOWN',
    message: `Okta's answer was lost, so FactorDesk cannot tell whether ${words.what}.`,
    action: words.action,
    ...(causes.length > 0 ? { causes } : {}),
  });
}
