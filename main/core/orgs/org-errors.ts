import { FactorDeskError, type KeychainStatus } from '../../../contract';
import type { SavedOrg } from '../settings/settings-schema';

export function noSuchOrg(id: string): FactorDeskError {
  return new FactorDeskError({
    code: 'NOT_FOUND',
    message: `There is no saved org with id "${id.slice(0, 100)}".`,
    action: 'Pick an org from the list; it may have been removed in another window.',
  });
}

export function noOrgSelected(): FactorDeskError {
  return new FactorDeskError({
    code: 'NOT_CONNECTED',
    message: 'No org is selected.',
    action: 'Choose an org, add one, or start the sandbox org.',
  });
}

/** The org has no token FactorDesk can use; `action` says how to give it one. */
export function noToken(org: Pick<SavedOrg, 'name'>, action = 'Edit the org and paste its API token.'): FactorDeskError {
  return new FactorDeskError({ code: 'NOT_CONNECTED', message: `FactorDesk has no API token for ${org.name}.`, action });
}

/**
 * A saved secret (API token, sign-in, key) belongs to another address than the org's saved one
 * (settings.json edited, a profile restored from elsewhere), or was saved without its address: it
 * is not used.
 */
export function secretSavedForAnotherAddress(org: Pick<SavedOrg, 'name' | 'url'>, what: string, unbound: boolean): FactorDeskError {
  const why = unbound
    ? 'was saved without the org address it belongs to (by an earlier FactorDesk)'
    : 'was saved for another org address';
  const again = what === 'API token' ? 'paste its API token again' : what === 'sign-in' ? 'sign in again' : 'connect it again';
  return new FactorDeskError({
    code: 'TOKEN_ORIGIN_MISMATCH',
    message: `The saved ${what} for ${org.name} ${why}, so FactorDesk does not send it to ${org.url}.`,
    action: `Edit the org, check its address, and ${again}. If nobody here changed the address, tell your security team: the settings file may have been edited outside FactorDesk.`,
  });
}

export function newOrgNeedsToken(): FactorDeskError {
  return new FactorDeskError({
    code: 'VALIDATION',
    message: 'A new org needs its API token.',
    action: 'Paste an API token created in the Okta Admin Console (Security → API → Tokens).',
  });
}

/** The stored token belongs to the old address; it is never sent anywhere else. */
export function urlChangedNeedsToken(): FactorDeskError {
  return new FactorDeskError({
    code: 'VALIDATION',
    message: 'The org URL changed, or its custom domain did, so the saved token cannot be used with it.',
    action: 'Paste the API token again: FactorDesk sends it only to the addresses it was saved for.',
  });
}

export function savedTokenStaysWithItsUrl(): FactorDeskError {
  return new FactorDeskError({
    code: 'VALIDATION',
    message: 'The saved token belongs to the saved org URL and is not sent anywhere else.',
    action: 'Paste the API token for the new org URL to test it.',
  });
}

export function testNeedsUrlAndToken(): FactorDeskError {
  return new FactorDeskError({
    code: 'VALIDATION',
    message: 'Testing a connection needs the org URL and an API token.',
    action: 'Fill in both, then test again.',
  });
}

export function keychainUnavailable(status: KeychainStatus): FactorDeskError {
  return new FactorDeskError({
    code: 'KEYCHAIN_UNAVAILABLE',
    message: status.detail ?? 'The system keychain is not available.',
    action: 'Choose "This session only": the token is then kept in memory until FactorDesk quits, never on disk.',
  });
}
