import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { FactorDeskError } from '../../../contract/errors';
import { accessTokenOf, agentFromClaims, grantedScopes, type AccessToken, type StoredSignIn } from './agent-session';
import { signInFailed } from './auth-errors';
import { newKeyPair, type KeyPair } from './dpop-keys';
import { listenForCallback, type Callback, type LoopbackListener } from './loopback-listener';
import { tokenFailure } from './token-errors';

export interface SignInRequest {
  orgId: string;
  orgName: string;
  /** The org authorization server (discovered on the org's origin). */
  config: oidc.Configuration;
  scopes: readonly string[];
  /** Step-up: Okta must have authenticated the agent within this many seconds (`max_age`). */
  maxAgeSeconds?: number;
  /** Prefills the sign-in page (the agent signed in before). */
  loginHint?: string;
  /** Okta must ask who is signing in, whatever its browser session says (after a sign-out: the next agent at this desk). */
  forceLogin?: boolean;
  ports: readonly number[];
  timeoutMs: number;
}

/** What a completed sign-in hands over: the new DPoP key, the sign-in to keep, and the access token to use. */
export interface CompletedSignIn {
  keys: KeyPair;
  /** The DPoP private key as it goes to the keychain. */
  privateJwk: string;
  stored: StoredSignIn;
  accessToken: AccessToken;
}

/**
 * One "Sign in with Okta" (RFC 8252 native app): authorization code + PKCE S256, `state` and
 * `nonce`, the answer coming back to a one-shot listener on 127.0.0.1, the code exchanged with a
 * DPoP proof made with a key pair created on this computer (openid-client follows the token
 * endpoint's `use_dpop_nonce`). The PKCE verifier, the code and the tokens never leave main.
 */
export class PendingSignIn {
  readonly id = randomUUID();
  readonly expiresAt: Date;
  private settled: Promise<CompletedSignIn> | undefined;

  private constructor(
    private readonly request: SignInRequest,
    private readonly listener: LoopbackListener,
    readonly authorizationUrl: URL,
    private readonly secrets: { verifier: string; state: string; nonce: string },
  ) {
    this.expiresAt = new Date(Date.now() + request.timeoutMs);
  }

  get orgId(): string {
    return this.request.orgId;
  }

  /** Listens on the first free redirect port, then builds the authorization URL for it. */
  static async start(request: SignInRequest): Promise<PendingSignIn> {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const listener = await listenForCallback({ ports: request.ports, state, timeoutMs: request.timeoutMs });
    const parameters: Record<string, string> = {
      redirect_uri: listener.redirectUri,
      response_type: 'code',
      scope: request.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    if (request.maxAgeSeconds !== undefined) {
      // Step-up: FactorDesk already knows the last sign-in is too old, so Okta is asked to
      // authenticate the agent now (prompt=login), and to vouch for it (max_age → auth_time checked).
      parameters.max_age = String(request.maxAgeSeconds);
      parameters.prompt = 'login';
    }
    if (request.forceLogin) parameters.prompt = 'login';
    if (request.loginHint) parameters.login_hint = request.loginHint;
    const url = oidc.buildAuthorizationUrl(request.config, parameters);
    return new PendingSignIn(request, listener, url, { verifier, state, nonce });
  }

  /** Waits for the browser to come back, exchanges the code, and tells the browser tab how it went. */
  complete(): Promise<CompletedSignIn> {
    this.settled ??= this.exchange().finally(() => this.listener.close());
    return this.settled;
  }

  cancel(): void {
    this.listener.close();
  }

  private async exchange(): Promise<CompletedSignIn> {
    const callback = await this.listener.callback;
    const { keys, privateJwk } = await newKeyPair();
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(
        this.request.config,
        callback.url,
        {
          pkceCodeVerifier: this.secrets.verifier,
          expectedState: this.secrets.state,
          expectedNonce: this.secrets.nonce,
          idTokenExpected: true,
          ...(this.request.maxAgeSeconds !== undefined ? { maxAge: this.request.maxAgeSeconds } : {}),
        },
        undefined,
        { DPoP: oidc.getDPoPHandle(this.request.config, keys) },
      );
    } catch (error) {
      const failure = exchangeFailure(error);
      answerFailed(callback);
      throw failure;
    }
    const claims = tokens.claims();
    const agent = agentFromClaims(claims);
    if (!tokens.refresh_token) {
      answerFailed(callback);
      throw signInFailed(
        'Okta gave no refresh token, so FactorDesk could not keep you signed in.',
        'Ask your Okta administrator to allow the Refresh Token grant on the FactorDesk app (and the offline_access scope), then sign in again.',
      );
    }
    callback.respond({ title: 'Signed in to FactorDesk', text: `You are signed in as ${agent.name} (${agent.login}). You can close this tab and return to FactorDesk.` });
    return {
      keys,
      privateJwk,
      stored: {
        v: 1,
        refreshToken: tokens.refresh_token,
        agent,
        authTime: typeof claims?.auth_time === 'number' ? claims.auth_time : null,
        scopes: grantedScopes(tokens, [...this.request.scopes]),
      },
      accessToken: accessTokenOf(tokens),
    };
  }
}

function answerFailed(callback: Callback): void {
  callback.respond({ title: 'The sign-in did not complete', text: 'Return to FactorDesk: it says what happened and how to try again. You can close this tab.' });
}

/** Okta's refusal (in the browser, or at the token endpoint), in the agent's words. */
function exchangeFailure(error: unknown): FactorDeskError {
  if (error instanceof FactorDeskError) return error;
  const failure = tokenFailure(error);
  if (failure.kind === 'transport') return failure.error;
  if (failure.kind === 'other') return signInFailed(failure.detail);
  if (failure.error === 'access_denied') {
    return signInFailed(`Okta refused it (${failure.description})`, 'Ask your Okta administrator to assign you to the FactorDesk app, then sign in again.');
  }
  if (failure.error === 'invalid_scope') {
    return signInFailed(`Okta refused the scopes FactorDesk asks for (${failure.description})`, 'Ask an Okta super admin to grant the FactorDesk app its Okta API scopes (Okta API Scopes tab), then sign in again.');
  }
  return signInFailed(`Okta answered ${failure.error}: ${failure.description}`);
}
