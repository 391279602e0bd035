/** An error answer of the token endpoint, as oidc-provider raised it. */
export interface ProviderError {
  error: string;
  error_description?: string;
  /** oidc-provider's specific reason; it never leaves the server. */
  error_detail?: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

const REFRESH_INVALID = 'The refresh token is invalid or expired.';

/**
 * Okta's wording at `/oauth2/v1/token` for oidc-provider's errors. oidc-provider answers with
 * generic descriptions and keeps the reason in `error_detail`; Okta names the problem (dpop.md,
 * oauth-org-as.yaml's OAuthError examples, self-signed-jwt.md). The first matching row wins.
 */
const ROWS: ReadonlyArray<{ when: (error: ProviderError, grantType: string | undefined) => boolean; answer: OAuthErrorBody }> = [
  { when: (e) => e.error === 'use_dpop_nonce', answer: { error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' } },
  { when: (e) => e.error_detail === 'DPoP proof JWT not provided', answer: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' } },
  { when: (e) => /Replay detected/.test(detailOf(e)), answer: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT has already been used.' } },
  ...(['htu', 'htm', 'iat', 'jti', 'ath'] as const).map((claim) => ({
    when: (e: ProviderError) => e.error === 'invalid_dpop_proof' && new RegExp(`\\b${claim}\\b`).test(detailOf(e)),
    answer: { error: 'invalid_dpop_proof', error_description: `'${claim}' claim in the DPoP proof JWT is invalid.` },
  })),
  { when: (e) => e.error === 'invalid_dpop_proof', answer: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT is invalid.' } },
  // A refresh token bound to another DPoP key fails like any unusable refresh token.
  { when: (e, grant) => e.error === 'invalid_grant' && grant === 'refresh_token', answer: { error: 'invalid_grant', error_description: REFRESH_INVALID } },
  { when: (e) => e.error === 'invalid_grant' && /code_verifier|PKCE/.test(detailOf(e)), answer: { error: 'invalid_grant', error_description: 'PKCE verification failed.' } },
  { when: (e, grant) => e.error === 'invalid_grant' && grant === 'authorization_code', answer: { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' } },
  { when: (e) => e.error === 'invalid_client' && /audience claim/.test(detailOf(e)), answer: { error: 'invalid_client', error_description: 'The audience claim for client_assertion must be the endpoint invoked for the request.' } },
  { when: (e) => e.error === 'invalid_client', answer: { error: 'invalid_client', error_description: 'Client authentication failed. Either the client or the client credentials are invalid.' } },
  { when: (e) => e.error === 'invalid_scope' && /No scopes/.test(detailOf(e)), answer: { error: 'invalid_scope', error_description: 'No scopes were requested.' } },
  { when: (e) => e.error === 'invalid_scope', answer: { error: 'invalid_scope', error_description: 'The requested scope is invalid, unknown, or malformed.' } },
  { when: (e) => e.error === 'unsupported_grant_type', answer: { error: 'unsupported_grant_type', error_description: "The grant type in the request isn't supported." } },
];

function detailOf(error: ProviderError): string {
  return `${error.error_detail ?? ''} ${error.error_description ?? ''}`;
}

/** Okta's error body for an oidc-provider token error; oidc-provider's own when Okta's wording is not known. */
export function oktaTokenError(error: ProviderError, grantType: string | undefined): OAuthErrorBody {
  const row = ROWS.find((candidate) => candidate.when(error, grantType));
  return row ? { ...row.answer } : { error: error.error, error_description: error.error_description ?? error.error };
}
