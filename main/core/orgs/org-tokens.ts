import { z } from 'zod';
import type { KeychainStatus, OrgProblem, TokenStorage } from '../../../contract';
import { FactorDeskError } from '../../../contract';
import type { SecretStore } from '../secrets/secret-store';
import type { SavedOrg } from '../settings/settings-schema';
import { keychainUnavailable, tokenSavedForAnotherAddress } from './org-errors';
import { savedOrgProblem } from './saved-org-check';

export interface OrgTokensOptions {
  /** The OS keychain (or anything SecretStore-shaped in tests). */
  keychain: SecretStore;
  /** Memory only, forgotten when FactorDesk quits. */
  session: SecretStore;
  /** The sandbox org's token is only good while the sandbox it belongs to runs. */
  sandboxRunning(): boolean;
}

/**
 * What a store holds for an org: the token and the org address it was saved for. A token is only
 * ever handed out for that same address, so editing settings.json (or restoring an old profile)
 * cannot send it anywhere else.
 */
const boundTokenSchema = z.object({ v: z.literal(1), origin: z.string(), token: z.string().min(1) }).strict();
type BoundToken = z.infer<typeof boundTokenSchema>;

function bind(origin: string, token: string): string {
  return JSON.stringify({ v: 1, origin, token } satisfies BoundToken);
}

/**
 * An entry without an address (saved by an earlier FactorDesk, or by something else) is not bound
 * on first use: by then the saved address may already have been edited, and nothing tells which
 * address the token was meant for. It is treated like one bound elsewhere: the agent pastes it again.
 */
function unbind(text: string): BoundToken | null {
  try {
    const parsed = boundTokenSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether FactorDesk can use the org's token, and if not, what the agent must do. */
export interface TokenState {
  hasToken: boolean;
  problem?: OrgProblem;
}

/** Orgs' API tokens, keyed by org id and bound to the org's address: in the keychain or kept for this session only, never both. */
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

  /**
   * The org's token, or null when FactorDesk has none. Throws (NOT_OKTA_URL, TOKEN_ORIGIN_MISMATCH)
   * when the saved org is not usable as saved or its token was saved for another address: the one
   * place a token is handed out refuses both.
   */
  async tokenOf(org: SavedOrg): Promise<string | null> {
    const problem = savedOrgProblem(org);
    if (problem) throw problem;
    if (org.kind === 'sandbox' && !this.options.sandboxRunning()) return null;
    const store = this.storeFor(org.tokenStorage);
    if (org.tokenStorage === 'keychain' && !(await store.status()).available) return null;
    const text = await store.get(org.id);
    if (text === null) return null;
    const bound = unbind(text);
    if (!bound || bound.origin !== org.url) throw tokenSavedForAnotherAddress(org, bound === null);
    return bound.token;
  }

  /** For the org list: whether the token is there and usable, or what stands in the way. */
  async state(org: SavedOrg): Promise<TokenState> {
    try {
      return { hasToken: (await this.tokenOf(org)) !== null };
    } catch (error) {
      if (!(error instanceof FactorDeskError)) return { hasToken: false };
      return { hasToken: false, problem: { code: error.data.code, message: error.data.message, action: error.data.action ?? '' } };
    }
  }

  /** Put the token in its store, bound to the org's address, and make sure no other store still holds an old one. */
  async store(org: Pick<SavedOrg, 'id' | 'url'>, storage: TokenStorage, token: string): Promise<void> {
    await this.storeFor(storage).set(org.id, bind(org.url, token));
    const other: TokenStorage = storage === 'keychain' ? 'session' : 'keychain';
    if (other === 'session' || (await this.options.keychain.status()).available) {
      await this.storeFor(other).delete(org.id);
    }
  }

  /** Keep a token in memory only (the sandbox's, which changes with every launch), bound to the org's address. */
  keepForSession(org: Pick<SavedOrg, 'id' | 'url'>, token: string): Promise<void> {
    return this.options.session.set(org.id, bind(org.url, token));
  }

  async forget(id: string): Promise<void> {
    await this.options.session.delete(id);
    if ((await this.options.keychain.status()).available) await this.options.keychain.delete(id);
  }

  private storeFor(storage: TokenStorage): SecretStore {
    return storage === 'keychain' ? this.options.keychain : this.options.session;
  }
}
