import { FactorDeskError, type BridgeErrorData } from '../../../contract/errors';
import type { FailedCheck, FailedCheckReason } from '../../../contract/workflows';
import { Refusal } from '../audit';

// Refusals are FactorDesk's own checks saying no before anything is sent to Okta; the journal records them as `refused`.

export function notEnrollableHere(factorType: string): Refusal {
  return new Refusal({
    code: 'VALIDATION',
    message: `FactorDesk cannot do this for a "${factorType}" factor.`,
    action: 'Use the Okta Admin Console for this factor type.',
  });
}

export function wrongFactorType(expected: string, actual: string): Refusal {
  return new Refusal({
    code: 'VALIDATION',
    message: `This is a "${actual}" factor; this step is for ${expected} factors.`,
    action: 'Refresh the factor list and pick the right factor.',
  });
}

/** No verification given where one is required: by this org's own setting, or by the desk's policy. */
export function callerVerificationMissing(setBy: 'org' | 'policy'): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message:
      setBy === 'policy'
        ? "Your organization's policy requires saying how the caller was verified before a reset."
        : 'This org requires saying how the caller was verified before a reset.',
    action: 'Send a test push or check a code first, or pick how you verified the caller and enter the ticket reference.',
    causes: [`callerVerification: required by ${setBy === 'policy' ? 'the desk policy' : 'the org setting'}`],
  });
}

export function noRecentVerification(windowMinutes: number): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message: `No test push or code check passed for this user in the last ${windowMinutes} minutes.`,
    action: 'Verify the caller again (test push or code), or pick another verification method and enter the ticket reference.',
    causes: ['callerVerification: no recent passed check'],
  });
}

const failedCheckWords: Record<FailedCheckReason, string> = {
  denied: 'a test push was denied on the phone',
  timed_out: 'a test push was not answered in time',
  cancelled: 'a test push was cancelled before the caller answered',
  not_followed: 'a test push was withdrawn before the caller answered (FactorDesk lost track of it)',
  wrong_code: 'the caller gave a wrong code',
  wrong_answer: 'the caller gave a wrong answer',
  no_known_result: "a check had no known result (Okta's answer was lost)",
};

/** "a test push was denied on the phone at 10:42": which check failed and when, in the agent's local time. */
export function describeFailedCheck(check: FailedCheck): string {
  const at = new Date(check.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${failedCheckWords[check.reason]} at ${at}`;
}

/** The agent offered the recent check, but a later check failed: the pass is void. */
export function passVoided(check: FailedCheck): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message: `The caller's earlier check no longer counts: ${describeFailedCheck(check)}.`,
    action: 'Verify the caller another way (manager callback, ID check, ...) and record it with the ticket reference.',
    causes: ['callerVerification: the recent check was voided by a later failed check'],
  });
}

/** A check failed for this user: a reset needs a recorded manual verification, whatever the org's setting. */
export function manualVerificationNeeded(check: FailedCheck): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message: `A check of this caller failed (${describeFailedCheck(check)}), so a reset needs a recorded verification.`,
    action: 'Verify the caller another way (manager callback, ID check, ...) and record it with the ticket reference.',
    causes: ['callerVerification: required after a failed check'],
  });
}

export function confirmLoginMismatch(): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message: "The confirmation does not match the user's login, so nothing was reset.",
    action: "Type the user's login exactly as shown to confirm resetting all factors.",
    causes: ['confirmLogin: does not match'],
  });
}

export function verificationFailed(result: string): FactorDeskError {
  return new FactorDeskError({
    code: 'WRONG_CODE',
    message: `Okta did not accept it (${result}).`,
    action: 'Ask the caller for the code or answer again and re-enter it.',
  });
}

export function activationNotPending(): Refusal {
  return new Refusal({
    code: 'ACTIVATION_EXPIRED',
    message: 'This factor is not waiting for activation any more.',
    action: 'Refresh the factor list; if it is not active, reset it and enroll again.',
  });
}

export function factorNotActive(): Refusal {
  return new Refusal({
    code: 'VALIDATION',
    message: 'This factor is not active yet, so it cannot be used to verify the caller.',
    action: 'Finish its activation first, or verify with another factor.',
  });
}

export function callerResponseMissing(wantsAnswer: boolean): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message: wantsAnswer ? 'This factor is a security question: enter the answer.' : 'Enter the code the caller reads out.',
    causes: [wantsAnswer ? 'answer: required' : 'passCode: required'],
  });
}

export function channelNotOffered(channel: 'sms' | 'email'): Refusal {
  return new Refusal({
    code: 'VALIDATION',
    message: `Okta does not offer sending the activation link by ${channel} for this factor.`,
    action: 'Show the QR code instead, or use the other channel.',
  });
}

export function badOktaAnswer(what: string): FactorDeskError {
  return new FactorDeskError({
    code: 'BAD_RESPONSE',
    message: `Okta's answer did not include ${what}.`,
    action: 'Refresh the factor list and try again.',
  });
}

/**
 * What a live watch reports while a failed poll is being retried (WAITING with this error): the
 * original problem's code and words are kept as the cause, so the agent sees why without alarm.
 */
export function pollRetrying(cause: FactorDeskError, consecutiveFailures: number): BridgeErrorData {
  const data: BridgeErrorData = {
    code: cause.data.code,
    message: 'FactorDesk is having trouble reaching Okta and keeps retrying.',
    action: 'Nothing to do yet: the live status carries on by itself when Okta answers again, and says so if it has to stop.',
    causes: [`${cause.data.message} (failed ${consecutiveFailures} ${consecutiveFailures === 1 ? 'time' : 'times'} in a row)`],
  };
  if (cause.data.httpStatus !== undefined) data.httpStatus = cause.data.httpStatus;
  if (cause.data.retryAt !== undefined) data.retryAt = cause.data.retryAt;
  if (cause.data.oktaErrorId !== undefined) data.oktaErrorId = cause.data.oktaErrorId;
  return data;
}

/**
 * A push watch gave up before Okta's final answer (polls kept failing): the original problem as the
 * cause, and whether FactorDesk withdrew the push so the caller can no longer approve it.
 */
export function lostTrackOfPush(cause: FactorDeskError | undefined, withdrawn: boolean): BridgeErrorData {
  const data: BridgeErrorData = {
    code: cause?.data.code ?? 'INTERNAL',
    message: withdrawn
      ? 'FactorDesk lost track of the test push, so it withdrew it at Okta: the caller can no longer approve it.'
      : 'FactorDesk lost track of the test push and could not withdraw it: if the caller approves it now, it does not count.',
    action: 'Send another test push when Okta can be reached again.',
  };
  if (cause) data.causes = [cause.data.message];
  if (cause?.data.httpStatus !== undefined) data.httpStatus = cause.data.httpStatus;
  if (cause?.data.oktaErrorId !== undefined) data.oktaErrorId = cause.data.oktaErrorId;
  return data;
}

/**
 * Okta sent the test push but its answer had no link FactorDesk may follow (missing, or refused as
 * not this factor's push transaction): it can neither watch nor withdraw it.
 */
export function pushNotFollowable(cause: FactorDeskError): FactorDeskError {
  return new FactorDeskError({
    code: cause.data.code,
    message: "Okta sent the test push, but its answer gave no link FactorDesk may follow, so it could neither watch nor withdraw it: if the caller approves it, it does not count.",
    action: 'Ask the caller to deny the push, then verify them another way or send another test push. If it keeps happening, report it to your Okta administrator.',
    causes: [cause.data.message],
  });
}
