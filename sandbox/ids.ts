import { BASE62, SeededRandom } from './random';

/**
 * Okta-shaped ids: a three-letter prefix plus 17 base62 characters (20 in all).
 * Drawn from a seeded stream so a given seed and call sequence always yields the same ids.
 */
export class IdFactory {
  private readonly random: SeededRandom;

  constructor(seed: string | number) {
    this.random = new SeededRandom(`${seed}:runtime-ids`);
  }

  next(prefix: string): string {
    return prefix + this.random.string(20 - prefix.length, BASE62);
  }

  /** Push verify transaction ids look like `v2mst.` followed by 22 characters. */
  transaction(): string {
    return 'v2mst.' + this.random.string(22, BASE62);
  }
}

/** Factor id prefixes as Okta uses them (sms → mbl, call → clf, push → opf, ...). */
export const FACTOR_ID_PREFIX: Record<string, string> = {
  sms: 'mbl',
  call: 'clf',
  push: 'opf',
  email: 'emf',
  question: 'ufs',
  'token:software:totp': 'ost',
  signed_nonce: 'crp',
  'token:hardware': 'ykf',
  token: 'rsa',
  'token:hotp': 'chf',
  web: 'dsf',
  webauthn: 'fwf',
  u2f: 'fuf',
};

/** A factor's id prefix; Symantec VIP tokens (`ufv`) differ from RSA SecurID ones (`rsa`). */
export function factorIdPrefix(factorType: string, provider: string): string {
  if (factorType === 'token' && provider === 'SYMANTEC') return 'ufv';
  return FACTOR_ID_PREFIX[factorType] ?? 'fct';
}
