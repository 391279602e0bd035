import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { KEY_ALG, publicJwkOf, type KeyPair } from './dpop-keys';

/** Longest DPoP-Nonce kept: anything longer is not a nonce Okta sends. */
const MAX_NONCE = 512;

/**
 * DPoP proofs for Okta API requests (RFC 9449), signed with the connection's key: a new one for
 * every attempt — `htm`, `htu` (the address without query or fragment), `iat`, a unique `jti`, and
 * `ath` (the SHA-256 of the access token it goes with) — plus the last nonce the org sent, if any.
 * openid-client signs the token endpoint's proofs with the same key; its proof builder is not
 * public, so these are built with jose.
 */
export class DpopProofs {
  #publicJwk: Promise<JWK> | undefined;
  /** The last `DPoP-Nonce` each origin sent (Okta may require one; it rotates them). */
  readonly #nonces = new Map<string, string>();

  /** `iat` is real time, whatever clock the rest of FactorDesk is given: Okta compares it with its own. */
  constructor(private readonly keys: KeyPair) {}

  async proof(method: string, url: URL, accessToken: string): Promise<string> {
    this.#publicJwk ??= publicJwkOf(this.keys);
    const nonce = this.#nonces.get(url.origin);
    return new SignJWT({
      htm: method,
      htu: `${url.origin}${url.pathname}`,
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      ath: createHash('sha256').update(accessToken).digest('base64url'),
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: KEY_ALG, jwk: await this.#publicJwk })
      .sign(this.keys.privateKey);
  }

  /** Keep the nonce an answer carries, for the next proof to that origin. Returns whether it was a new one. */
  rememberNonce(url: URL, headers: Record<string, string>): boolean {
    const nonce = headers['dpop-nonce']?.trim();
    if (!nonce || nonce.length > MAX_NONCE || !/^[\x21-\x7e]+$/.test(nonce)) return false;
    const changed = this.#nonces.get(url.origin) !== nonce;
    this.#nonces.set(url.origin, nonce);
    return changed;
  }
}
