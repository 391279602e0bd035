import { randomUUID } from 'node:crypto';
import { FactorDeskError, type ConnectionMethod, type ValidatedInput } from '../../../contract';
import { AGENT_API_SCOPES } from '../auth/agent-scopes';
import type { PendingServiceKeys } from '../auth/service-app-keys';
import type { OrgRules } from '../policy/org-rules';
import type { SavedConnection, SavedOrg } from '../settings/settings-schema';
import { newOrgNeedsToken, urlChangedNeedsToken } from './org-errors';
import type { OrgCredentials } from './org-credentials';
import { normalizeCustomDomain } from './custom-domain';
import { isPhoneRegion } from '../users/phone-search';
import { normalizeOrgUrl } from './org-url';
import type { SavedOrgs } from './saved-orgs';

export interface SaveOrgDeps {
  saved: SavedOrgs;
  credentials: OrgCredentials;
  /** The desk's policy: the org's address and way of connecting must be allowed; it may set the caller-verification rule. */
  rules: Pick<OrgRules, 'requireAllowedConnection' | 'ownCallerVerification'>;
  serviceKeys: PendingServiceKeys;
}

/** The running sandbox org, when the org saved is the sandbox: its address and API token are its own. */
export interface SandboxTarget {
  url: string;
  token: string;
  /** Its pre-registered native app, the default for "Sign in with Okta". */
  nativeClientId?: string;
}

function needs(field: string, action: string): FactorDeskError {
  return new FactorDeskError({ code: 'VALIDATION', message: `This connection needs ${field}.`, action });
}

/** How a new or edited org connects: the method, and the public parameters it keeps. */
function connectionFor(
  input: ValidatedInput<'saveOrg'>,
  method: ConnectionMethod,
  existing: SavedOrg | undefined,
  keyId: string | undefined,
  defaultClientId: string | undefined,
): SavedConnection {
  const same = existing?.connection.method === method ? existing.connection : undefined;
  if (method === 'ssws') return { method };
  const clientId = input.clientId ?? (same && same.method !== 'ssws' ? same.clientId : undefined) ?? (method === 'oauth' ? defaultClientId : undefined);
  if (method === 'oauth') {
    if (!clientId) throw needs("the FactorDesk app's client ID", "Copy the Client ID from the app's General tab in the Okta Admin Console (Applications → FactorDesk).");
    // The scopes the app was granted (an admin may leave out okta.users.manage for a desk that only looks).
    const scopes = input.scopes ?? (same?.method === 'oauth' ? same.scopes : [...AGENT_API_SCOPES]);
    return { method, clientId, scopes: [...new Set(scopes)] };
  }
  if (!clientId) throw needs("the service app's client ID", "Copy the Client ID from the app's General tab in the Okta Admin Console (Applications → the service app).");
  const scopes = input.scopes ?? (same?.method === 'service' ? same.scopes : undefined);
  if (!scopes) throw needs('the scopes granted to the service app', 'Tick the Okta API scopes granted to the app (its Okta API Scopes tab).');
  if (!keyId) throw needs('a key', 'Create a key, add its public key to the app in Okta (Client authentication: Public key / Private key), then save.');
  return { method, clientId, scopes: [...new Set(scopes)], keyId };
}

/**
 * The band and the phone region as the agent set them, else as saved. The practice org's band is
 * its own (saved-orgs.ts), so none is kept for it.
 */
export function orgPreferences(input: Pick<ValidatedInput<'saveOrg'>, 'marker' | 'phoneRegion'>, existing: SavedOrg | undefined): Pick<SavedOrg, 'marker' | 'phoneRegion'> {
  const phoneRegion = input.phoneRegion === undefined ? (existing?.phoneRegion ?? null) : input.phoneRegion;
  if (phoneRegion !== null && !isPhoneRegion(phoneRegion)) {
    throw new FactorDeskError({ code: 'VALIDATION', message: `FactorDesk does not know phone numbers of "${phoneRegion}".`, action: 'Choose a country from the list, or leave it to this computer.', causes: ['phoneRegion: not a country code FactorDesk knows'] });
  }
  const marker = input.marker ?? existing?.marker;
  return { phoneRegion, ...(marker && existing?.kind !== 'sandbox' ? { marker } : {}) };
}

/**
 * Add or edit an org. The method defaults to the saved org's, else an API token when one is
 * given, else "Sign in with Okta"; the desk's policy must allow the method and the address (the
 * sandbox, a practice org on this computer, only by `allowSandbox`, which the caller checks). Secrets go to the keychain
 * (or this session) bound to the org's address; a secret saved for another address, app or
 * method is forgotten, never moved to the new one. Answers the org as saved and whether its
 * sign-in (or secrets) had to be dropped.
 */
export async function saveOrg(deps: SaveOrgDeps, input: ValidatedInput<'saveOrg'>, existing: SavedOrg | undefined, sandbox?: SandboxTarget): Promise<SavedOrg> {
  const method: ConnectionMethod = input.method ?? existing?.connection.method ?? (input.token ? 'ssws' : 'oauth');
  // The sandbox keeps its own address, and its secrets only for the session it runs in.
  const url = sandbox ? sandbox.url : normalizeOrgUrl(input.url);
  const customDomain = sandbox ? null : input.customDomain === undefined ? (existing?.customDomain ?? null) : normalizeCustomDomain(input.customDomain, url);
  // Before the keychain is touched: nothing is kept for an org or a method the policy does not allow,
  // and a credential goes to a custom domain only if the policy allows that address too.
  if (!sandbox) deps.rules.requireAllowedConnection(url, method);
  if (customDomain) deps.rules.requireAllowedConnection(customDomain, method);
  const tokenStorage = sandbox ? 'session' : input.tokenStorage;
  if (tokenStorage === 'keychain') await deps.credentials.requireKeychain();
  // A credential is bound to the org's address and custom domain: another of either needs it again.
  const moved = existing !== undefined && (existing.url !== url || (existing.customDomain ?? null) !== customDomain);
  const token = method === 'ssws' ? (sandbox ? sandbox.token : input.token) : undefined;
  if (method === 'ssws') {
    if (!existing && !token) throw newOrgNeedsToken();
    if (existing && (moved || existing.connection.method !== 'ssws') && !token) throw moved ? urlChangedNeedsToken() : newOrgNeedsToken();
  }
  // A service app keeps its key only at the same address: a new address needs a new key.
  const keptKey = !moved && existing?.connection.method === 'service' ? existing.connection.keyId : undefined;
  const keyId = method === 'service' ? (input.serviceKeyId ?? keptKey) : undefined;
  const newPrivateKey = method === 'service' && input.serviceKeyId ? deps.serviceKeys.privateJwkOf(input.serviceKeyId) : undefined;

  const org: SavedOrg = {
    id: existing?.id ?? randomUUID(),
    name: input.name,
    url,
    ...(customDomain ? { customDomain } : {}),
    kind: sandbox ? 'sandbox' : 'okta',
    tokenStorage,
    requireCallerVerification: deps.rules.ownCallerVerification(input.requireCallerVerification, existing),
    connection: connectionFor(input, method, existing, keyId, sandbox?.nativeClientId),
    ...orgPreferences(input, existing),
  };

  // What the existing org kept stays only if it still belongs: same address, method and app.
  const sameConnection = existing !== undefined && !moved && JSON.stringify(existing.connection) === JSON.stringify(org.connection);
  if (existing && !sameConnection) {
    const keepToken = method === 'ssws' && !moved && existing.connection.method === 'ssws';
    const keepKey = method === 'service' && keptKey !== undefined && !newPrivateKey && existing.connection.method === 'service';
    for (const kind of ['refresh-token', 'dpop-key'] as const) await deps.credentials.remove(existing.id, kind);
    if (!keepKey) await deps.credentials.remove(existing.id, 'client-key');
    if (!keepToken) await deps.credentials.remove(existing.id, 'api-token');
  }
  if (existing && existing.tokenStorage !== org.tokenStorage) await deps.credentials.relocate(org, existing.tokenStorage, org.tokenStorage);

  if (token) await deps.credentials.store(org, org.tokenStorage, token);
  if (newPrivateKey) {
    await deps.credentials.put(org, 'client-key', newPrivateKey);
    await deps.credentials.remove(org.id, 'dpop-key');
  }
  try {
    await deps.saved.put(org, { selectIfNone: !existing });
  } catch (error) {
    if (!existing) await deps.credentials.forget(org.id);
    throw error;
  }
  if (newPrivateKey && input.serviceKeyId) deps.serviceKeys.discard(input.serviceKeyId);
  return org;
}
