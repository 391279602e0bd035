import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/**
 * EC P-256 key pairs (ES256), made on this computer: the DPoP keys and a service app's client key.
 * P-256 because a private JWK of it is ~230 characters, which fits every OS keychain (Windows
 * Credential Manager caps a secret at 2,560 bytes; an RSA-2048 private JWK is ~1,600 characters,
 * doubled by the Secret Service's UTF-16), and Okta accepts ES256 for DPoP and `private_key_jwt`.
 */
export const KEY_ALG = 'ES256';

export interface KeyPair {
  /** Not extractable: nothing in this process can read it back out. */
  privateKey: CryptoKey;
  /** Extractable (openid-client puts it in DPoP proof headers). */
  publicKey: CryptoKey;
}

/** A new key pair, and its private half as the JWK text that goes to the keychain. */
export async function newKeyPair(): Promise<{ keys: KeyPair; privateJwk: string }> {
  const pair = await generateKeyPair(KEY_ALG, { extractable: true });
  const privateJwk = JSON.stringify({ ...(await exportJWK(pair.privateKey)), alg: KEY_ALG });
  // Re-imported so the copy used from now on cannot be exported again.
  return { keys: await keyPairFromJwk(privateJwk), privateJwk };
}

/** The key pair of a private JWK kept in the keychain; anything but an EC P-256 private key is refused. */
export async function keyPairFromJwk(text: string): Promise<KeyPair> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new TypeError('The saved key is not a JWK.');
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new TypeError('The saved key is not an EC P-256 private key.');
  }
  const { kty, crv, x, y, d } = jwk;
  const privateKey = (await importJWK({ kty, crv, x, y, d }, KEY_ALG, { extractable: false })) as CryptoKey;
  const publicKey = (await importJWK({ kty, crv, x, y }, KEY_ALG, { extractable: true })) as CryptoKey;
  return { privateKey, publicKey };
}

/** The public half as a JWK (no private member), for a DPoP proof header or to paste into Okta. */
export async function publicJwkOf(keys: KeyPair): Promise<JWK> {
  const { kty, crv, x, y } = await exportJWK(keys.publicKey);
  return { kty, crv, x, y };
}

/** RFC 7638 thumbprint of the public key: what a DPoP-bound token's `cnf.jkt` names. */
export async function thumbprintOf(keys: KeyPair): Promise<string> {
  return calculateJwkThumbprint(await publicJwkOf(keys));
}
