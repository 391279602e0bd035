import * as oidc from 'openid-client';
import type { FactorDeskError } from '../../../contract/errors';
import { transportFailure } from './org-oauth-config';

/** How a token request ended badly: the network (try later), or Okta's refusal (with its OAuth error and words). */
export type TokenFailure = { kind: 'transport'; error: FactorDeskError } | { kind: 'refused'; error: string; description: string } | { kind: 'other'; detail: string };

/** Short, printable text from Okta (never a token: OAuth errors carry none), for the agent's message. */
function shortText(value: unknown, fallback: string): string {
  const text = typeof value === 'string' ? value.replace(/[^\x20-\x7e]/g, ' ').trim() : '';
  return text ? text.slice(0, 200) : fallback;
}

/** Reads what openid-client threw for a token-endpoint request. */
export function tokenFailure(error: unknown): TokenFailure {
  if (error instanceof oidc.ResponseBodyError) {
    if (error.status >= 500) return { kind: 'other', detail: `Okta had a problem answering (HTTP ${error.status}).` };
    return { kind: 'refused', error: shortText(error.error, 'refused'), description: shortText(error.error_description, 'Okta refused the request.') };
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    return { kind: 'refused', error: shortText(challenge?.parameters.error, 'refused'), description: shortText(challenge?.parameters.error_description, 'Okta refused the request.') };
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return { kind: 'refused', error: shortText(error.error, 'refused'), description: shortText(error.error_description, 'Okta refused the sign-in.') };
  }
  const transport = transportFailure(error);
  if (transport) return { kind: 'transport', error: transport };
  return { kind: 'other', detail: shortText(error instanceof Error ? error.message : String(error), 'unexpected answer') };
}
