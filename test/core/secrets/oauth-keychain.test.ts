import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeychainStatus } from '../../../contract';
import { FactorDeskError } from '../../../contract';
import { newKeyPair } from '../../../main/core/auth/dpop-keys';
import { OrgSessions } from '../../../main/core/auth/org-sessions';
import { createCore } from '../../../main/core/core';
import { OrgCredentials } from '../../../main/core/orgs/org-credentials';
import { createKeychainSecretStore } from '../../../main/core/secrets/keychain-store';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import type { SavedOrg } from '../../../main/core/settings/settings-schema';
import { filesUnder } from '../../support/files-under';

// The OAuth secrets in the real OS keychain (gnome-keyring in a private D-Bus session under npm
// test): the agent's refresh token and DPoP key, a service app's client key and its DPoP key —
// each entry bound to the org's address, none of them in a file.

const SERVICE = 'FactorDesk-test';
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

let status: KeychainStatus;
beforeAll(async () => {
  status = await createKeychainSecretStore({ service: SERVICE }).status();
});

const entry = (account: string) => new AsyncEntry(SERVICE, account, ENTRY_OPTIONS).getPassword();

function oauthOrg(id: string, url = 'https://acme.okta.com'): SavedOrg {
  return {
    id,
    name: 'Acme',
    url,
    kind: 'okta',
    tokenStorage: 'keychain',
    requireCallerVerification: true,
    connection: { method: 'oauth', clientId: '0oaNativeApp00000000', scopes: ['okta.users.read', 'okta.users.manage'] },
  };
}

describe('OAuth secrets in the OS keychain', () => {
  it("keeps an agent's sign-in (refresh token, DPoP key) bound to the org's address, and brings it back after a restart", async (context) => {
    if (!status.available) context.skip(`no Secret Service reachable: ${status.detail}`);
    const keychain = createKeychainSecretStore({ service: SERVICE });
    const credentials = new OrgCredentials({ keychain, session: createSessionSecretStore(), sandboxRunning: () => false });
    const org = oauthOrg(randomUUID());
    const { keys, privateJwk } = await newKeyPair();
    const refreshToken = `rt-${randomUUID()}`;
    const stored = { v: 1 as const, refreshToken, agent: { sub: '00u1', name: 'Ada Agent', login: 'ada@acme.com' }, authTime: 1_700_000_000, scopes: ['okta.users.read'] };
    try {
      await new OrgSessions(credentials).adopt(org, { keys, privateJwk, stored, accessToken: { value: 'at-in-memory-only', expiresAt: Date.now() + 3600_000, tokenType: 'dpop' } });

      expect(JSON.parse((await entry(`${org.id}:refresh-token`)) ?? 'null')).toEqual({ v: 1, origin: 'https://acme.okta.com', kind: 'refresh-token', secret: JSON.stringify(stored) });
      const dpop = JSON.parse((await entry(`${org.id}:dpop-key`)) ?? 'null') as { origin: string; kind: string; secret: string };
      expect(dpop).toMatchObject({ v: 1, origin: 'https://acme.okta.com', kind: 'dpop-key' });
      expect(JSON.parse(dpop.secret)).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String), alg: 'ES256' });
      // The access token is never written.
      for (const kind of ['refresh-token', 'dpop-key']) expect(await entry(`${org.id}:${kind}`)).not.toContain('at-in-memory-only');

      // A restart: a new process reads the sign-in back from the keychain, without asking Okta.
      const restarted = new OrgSessions(new OrgCredentials({ keychain: createKeychainSecretStore({ service: SERVICE }), session: createSessionSecretStore(), sandboxRunning: () => false }));
      expect(await restarted.agentOf(org)).toEqual({ name: 'Ada Agent', login: 'ada@acme.com', signedInAt: new Date(1_700_000_000_000).toISOString() });
      const session = await restarted.sessionFor(org);
      expect(session?.secrets()).toEqual([refreshToken]);

      // settings.json edited to send it elsewhere: the keychain entry is refused for that address.
      const moved = oauthOrg(org.id, 'https://evil.okta.com');
      await expect(credentials.secret(moved, 'refresh-token')).rejects.toMatchObject({ data: { code: 'TOKEN_ORIGIN_MISMATCH', message: expect.stringMatching(/saved sign-in for Acme was saved for another org address/) } });
      await expect(restarted.sessionFor(moved)).rejects.toBeInstanceOf(FactorDeskError);
    } finally {
      await credentials.forget(org.id);
    }
    expect(await entry(`${org.id}:refresh-token`)).toBeNull();
    expect(await entry(`${org.id}:dpop-key`)).toBeNull();
  });

  it("keeps a service app's client key and its own DPoP key there, saved through the core, and drops them with the org", async (context) => {
    if (!status.available) context.skip(`no Secret Service reachable: ${status.detail}`);
    const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-keychain-oauth-'));
    const core = createCore({ dataDir, secretStore: createKeychainSecretStore({ service: SERVICE }), agentName: 'test', emit: () => {} });
    const who = { clientId: 'keychain-oauth-test' };
    try {
      const key = await core.dispatch('createServiceAppKey', {}, who);
      if (!key.ok) throw new Error(key.error.message);
      const { keyId, publicJwk } = key.value as { keyId: string; publicJwk: Record<string, string> };
      const saved = await core.dispatch(
        'saveOrg',
        { name: 'Acme automation', url: 'https://acme.okta.com', method: 'service', clientId: '0oaServiceApp0000000', scopes: ['okta.users.read'], serviceKeyId: keyId, tokenStorage: 'keychain' },
        who,
      );
      if (!saved.ok) throw new Error(saved.error.message);
      const org = saved.value as { id: string; hasToken: boolean };
      expect(org.hasToken).toBe(true);
      const clientKey = JSON.parse((await entry(`${org.id}:client-key`)) ?? 'null') as { origin: string; secret: string };
      expect(clientKey.origin).toBe('https://acme.okta.com');
      expect(JSON.parse(clientKey.secret)).toMatchObject({ kty: 'EC', crv: 'P-256', x: publicJwk.x, d: expect.any(String) });
      // Connected (it is the selected org): its DPoP key was made, a key of its own.
      const dpopKey = JSON.parse((await entry(`${org.id}:dpop-key`)) ?? 'null') as { origin: string; secret: string };
      expect(dpopKey.origin).toBe('https://acme.okta.com');
      expect(JSON.parse(dpopKey.secret).x).not.toBe(publicJwk.x);

      const privateD = (JSON.parse(clientKey.secret) as { d: string }).d;
      for (const [path, text] of await filesUnder(dataDir)) expect(text, path).not.toContain(privateD);

      const removed = await core.dispatch('removeOrg', { id: org.id }, who);
      expect(removed.ok).toBe(true);
      expect(await entry(`${org.id}:client-key`)).toBeNull();
      expect(await entry(`${org.id}:dpop-key`)).toBeNull();
    } finally {
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
