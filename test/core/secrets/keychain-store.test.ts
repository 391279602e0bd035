import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AsyncEntry } from '@napi-rs/keyring';
import keytar from '@napi-rs/keyring/keytar';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeychainStatus } from '../../../contract';
import { createCore } from '../../../main/core/core';
import { createKeychainSecretStore } from '../../../main/core/secrets/keychain-store';

// A service name of its own, so even a run outside the private test keyring never touches FactorDesk's entries.
const SERVICE = 'FactorDesk-test';
const run = promisify(execFile);

let status: KeychainStatus;
beforeAll(async () => {
  status = await createKeychainSecretStore({ service: SERVICE }).status();
  if (!status.available) {
    console.warn(
      `No Secret Service is reachable here, so the real-keychain tests are skipped (${status.detail}). ` +
        'Run them with: dbus-run-session -- scripts/with-keyring.sh npx vitest run test/core/secrets',
    );
  }
});

describe('the OS keychain through @napi-rs/keyring', () => {
  it('stores, reads and deletes a token (or reports plainly that there is no Secret Service)', async (context) => {
    if (!status.available) {
      context.skip(`no Secret Service reachable: ${status.detail}`);
    }
    const store = createKeychainSecretStore({ service: SERVICE });
    const account = `org-${randomUUID()}`;
    expect(await store.get(account)).toBeNull();
    await store.set(account, 'ssws-token-one');
    expect(await store.get(account)).toBe('ssws-token-one');
    await store.set(account, 'ssws-token-two');
    expect(await store.get(account)).toBe('ssws-token-two');
    // keytar-compatible: the same service + account is visible through the keytar-shaped API.
    expect(await keytar.getPassword(SERVICE, account)).toBe('ssws-token-two');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('holds the token saved with an org (keyed by org id, bound to its address), never the settings file, and drops it with the org', async (context) => {
    if (!status.available) context.skip(`no Secret Service reachable: ${status.detail}`);
    const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-keychain-'));
    const core = createCore({ dataDir, secretStore: createKeychainSecretStore({ service: SERVICE }), agentName: 'test', emit: () => {} });
    const context_ = { clientId: 'keychain-test' };
    try {
      const token = `00a-keychain-test-${randomUUID()}`;
      const saved = await core.dispatch('saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token, tokenStorage: 'keychain' }, context_);
      if (!saved.ok) throw new Error(saved.error.message);
      const orgId = (saved.value as { id: string }).id;
      const entry = await new AsyncEntry(SERVICE, orgId, { linux: { store: 'secret-service' } }).getPassword();
      expect(JSON.parse(entry ?? 'null')).toEqual({ v: 1, origin: 'https://acme.okta.com', token });
      expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).not.toContain(token);

      const removed = await core.dispatch('removeOrg', { id: orgId }, context_);
      expect(removed.ok).toBe(true);
      expect(await new AsyncEntry(SERVICE, orgId, { linux: { store: 'secret-service' } }).getPassword()).toBeNull();
    } finally {
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('without a Secret Service', () => {
  it.runIf(process.platform === 'linux')('reports the keychain as unavailable, with a reason, instead of failing later', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/print-keychain-status.ts')], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/factordesk-no-bus' },
      timeout: 20_000,
    });
    const reported = JSON.parse(stdout) as KeychainStatus;
    expect(reported.available).toBe(false);
    expect(reported.detail).toMatch(/Secret Service/);
    expect(reported.detail).toMatch(/session only/);
  });

  it.runIf(process.platform === 'linux')('refuses to store a token anywhere else (KEYCHAIN_UNAVAILABLE, with what to do)', async () => {
    // Same store, on a bus that does not exist: the failure must be the typed one, never a plaintext fallback.
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--eval', `
        import { createKeychainSecretStore } from ${JSON.stringify(join(import.meta.dirname, '../../../main/core/secrets/keychain-store.ts'))};
        const store = createKeychainSecretStore({ service: 'FactorDesk-test' });
        try { await store.set('x', 'secret'); process.stdout.write('stored'); }
        catch (error) { process.stdout.write(JSON.stringify(error.data)); }
      `],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/factordesk-no-bus' }, timeout: 20_000 },
    );
    expect(JSON.parse(stdout)).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', action: expect.stringMatching(/session only/) });
  });
});

describe('keychain error wording', () => {
  it('keeps the platform reason but never the token that was being saved', async () => {
    const { keychainErrorDetail } = await import('../../../main/core/secrets/keychain-store');
    const token = '00aVeryS3cretTokenValue-0123456789abcdefghij';
    const detail = keychainErrorDetail(new Error(`Platform failure: could not store "${token}" for FactorDesk/org1.`), token);
    expect(detail).toBe('could not store "[redacted]" for FactorDesk/org1');
    // Shortened after scrubbing, so not even the start of a long token survives a cut.
    expect(keychainErrorDetail(new Error(`${'x'.repeat(190)}${token}`), token)).not.toContain(token.slice(0, 8));
  });
});
