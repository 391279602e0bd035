import { generateKeyPair, randomUUID, type JsonWebKey } from 'node:crypto';

/** A private RSA signing key as a JWK, with its key id. */
export type SigningJwk = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

let shared: Promise<SigningJwk> | undefined;

/**
 * The key the org authorization server signs ID and access tokens with (RS256, as Okta's org AS).
 * Made once per process and shared by every sandbox org in it: generating an RSA key costs
 * noticeable CPU, and tests start many orgs. Tokens of one org still fail at another, whose
 * issuer, audience and issued-token ledger differ.
 */
export function orgSigningKey(): Promise<SigningJwk> {
  shared ??= new Promise<SigningJwk>((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) => {
      if (error) reject(error);
      else resolve({ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' });
    });
  });
  return shared;
}

/** The public half of a signing key, as `/oauth2/v1/keys` publishes it. */
export function publicJwk(key: SigningJwk): JsonWebKey & { kid: string } {
  return { kty: key.kty, n: key.n, e: key.e, kid: key.kid, alg: key.alg, use: key.use };
}
