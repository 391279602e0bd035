import { FactorDeskError, type BridgeErrorData } from '../../../contract/errors';
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

export function callerVerificationMissing(): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message: 'This org requires saying how the caller was verified before a reset.',
    action: 'Send a test push or check a code first, or pick how you verified the caller and enter the ticket reference.',
    causes: ['callerVerification: required by the org setting'],
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
