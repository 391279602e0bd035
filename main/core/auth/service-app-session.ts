import * as oidc from 'openid-client';
import { FactorDeskError } from '../../../contract/errors';
import { accessTokenOf, type AccessToken, type TokenSource } from './agent-session';
import type { KeyPair } from './dpop-keys';
import { DpopProofs } from './dpop-proof';
import { SingleRenewal } from './single-renewal';
import { tokenFailure } from './token-errors';

/** Renew at this share of a token's life (Okta: one hour, so after 48 minutes). */
const RENEW_AT_SHARE = 0.8;

export interface ServiceAppSessionOptions {
  org: { name: string };
  /** Configuration with `private_key_jwt` client authentication (discovered on first need). */
  config(): Promise<oidc.Configuration>;
  /** The DPoP key: a key of its own, not the client key. */
  dpopKeys: KeyPair;
  scopes: readonly string[];
  /** When "ahead of expiry" is (epoch ms); real time unless a test moves it. */
  now?: () => number;
}

/**
 * A service app's access to one org: client credentials with `private_key_jwt`, DPoP-bound, in
 * memory only. Tokens last an hour and come without a refresh token; a new one is fetched ahead
 * of the end (at 80 % of its life), one request at a time.
 */
export class ServiceAppSession implements TokenSource {
  readonly proofs: DpopProofs;
  readonly credential = 'service-app' as const;
  #token: (AccessToken & { renewAt: number }) | undefined;
  readonly #renewal = new SingleRenewal();
  #dpop: oidc.DPoPHandle | undefined;
  #granted: string[] | undefined;
  readonly #now: () => number;

  constructor(private readonly options: ServiceAppSessionOptions) {
    this.proofs = new DpopProofs(options.dpopKeys);
    this.#now = options.now ?? Date.now;
  }

  /** The scopes Okta granted in the last token (null before the first). */
  get scopes(): readonly string[] | null {
    return this.#granted ?? null;
  }

  async accessToken(): Promise<AccessToken> {
    if (!this.#token || this.#token.renewAt <= this.#now()) await this.#renewOnce(this.#token?.value);
    if (!this.#token) throw new FactorDeskError({ code: 'INTERNAL', message: 'The service app has no access token.', action: 'Try again.' });
    return this.#token;
  }

  async renew(refused: string): Promise<void> {
    await this.#renewOnce(refused);
  }

  secrets(): string[] {
    return this.#token ? [this.#token.value] : [];
  }

  #renewOnce(refused: string | undefined): Promise<void> {
    return this.#renewal.run(this.#token?.value, refused, () => this.#fetch());
  }

  async #fetch(): Promise<void> {
    const config = await this.options.config();
    this.#dpop ??= oidc.getDPoPHandle(config, this.options.dpopKeys);
    let tokens: oidc.TokenEndpointResponse;
    try {
      tokens = await oidc.clientCredentialsGrant(config, { scope: this.options.scopes.join(' ') }, { DPoP: this.#dpop });
    } catch (error) {
      throw serviceTokenRefused(this.options.org, error);
    }
    const token = accessTokenOf(tokens);
    const life = token.expiresAt - Date.now();
    this.#granted = typeof tokens.scope === 'string' ? tokens.scope.split(/\s+/).filter(Boolean) : [...this.options.scopes];
    this.#token = { ...token, renewAt: this.#now() + life * RENEW_AT_SHARE };
  }
}

/** Okta would not give the service app a token: why, and what the admin can do. */
function serviceTokenRefused(org: { name: string }, error: unknown): FactorDeskError {
  const failure = tokenFailure(error);
  if (failure.kind === 'transport') return failure.error;
  if (failure.kind === 'other') {
    return new FactorDeskError({ code: 'OKTA_ERROR', message: `The service app could not get an access token from ${org.name}: ${failure.detail}`, action: 'Try again in a moment.' });
  }
  const hints: Record<string, string> = {
    invalid_client: 'Check the client ID, and that the public key FactorDesk showed is on the app (Client authentication: Public key / Private key).',
    invalid_scope: "Check the scopes: each must be granted to the app on its Okta API Scopes tab, and match this org's scopes in FactorDesk.",
    unauthorized_client: 'Check the app is an API Services app with the Client Credentials grant.',
    invalid_dpop_proof: "Check this computer's clock; Okta refused the proof of possession (DPoP).",
  };
  return new FactorDeskError({
    code: 'INVALID_TOKEN',
    message: `Okta did not give the service app an access token (${failure.error}: ${failure.description})`,
    action: hints[failure.error] ?? 'Check the service app in the Okta Admin Console (Applications), then test the connection again.',
  });
}
