import { createHash, createHmac, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type JWTPayload } from 'jose';
import { ChallengeError } from '../errors';
import { DPOP_ALGORITHMS } from './dpop-algorithms';
import { challengeHeader, invalidDpopProof, invalidToken } from './www-authenticate';

/** How far a proof's `iat` may be from now (seconds, either way). */
export const PROOF_IAT_WINDOW_SECONDS = 300;
/** How long a resource-server nonce is current; the one before it is still taken. */
const NONCE_STEP_SECONDS = 300;

/** One resource request to check a proof against. */
export interface ProofCheck {
  /** The `DPoP` header, if any. */
  proof: string | undefined;
  method: string;
  /** The URL as the client addressed it: origin (the one it came in on) and path; a query is not part of `htu`. */
  url: URL;
  accessToken: string;
  /** The access token's `cnf.jkt`. */
  boundTo: string;
  /** For the challenges: the org's origin, the scope the endpoint needs. */
  orgOrigin: string;
  scope: string | undefined;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

/**
 * How Okta's resource server checks `Authorization: DPoP <token>` with its `DPoP` proof (dpop.md,
 * RFC 9449 §4.3, §7): a `dpop+jwt` signed with the public key in its header (one of Okta's six
 * algorithms, never a private key in the header), `htm` = the method, `htu` = the URL without
 * query or fragment, `iat` within five minutes of now (real time: the caller's clock is real),
 * a `jti`, `ath` = the access token's hash, and its key the one the token is bound to. Each
 * failure answers 400 `invalid_dpop_proof` naming the claim; a proof from another key is the
 * token's problem (401 `invalid_token`). A proof is used once: its `jti` is remembered after every
 * other check passed (so a broken proof does not burn it). Okta does not ask for a nonce on
 * resource requests today; `requireNonce` makes the sandbox do so (RFC 9449 §9) so a client's
 * `use_dpop_nonce` retry can be tested.
 */
export class DpopProofVerifier {
  requireNonce = false;
  private readonly usedProofs = new Map<string, number>();
  private readonly nonceSecret = randomBytes(32);

  /** The nonce the resource server hands out now (and `offset` steps from now). */
  nonce(offset = 0): string {
    const step = Math.floor(Date.now() / 1000 / NONCE_STEP_SECONDS) + offset;
    return createHmac('sha256', this.nonceSecret).update(String(step)).digest('base64url');
  }

  async verify(check: ProofCheck): Promise<void> {
    const resource = check.url.pathname;
    const bad = (description: string): ChallengeError => invalidDpopProof(check.orgOrigin, resource, check.scope, description);
    if (!check.proof) throw bad('The DPoP proof JWT header is missing.');

    let payload: JWTPayload;
    let jwk: Record<string, unknown>;
    try {
      const header = decodeProtectedHeader(check.proof);
      if (header.typ !== 'dpop+jwt' || !(DPOP_ALGORITHMS as readonly string[]).includes(String(header.alg))) throw new Error('header');
      if (typeof header.jwk !== 'object' || header.jwk === null || 'd' in header.jwk) throw new Error('jwk');
      jwk = header.jwk as Record<string, unknown>;
      ({ payload } = await jwtVerify(check.proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...DPOP_ALGORITHMS] }));
    } catch {
      throw bad('The DPoP proof JWT is invalid.');
    }

    if (payload.htm !== check.method) throw bad("'htm' claim in the DPoP proof JWT is invalid.");
    if (htuOf(payload.htu) !== `${check.url.origin}${check.url.pathname}`) throw bad("'htu' claim in the DPoP proof JWT is invalid.");
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > PROOF_IAT_WINDOW_SECONDS) throw bad("'iat' claim in the DPoP proof JWT is invalid.");
    if (typeof payload.jti !== 'string' || payload.jti === '') throw bad("'jti' claim in the DPoP proof JWT is invalid.");
    if (payload.ath !== sha256(check.accessToken)) throw bad("'ath' claim in the DPoP proof JWT is invalid.");
    if ((await calculateJwkThumbprint(jwk)) !== check.boundTo) {
      throw invalidToken('DPoP', check.orgOrigin, resource, check.scope, 'The access token is not bound to the DPoP proof key.');
    }
    if (this.requireNonce && payload.nonce !== this.nonce() && payload.nonce !== this.nonce(-1)) {
      throw new ChallengeError(401, {
        'WWW-Authenticate': challengeHeader('DPoP', check.orgOrigin, { error: 'use_dpop_nonce', description: 'Resource server requires nonce in DPoP proof.', resource }),
        'DPoP-Nonce': this.nonce(),
      }, null);
    }
    this.rememberOnce(`${check.boundTo}:${payload.jti}`, bad);
  }

  private rememberOnce(key: string, bad: (description: string) => ChallengeError): void {
    const now = Date.now();
    for (const [used, until] of this.usedProofs) if (until < now) this.usedProofs.delete(used);
    if (this.usedProofs.has(key)) throw bad('The DPoP proof JWT has already been used.');
    this.usedProofs.set(key, now + 2 * PROOF_IAT_WINDOW_SECONDS * 1000);
  }
}

/** A proof's `htu` without query and fragment, or undefined when it is no URL. */
function htuOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const url = URL.parse(value);
  return url ? `${url.origin}${url.pathname}` : undefined;
}
