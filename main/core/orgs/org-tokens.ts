import type { KeychainStatus, TokenStorage } from '../../../contract';
import type { SecretStore } from '../secrets/secret-store';
import type { SavedOrg } from '../settings/settings-schema';
import { keychainUnavailable } from './org-errors';

export interface OrgTokensOptions {
  /** The OS keychain (or anything SecretStore-shaped in tests). */
  keychain: SecretStore;
  /** Memory only, forgotten when FactorDesk quits. */
  session: SecretStore;
  /** The sandbox org's token is only good while the sandbox it belongs to runs. */
  sandboxRunning(): boolean;
}

/** Orgs' API tokens, keyed by org id: in the keychain or kept for this session only, never both. */
export class OrgTokens {
  constructor(private readonly options: OrgTokensOptions) {}

  keychainStatus(): Promise<KeychainStatus> {
    return this.options.keychain.status();
  }

  /** Throws KEYCHAIN_UNAVAILABLE (with the reason) when there is no keychain to keep a token in. */
  async requireKeychain(): Promise<void> {
    const status = await this.options.keychain.status();
    if (!status.available) throw keychainUnavailable(status);
  }

  /** The org's token, or null when FactorDesk has none it can use. */
  async tokenOf(org: SavedOrg): Promise<string | null> {
    if (org.kind === 'sandbox' && !this.options.sandboxRunning()) return null;
    const store = this.storeFor(org.tokenStorage);
    if (org.tokenStorage === 'keychain' && !(await store.status()).available) return null;
    return store.get(org.id);
  }

  /** Put the token in its store and make sure no other store still holds an old one. */
  async store(id: string, storage: TokenStorage, token: string): Promise<void> {
    await this.storeFor(storage).set(id, token);
    const other: TokenStorage = storage === 'keychain' ? 'session' : 'keychain';
    if (other === 'session' || (await this.options.keychain.status()).available) {
      await this.storeFor(other).delete(id);
    }
  }

  /** Keep a token in memory only (the sandbox's, which changes with every launch). */
  keepForSession(id: string, token: string): Promise<void> {
    return this.options.session.set(id, token);
  }

  async forget(id: string): Promise<void> {
    await this.options.session.delete(id);
    if ((await this.options.keychain.status()).available) await this.options.keychain.delete(id);
  }

  private storeFor(storage: TokenStorage): SecretStore {
    return storage === 'keychain' ? this.options.keychain : this.options.session;
  }
}
