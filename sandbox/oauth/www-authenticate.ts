import { ChallengeError, OktaError } from '../errors';
import type { CredentialScheme } from '../principals/principal';
import { DPOP_ALGORITHMS } from './dpop-algorithms';

/** What a challenge says about the request it refuses. */
export interface ChallengeDetails {
  /** The scope the endpoint needs (Okta prints it even when the token has it). */
  scope?: string;
  error: 'invalid_token' | 'invalid_request' | 'invalid_dpop_proof' | 'insufficient_scope' | 'use_dpop_nonce';
  description: string;
  /** The path called (`/api/v1/users`), as Okta prints it in `resource`. */
  resource: string;
}

/**
 * `WWW-Authenticate` as Okta's resource server writes it:
 * `DPoP algs="RS256 … ES512", authorization_uri="http://{org}/oauth2/v1/authorize", realm="http://{org}", scope="…", error="…", error_description="…", resource="/api/v1/…"`.
 * Okta prints `http://` in `realm` and `authorization_uri` even for its https orgs (every sample
 * seen), so the sandbox does too; clients must not rely on those two.
 */
export function challengeHeader(scheme: 'Bearer' | 'DPoP', orgOrigin: string, details: ChallengeDetails): string {
  const host = new URL(orgOrigin).host;
  const parts: string[] = [];
  if (scheme === 'DPoP') parts.push(`algs="${DPOP_ALGORITHMS.join(' ')}"`);
  parts.push(`authorization_uri="http://${host}/oauth2/v1/authorize"`, `realm="http://${host}"`);
  if (details.scope) parts.push(`scope="${details.scope}"`);
  parts.push(`error="${details.error}"`, `error_description="${details.description}"`, `resource="${details.resource}"`);
  return `${scheme} ${parts.join(', ')}`;
}

/** The challenge scheme for an answer: the one the caller used, except SSWS callers, who never get one. */
export function challengeScheme(scheme: CredentialScheme): 'Bearer' | 'DPoP' {
  return scheme === 'DPoP' ? 'DPoP' : 'Bearer';
}

/** 401 with E0000011 and an `invalid_token` challenge: unknown, expired, revoked or unbound access tokens. */
export function invalidToken(scheme: 'Bearer' | 'DPoP', orgOrigin: string, resource: string, scope: string | undefined, description = 'The access token is invalid.'): ChallengeError {
  return new ChallengeError(401, { 'WWW-Authenticate': challengeHeader(scheme, orgOrigin, { scope, error: 'invalid_token', description, resource }) }, new OktaError('E0000011'));
}

/** 400 with the challenge alone (no body), as Okta answers DPoP proof problems. */
export function invalidDpopProof(orgOrigin: string, resource: string, scope: string | undefined, description: string): ChallengeError {
  return new ChallengeError(400, { 'WWW-Authenticate': challengeHeader('DPoP', orgOrigin, { scope, error: 'invalid_dpop_proof', description, resource }) }, null);
}

/** 403 with an `insufficient_scope` challenge naming the scope the endpoint needs, and E0000006. */
export function insufficientScope(scheme: 'Bearer' | 'DPoP', orgOrigin: string, resource: string, scope: string): ChallengeError {
  return new ChallengeError(
    403,
    { 'WWW-Authenticate': challengeHeader(scheme, orgOrigin, { scope, error: 'insufficient_scope', description: 'The access token provided does not contain the required scopes.', resource }) },
    new OktaError('E0000006'),
  );
}
