import { randomUUID } from 'node:crypto';
import { FactorDeskError } from '../../../contract/errors';
import type { ServiceAppKey } from '../../../contract/sign-in';
import { KEY_ALG, keyPairFromJwk, newKeyPair, publicJwkOf } from './dpop-keys';

/** How long a key made for a service app waits to be saved with its org (the admin creates the app meanwhile). */
const PENDING_MS = 60 * 60 * 1000;
const MAX_PENDING = 20;

/** The public JWK an Okta admin pastes into the service app (Client authentication: Public key / Private key). */
export async function serviceAppPublicKey(privateJwk: string, keyId: string): Promise<ServiceAppKey> {
  const publicJwk = await publicJwkOf(await keyPairFromJwk(privateJwk));
  return { keyId, publicJwk: { ...stringsOnly(publicJwk), kid: keyId, alg: KEY_ALG, use: 'sig' } };
}

function stringsOnly(jwk: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(jwk).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Service app key pairs made before their org is saved: the admin needs the public key to create
 * the app in Okta, and only then has the client ID to save the org with. The private key waits
 * here, in memory only, until the org is saved (then it goes to the keychain) or an hour passes.
 */
export class PendingServiceKeys {
  readonly #keys = new Map<string, { privateJwk: string; madeAt: number }>();

  async create(): Promise<ServiceAppKey> {
    this.#sweep();
    if (this.#keys.size >= MAX_PENDING) this.#keys.delete(this.#keys.keys().next().value ?? '');
    const keyId = randomUUID();
    const { privateJwk } = await newKeyPair();
    this.#keys.set(keyId, { privateJwk, madeAt: Date.now() });
    return serviceAppPublicKey(privateJwk, keyId);
  }

  /** The private JWK of a key made here; `discard` it once it is in the keychain. */
  privateJwkOf(keyId: string): string {
    this.#sweep();
    const pending = this.#keys.get(keyId);
    if (!pending) {
      throw new FactorDeskError({
        code: 'VALIDATION',
        message: 'That service app key is no longer waiting to be saved (keys are kept for an hour, and until FactorDesk quits).',
        action: 'Create a new key, put its public key on the app in Okta (replacing the old one), and save again.',
      });
    }
    return pending.privateJwk;
  }

  discard(keyId: string): void {
    this.#keys.delete(keyId);
  }

  clear(): void {
    this.#keys.clear();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, pending] of this.#keys) if (now - pending.madeAt > PENDING_MS) this.#keys.delete(id);
  }
}
