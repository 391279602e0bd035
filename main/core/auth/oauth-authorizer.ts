import type { OktaAuthorizer } from '../okta/authorizer';
import { parseChallenge } from '../okta/www-authenticate';
import type { TokenSource } from './agent-session';

/**
 * Authorizes Okta API requests with an OAuth 2.0 access token: `Authorization: DPoP <token>` and
 * a fresh proof per attempt (or `Bearer` for an app that does not require DPoP). Follows Okta's
 * answers: a `use_dpop_nonce` challenge (401 with a DPoP-Nonce) is retried once with the nonce;
 * a refused token (401 invalid_token / E0000011) is renewed once and the request sent again.
 */
export function oauthAuthorizer(source: TokenSource): OktaAuthorizer {
  return {
    credential: source.credential,
    async headersFor(method, url): Promise<Record<string, string>> {
      const token = await source.accessToken();
      if (token.tokenType !== 'dpop') return { authorization: `Bearer ${token.value}` };
      return { authorization: `DPoP ${token.value}`, dpop: await source.proofs.proof(method, url, token.value) };
    },
    async afterAnswer(answer, sent, already) {
      source.proofs.rememberNonce(sent.url, answer.headers);
      if (answer.status !== 401) return null;
      const challenge = parseChallenge(answer.headers['www-authenticate']);
      const error = challenge?.params.error;
      if (error === 'use_dpop_nonce') return !already.nonce && answer.headers['dpop-nonce'] ? 'retry-with-nonce' : null;
      // Renew only the token this request carried: one already replaced is not refreshed again.
      const carried = /^(?:DPoP|Bearer) (.+)$/.exec(sent.headers.authorization ?? '')?.[1];
      if (already.renewed || carried === undefined) return null;
      await source.renew(carried);
      return 'renewed';
    },
    secrets: () => source.secrets(),
  };
}
