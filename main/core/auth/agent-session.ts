import * as oidc from 'openid-client';
import { z } from 'zod';
import { FactorDeskError } from '../../../contract/errors';
import type { SignedInAgent } from '../../../contract/orgs';
import type { KeyPair } from './dpop-keys';
import { DpopProofs } from './dpop-proof';
import { SingleRenewal } from './single-renewal';
import { signInEnded } from './auth-errors';
import { tokenFailure } from './token-errors';

/** Seconds before an access token's end when it is renewed rather than used. */
const RENEW_AHEAD_SECONDS = 60;

/**
 * What the keychain keeps of an agent's sign-in: the rotating refresh token, and who signed in
 * when (so the org list can say who is signed in, and step-up can tell the sign-in's age, before
 * anything is asked of Okta). The access token is never stored.
 */
export const storedSignInSchema = z
  .object({
    v: z.literal(1),
    refreshToken: z.string().min(1),
    agent: z.object({ sub: z.string(), name: z.string(), login: z.string() }).strict(),
    /** The ID token's `auth_time` (seconds), or null when Okta did not say. */
    authTime: z.number().int().nullable(),
    /** The scopes Okta granted (its token answer's `scope`). */
    scopes: z.array(z.string()),
  })
  .strict();
export type StoredSignIn = z.infer<typeof storedSignInSchema>;

/** Who signed in, from the ID token's claims (Okta: `name`, `preferred_username` = login, `sub` = user id). */
export function agentFromClaims(claims: oidc.IDToken | undefined, fallback?: StoredSignIn['agent']): StoredSignIn['agent'] {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined);
  const login = text(claims?.preferred_username) ?? text(claims?.email) ?? fallback?.login ?? text(claims?.sub) ?? 'unknown';
  return { sub: text(claims?.sub) ?? fallback?.sub ?? '', name: text(claims?.name) ?? fallback?.name ?? login, login };
}

/** The token endpoint's `scope` answer as a list. */
export function grantedScopes(tokens: oidc.TokenEndpointResponse, fallback: string[]): string[] {
  return typeof tokens.scope === 'string' ? tokens.scope.split(/\s+/).filter(Boolean) : fallback;
}

export interface AccessToken {
  value: string;
  /** Epoch ms (real time) after which it is not used. */
  expiresAt: number;
  /** `dpop` (bound to the key) or `bearer` (an app that does not require DPoP). openid-client lower-cases it. */
  tokenType: string;
}

/** An OAuth access-token source the Okta client's authorizer draws on. */
export interface TokenSource {
  readonly proofs: DpopProofs;
  readonly credential: 'agent' | 'service-app';
  /** A usable access token, renewed first when it is about to end (one renewal at a time). */
  accessToken(): Promise<AccessToken>;
  /** The access token was refused: get a new one now (once, however many requests saw the refusal). */
  renew(refused: string): Promise<void>;
  secrets(): string[];
}

export interface AgentSessionOptions {
  org: { name: string };
  /** The org authorization server's openid-client configuration (discovered on first need). */
  config(): Promise<oidc.Configuration>;
  keys: KeyPair;
  stored: StoredSignIn;
  /** The sign-in's own access token, usable at once. */
  fresh?: AccessToken;
  /** Write a rotated refresh token to the keychain; it resolves before the new access token is used. */
  persist(next: StoredSignIn): Promise<void>;
  /**
   * The sign-in as the keychain holds it now: another FactorDesk process (the app, the bulk
   * command) may have rotated the refresh token since, and sending the spent one would make Okta
   * revoke the whole sign-in as a reuse.
   */
  kept?(): Promise<StoredSignIn | null>;
  /** This refresh token was refused: forget it (the agent must sign in again). */
  ended(refused: string): Promise<void>;
}

/**
 * An agent's sign-in to one org: the access token in memory, renewed with the rotating refresh
 * token. Renewal is single-flight (two refreshes with one refresh token would be a reuse, and
 * Okta revokes the whole sign-in), and the new refresh token is in the keychain before the new
 * access token is used, so a crash in between cannot leave only the spent one behind.
 */
export class AgentSession implements TokenSource {
  readonly proofs: DpopProofs;
  readonly credential = 'agent' as const;
  #stored: StoredSignIn;
  /** The refresh token this session last knew the keychain to hold (read or written by it). */
  #keptRefreshToken: string;
  #token: AccessToken | undefined;
  readonly #renewal = new SingleRenewal();
  #ended = false;
  #dpop: oidc.DPoPHandle | undefined;

  constructor(private readonly options: AgentSessionOptions) {
    this.#stored = options.stored;
    this.#keptRefreshToken = options.stored.refreshToken;
    this.#token = options.fresh;
    this.proofs = new DpopProofs(options.keys);
  }

  get agent(): SignedInAgent {
    const { name, login } = this.#stored.agent;
    return { name, login, signedInAt: this.#stored.authTime === null ? null : new Date(this.#stored.authTime * 1000).toISOString() };
  }

  /** When the agent last signed in at Okta (epoch seconds), or null. */
  get authTime(): number | null {
    return this.#stored.authTime;
  }

  get scopes(): readonly string[] {
    return this.#stored.scopes;
  }

  /** The refresh token was refused: nothing more can be done without a new sign-in. */
  get ended(): boolean {
    return this.#ended;
  }

  async accessToken(): Promise<AccessToken> {
    if (this.#ended) throw signInEnded(this.options.org);
    if (!this.#token || this.#token.expiresAt - RENEW_AHEAD_SECONDS * 1000 <= Date.now()) await this.#renewOnce(this.#token?.value);
    if (!this.#token) throw signInEnded(this.options.org);
    return this.#token;
  }

  async renew(refused: string): Promise<void> {
    await this.#renewOnce(refused);
  }

  secrets(): string[] {
    return [this.#stored.refreshToken, ...(this.#token ? [this.#token.value] : [])];
  }

  #renewOnce(refused: string | undefined): Promise<void> {
    return this.#renewal.run(this.#token?.value, refused, () => this.#refresh());
  }

  async #refresh(): Promise<void> {
    if (this.#ended) throw signInEnded(this.options.org);
    // Only a refresh token someone else wrote there is taken: after a keychain that refused our own
    // write, the one it still holds is spent.
    const kept = await this.options.kept?.().catch(() => null);
    // The same sign-in only (same agent, same sign-in time): a new sign-in has a DPoP key of its own.
    if (kept && kept.refreshToken !== this.#keptRefreshToken && kept.agent.sub === this.#stored.agent.sub && kept.authTime === this.#stored.authTime) {
      this.#stored = kept;
      this.#keptRefreshToken = kept.refreshToken;
    }
    const config = await this.options.config();
    this.#dpop ??= oidc.getDPoPHandle(config, this.options.keys);
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.refreshTokenGrant(config, this.#stored.refreshToken, undefined, { DPoP: this.#dpop });
    } catch (error) {
      const failure = tokenFailure(error);
      if (failure.kind === 'transport') throw failure.error;
      if (failure.kind === 'other') {
        throw new FactorDeskError({ code: 'OKTA_ERROR', message: `FactorDesk could not renew your sign-in: ${failure.detail}`, action: 'Try again in a moment.' });
      }
      // Okta refused the refresh token (expired, revoked, reused): the sign-in is over.
      this.#ended = true;
      this.#token = undefined;
      await this.options.ended(this.#stored.refreshToken).catch(() => undefined);
      throw signInEnded(this.options.org);
    }
    const claims = tokens.claims();
    const next: StoredSignIn = {
      v: 1,
      refreshToken: tokens.refresh_token ?? this.#stored.refreshToken,
      agent: agentFromClaims(claims, this.#stored.agent),
      authTime: typeof claims?.auth_time === 'number' ? claims.auth_time : this.#stored.authTime,
      scopes: grantedScopes(tokens, this.#stored.scopes),
    };
    // The rotated refresh token is saved before anything uses what came with it. If the keychain
    // refuses, the old one is spent all the same: keep the new one for this session and say so.
    const saved = this.options.persist(next);
    this.#stored = next;
    await saved;
    this.#keptRefreshToken = next.refreshToken;
    this.#token = accessTokenOf(tokens);
  }
}

/** The access token of a token answer, with its end in real time (`expires_in`; Okta: one hour). */
export function accessTokenOf(tokens: oidc.TokenEndpointResponse): AccessToken {
  const seconds = typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? tokens.expires_in : 300;
  return { value: tokens.access_token, expiresAt: Date.now() + seconds * 1000, tokenType: tokens.token_type.toLowerCase() };
}
