import type { KeychainStatus } from '../../../contract';

/**
 * Where API tokens are kept, keyed by org id. Implementations never write a token anywhere
 * but their own store, and never put one in an error message.
 */
export interface SecretStore {
  /** Whether this store can hold secrets here (e.g. a Linux desktop without a Secret Service cannot). */
  status(): Promise<KeychainStatus>;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves true when something was deleted. */
  delete(account: string): Promise<boolean>;
}
