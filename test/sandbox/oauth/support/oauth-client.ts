import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { RunningSandbox } from '../../../../sandbox/index';
import { SignInBrowser } from './sign-in-browser';

/**
 * openid-client (the library the console uses, here as an independent client) against a sandbox
 * org, plus jose-built DPoP proofs for resource calls, as the console builds them.
 */

export const AGENT_SCOPE = 'openid profile email offline_access okta.users.read okta.users.manage okta.logs.read okta.roles.read';
export const SEEDED_PASSWORD = 'GoAw@y123';

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** An EC P-256 key pair, as the console makes for DPoP and service apps (the public key extractable, as openid-client needs). */
export async function newKeyPair(alg: 'ES256' | 'RS256' = 'ES256'): Promise<KeyPair> {
  return generateKeyPair(alg, { extractable: true });
}

/** A public JWK for registering a service app (`kid`, `alg`, `use`). */
export async function publicJwkOf(pair: KeyPair, kid: string, alg: 'ES256' | 'RS256' = 'ES256'): Promise<JWK> {
  return { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
}

/** Discovery on the org's origin; the sandbox is plain http on loopback. */
export async function discover(sandbox: RunningSandbox, clientId: string, clientAuth: oidc.ClientAuth = oidc.None()): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(sandbox.url), clientId, undefined, clientAuth, { execute: [oidc.allowInsecureRequests] });
}

/** `private_key_jwt` as Okta wants it: the assertion's `aud` is the token endpoint (openid-client's default is the issuer). */
export function oktaPrivateKeyJwt(sandbox: RunningSandbox, privateKey: CryptoKey, kid: string): oidc.ClientAuth {
  return oidc.PrivateKeyJwt({ key: privateKey, kid }, {
    [oidc.modifyAssertion]: (_header, payload) => {
      payload.aud = `${sandbox.url}/oauth2/v1/token`;
    },
  });
}

/** An authorization URL with PKCE S256 and a random state; `extra` adds or overrides parameters. */
export async function authorizationUrl(config: oidc.Configuration, redirectUri: string, scope: string, extra: Record<string, string> = {}): Promise<URL> {
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
    state: oidc.randomState(),
    ...extra,
  });
}

export interface AgentSignIn {
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  browser: SignInBrowser;
  dpopKeys: KeyPair;
  dpop: oidc.DPoPHandle;
}

/**
 * The whole agent sign-in: PKCE S256, state, nonce, the sign-in page posted over HTTP, the code
 * exchanged with a DPoP proof (openid-client does the `use_dpop_nonce` round trip).
 */
export async function signInAgent(
  sandbox: RunningSandbox,
  config: oidc.Configuration,
  login: string,
  options: { scope?: string; maxAge?: number; prompt?: string; browser?: SignInBrowser; dpopKeys?: KeyPair; redirectUri?: string } = {},
): Promise<AgentSignIn> {
  const browser = options.browser ?? new SignInBrowser({ username: login, password: SEEDED_PASSWORD });
  const dpopKeys = options.dpopKeys ?? (await newKeyPair());
  const dpop = oidc.getDPoPHandle(config, dpopKeys);
  const redirectUri = options.redirectUri ?? sandbox.oauth.nativeRedirectUris[0] ?? '';
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: options.scope ?? AGENT_SCOPE,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    login_hint: login,
    ...(options.maxAge !== undefined ? { max_age: String(options.maxAge) } : {}),
    ...(options.prompt !== undefined ? { prompt: options.prompt } : {}),
  });
  const outcome = await browser.signIn(url, redirectUri);
  if (!outcome.callback) throw new Error(`The sign-in did not come back to the app: ${outcome.page?.status} ${outcome.page?.html.slice(0, 300)}`);
  const tokens = await oidc.authorizationCodeGrant(
    config,
    outcome.callback,
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true, ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}) },
    undefined,
    { DPoP: dpop },
  );
  return { tokens, browser, dpopKeys, dpop };
}

export interface ProofOptions {
  method?: string;
  htu?: string;
  iat?: number;
  jti?: string;
  ath?: string | null;
  nonce?: string;
  /** Sign with this key pair instead (a thief's key). */
  keys?: KeyPair;
  typ?: string;
}

/** A DPoP proof for a resource request, as the console builds it with jose: fresh `jti`, `htu` without query, `ath`. */
export async function resourceProof(keys: KeyPair, url: string, accessToken: string, options: ProofOptions = {}): Promise<string> {
  const signer = options.keys ?? keys;
  const target = new URL(url);
  const payload: Record<string, unknown> = {
    htm: options.method ?? 'GET',
    htu: options.htu ?? `${target.origin}${target.pathname}`,
    iat: options.iat ?? Math.floor(Date.now() / 1000),
    jti: options.jti ?? randomUUID(),
  };
  if (options.ath !== null) payload.ath = options.ath ?? createHash('sha256').update(accessToken).digest('base64url');
  if (options.nonce) payload.nonce = options.nonce;
  return new SignJWT(payload).setProtectedHeader({ typ: options.typ ?? 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(signer.publicKey) }).sign(signer.privateKey);
}

export interface ResourceAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One Okta API call with `Authorization: DPoP` and a proof (or any headers a test wants instead). */
export async function callApi(sandbox: RunningSandbox, path: string, headers: Record<string, string>, method = 'GET', body?: unknown): Promise<ResourceAnswer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A DPoP-signed Okta API call with a fresh proof. */
export async function dpopCall(sandbox: RunningSandbox, keys: KeyPair, accessToken: string, path: string, method = 'GET', body?: unknown): Promise<ResourceAnswer> {
  const proof = await resourceProof(keys, `${sandbox.url}${path}`, accessToken, { method });
  return callApi(sandbox, path, { authorization: `DPoP ${accessToken}`, dpop: proof }, method, body);
}

/** Parses `WWW-Authenticate: Scheme a="b", c="d"` into its scheme and parameters. */
export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } | null {
  if (!header) return null;
  const scheme = header.split(' ', 1)[0] ?? '';
  const params: Record<string, string> = {};
  for (const match of header.matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) if (match[1]) params[match[1]] = match[2] ?? '';
  return { scheme, params };
}

/** Registers an app through the control API (admin SSWS token), failing the test when refused. */
export async function registerApp(sandbox: RunningSandbox, body: Record<string, unknown>): Promise<{ clientId: string } & Record<string, unknown>> {
  const response = await fetch(`${sandbox.url}/sandbox/v1/apps`, {
    method: 'POST',
    headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { clientId: string } & Record<string, unknown>;
  if (response.status !== 200) throw new Error(`registering ${JSON.stringify(body).slice(0, 120)} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** A service app: its client key (private_key_jwt), a separate DPoP key, and an openid-client configuration. */
export async function serviceApp(sandbox: RunningSandbox, registration: Record<string, unknown>) {
  const clientKeys = await newKeyPair();
  const kid = `fd-${randomUUID().slice(0, 8)}`;
  const { clientId } = await registerApp(sandbox, { type: 'service', jwks: { keys: [await publicJwkOf(clientKeys, kid)] }, ...registration });
  const config = await discover(sandbox, clientId, oktaPrivateKeyJwt(sandbox, clientKeys.privateKey, kid));
  const dpopKeys = await newKeyPair();
  return { clientId, kid, clientKeys, config, dpopKeys, dpop: oidc.getDPoPHandle(config, dpopKeys) };
}
