import { z } from 'zod';
import type { KeychainStatus, OrgProblem, TokenStorage } from '../../../contract';
import { FactorDeskError } from '../../../contract';
import type { SecretStore } from '../secrets/secret-store';
import type { SavedOrg } from '../settings/settings-schema';
import { keychainUnavailable, secretSavedForAnotherAddress } from './org-errors';
import { savedOrgProblem } from './saved-org-check';

/**
 * The secrets FactorDesk keeps for an org, one keychain entry each:
 * - `api-token`: the SSWS API token ("API token (legacy)");
 * - `refresh-token`: the agent's rotating refresh token with who signed in ("Sign in with Okta");
 * - `dpop-key`: the private EC P-256 JWK DPoP proofs are signed with (both OAuth methods);
 * - `client-key`: a service app's private EC P-256 JWK for `private_key_jwt`.
 * Access tokens are never stored: they live in memory only.
 */
export type CredentialKind = 'api-token' | 'refresh-token' | 'dpop-key' | 'client-key';
const ALL_KINDS: readonly CredentialKind[] = ['api-token', 'refresh-token', 'dpop-key', 'client-key'];

/** What the agent calls each kind, for the words of a refusal. */
const KIND_WORDS: Record<CredentialKind, string> = {
  'api-token': 'API token',
  'refresh-token': 'sign-in',
  'dpop-key': 'DPoP key',
  'client-key': 'service app key',
};

export interface OrgCredentialsOptions {
  /** The OS keychain (or anything SecretStore-shaped in tests). */
  keychain: SecretStore;
  /** Memory only, forgotten when FactorDesk quits. */
  session: SecretStore;
  /** The sandbox org's credentials are only good while the sandbox they belong to runs. */
  sandboxRunning(): boolean;
}

/**
 * Every entry records the org address it was saved for, and the org's custom domain when it has
 * one: the two origins the secret may be sent to. A secret is only ever handed out for those same
 * two, so editing settings.json (or restoring an old profile) cannot send it anywhere else. The API
 * token keeps the entry shape of earlier versions (account = org id); an entry without
 * `customDomain` is bound to the org address alone.
 */
const boundApiTokenSchema = z.object({ v: z.literal(1), origin: z.string(), customDomain: z.string().optional(), token: z.string().min(1) }).strict();
const boundSecretSchema = z
  .object({
    v: z.literal(1),
    origin: z.string(),
    customDomain: z.string().optional(),
    kind: z.enum(['refresh-token', 'dpop-key', 'client-key']),
    secret: z.string().min(1),
  })
  .strict();

/** Where an org's secrets may go: its address, and its custom domain. */
type OrgOrigins = Pick<SavedOrg, 'url' | 'customDomain'>;

function accountOf(orgId: string, kind: CredentialKind): string {
  return kind === 'api-token' ? orgId : `${orgId}:${kind}`;
}

function bind(org: OrgOrigins, kind: CredentialKind, secret: string): string {
  const origins = org.customDomain ? { origin: org.url, customDomain: org.customDomain } : { origin: org.url };
  return JSON.stringify(kind === 'api-token' ? { v: 1, ...origins, token: secret } : { v: 1, ...origins, kind, secret });
}

/** The entry was saved for exactly the org's address and custom domain (or none). */
function boundTo(bound: { origin: string; customDomain?: string | undefined }, org: OrgOrigins): boolean {
  return bound.origin === org.url && (bound.customDomain ?? null) === (org.customDomain ?? null);
}

/**
 * An entry without an address (saved by an earlier FactorDesk, or by something else) is not bound
 * on first use: by then the saved address may already have been edited, and nothing tells which
 * address it was meant for. It is treated like one bound elsewhere: the agent gives it again.
 */
function unbind(text: string, kind: CredentialKind): { origin: string; customDomain?: string | undefined; secret: string } | null {
  try {
    const json: unknown = JSON.parse(text);
    if (kind === 'api-token') {
      const parsed = boundApiTokenSchema.safeParse(json);
      return parsed.success ? { origin: parsed.data.origin, customDomain: parsed.data.customDomain, secret: parsed.data.token } : null;
    }
    const parsed = boundSecretSchema.safeParse(json);
    return parsed.success && parsed.data.kind === kind ? { origin: parsed.data.origin, customDomain: parsed.data.customDomain, secret: parsed.data.secret } : null;
  } catch {
    return null;
  }
}

/** Whether FactorDesk can use the org's credential, and if not, what the agent must do. */
export interface TokenState {
  hasToken: boolean;
  problem?: OrgProblem;
}

/** The entry that makes an org usable, by how it is connected. */
function primaryKind(org: SavedOrg): CredentialKind {
  switch (org.connection.method) {
    case 'ssws':
      return 'api-token';
    case 'oauth':
      return 'refresh-token';
    case 'service':
      return 'client-key';
  }
}

/** Orgs' secrets, keyed by org id and kind, bound to the org's address: in the keychain or kept for this session only, never both. */
export class OrgCredentials {
  constructor(private readonly options: OrgCredentialsOptions) {}

  keychainStatus(): Promise<KeychainStatus> {
    return this.options.keychain.status();
  }

  /** Throws KEYCHAIN_UNAVAILABLE (with the reason) when there is no keychain to keep a secret in. */
  async requireKeychain(): Promise<void> {
    const status = await this.options.keychain.status();
    if (!status.available) throw keychainUnavailable(status);
  }

  /** The org's API token, or null when FactorDesk has none (see `secret`). */
  tokenOf(org: SavedOrg): Promise<string | null> {
    return this.secret(org, 'api-token');
  }

  /**
   * One of the org's secrets, or null when FactorDesk has none. Throws (NOT_OKTA_URL,
   * TOKEN_ORIGIN_MISMATCH) when the saved org is not usable as saved or the secret was saved for
   * another address: the one place a secret is handed out refuses both.
   */
  async secret(org: SavedOrg, kind: CredentialKind): Promise<string | null> {
    const problem = savedOrgProblem(org);
    if (problem) throw problem;
    if (org.kind === 'sandbox' && !this.options.sandboxRunning()) return null;
    const store = this.storeFor(org.tokenStorage);
    if (org.tokenStorage === 'keychain' && !(await store.status()).available) return null;
    const text = await store.get(accountOf(org.id, kind));
    if (text === null) return null;
    const bound = unbind(text, kind);
    if (!bound || !boundTo(bound, org)) throw secretSavedForAnotherAddress(org, KIND_WORDS[kind], bound === null);
    return bound.secret;
  }

  /** For the org list: whether the credential its connection needs is there and usable, or what stands in the way. */
  async state(org: SavedOrg): Promise<TokenState> {
    try {
      return { hasToken: (await this.secret(org, primaryKind(org))) !== null };
    } catch (error) {
      if (!(error instanceof FactorDeskError)) return { hasToken: false };
      return { hasToken: false, problem: { code: error.data.code, message: error.data.message, action: error.data.action ?? '' } };
    }
  }

  /** Put the API token in its store, bound to the org's address, and make sure no other store still holds an old one. */
  async store(org: Pick<SavedOrg, 'id' | 'url' | 'customDomain'>, storage: TokenStorage, token: string): Promise<void> {
    await this.storeFor(storage).set(accountOf(org.id, 'api-token'), bind(org, 'api-token', token));
    await this.deleteFrom(other(storage), org.id, 'api-token');
  }

  /** Keep an API token in memory only (the sandbox's, which changes with every launch), bound to the org's address. */
  keepForSession(org: Pick<SavedOrg, 'id' | 'url' | 'customDomain'>, token: string): Promise<void> {
    return this.options.session.set(accountOf(org.id, 'api-token'), bind(org, 'api-token', token));
  }

  /** Keep one of the org's secrets in the org's store, bound to its address (written before the caller goes on). */
  put(org: Pick<SavedOrg, 'id' | 'url' | 'customDomain' | 'tokenStorage'>, kind: CredentialKind, secret: string): Promise<void> {
    return this.storeFor(org.tokenStorage).set(accountOf(org.id, kind), bind(org, kind, secret));
  }

  /** Forget one of the org's secrets, wherever it is. */
  async remove(id: string, kind: CredentialKind): Promise<void> {
    await this.deleteFrom('session', id, kind);
    await this.deleteFrom('keychain', id, kind);
  }

  /**
   * Move the org's secrets (all kinds) from one store to another, kept bound to the same address;
   * used when the agent switches between the keychain and "this session only".
   */
  async relocate(org: Pick<SavedOrg, 'id' | 'url'>, from: TokenStorage, to: TokenStorage): Promise<void> {
    if (from === to) return;
    const source = this.storeFor(from);
    if (from === 'keychain' && !(await source.status()).available) return;
    for (const kind of ALL_KINDS) {
      const text = await source.get(accountOf(org.id, kind));
      if (text === null) continue;
      await this.storeFor(to).set(accountOf(org.id, kind), text);
      await source.delete(accountOf(org.id, kind));
    }
  }

  /** Forget everything kept for an org (all kinds, both stores). */
  async forget(id: string): Promise<void> {
    for (const kind of ALL_KINDS) await this.remove(id, kind);
  }

  private async deleteFrom(storage: TokenStorage, id: string, kind: CredentialKind): Promise<void> {
    if (storage === 'keychain' && !(await this.options.keychain.status()).available) return;
    await this.storeFor(storage).delete(accountOf(id, kind));
  }

  private storeFor(storage: TokenStorage): SecretStore {
    return storage === 'keychain' ? this.options.keychain : this.options.session;
  }
}

function other(storage: TokenStorage): TokenStorage {
  return storage === 'keychain' ? 'session' : 'keychain';
}
