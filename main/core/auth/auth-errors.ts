import { FactorDeskError } from '../../../contract/errors';
import { connectionMethodLabels, type ConnectionMethod } from '../../../contract/connection-methods';

/** Nobody is signed in to an org connected with "Sign in with Okta", or the sign-in has ended. */
export function signInRequired(org: { name: string }, why = 'Nobody is signed in to it in FactorDesk.'): FactorDeskError {
  return new FactorDeskError({ code: 'SIGN_IN_REQUIRED', message: `Sign in with Okta to work in ${org.name}. ${why}`, action: 'Sign in with Okta.' });
}

/** The refresh token was refused: the sign-in is over (expired, revoked, or used twice). */
export function signInEnded(org: { name: string }): FactorDeskError {
  return signInRequired(
    org,
    'Okta ended your sign-in (it expired, was revoked or signed out, or Okta saw its refresh token used twice and revoked it to be safe).',
  );
}

/** Sign-in only applies to orgs connected with "Sign in with Okta". */
export function notASignInOrg(org: { name: string }, method: ConnectionMethod): FactorDeskError {
  return new FactorDeskError({
    code: 'VALIDATION',
    message: `${org.name} is connected with "${connectionMethodLabels[method]}", so there is nobody to sign in.`,
    action: 'Edit the org and choose "Sign in with Okta" to have agents sign in as themselves.',
  });
}

/** Okta did not complete the sign-in (the token endpoint refused, or the browser came back with an error). */
export function signInFailed(detail: string, action = 'Sign in again. If it keeps failing, ask your Okta administrator to check the FactorDesk app.'): FactorDeskError {
  return new FactorDeskError({ code: 'SIGN_IN_REQUIRED', message: `The sign-in did not complete: ${detail}`, action });
}
