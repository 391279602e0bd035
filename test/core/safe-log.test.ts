// Unexpected failures reach the log as text, with the tokens and the request's secrets scrubbed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createCore } from '../../main/core/core';
import { describeForLog } from '../../main/core/safe-log';
import type { SecretStore } from '../../main/core/secrets/secret-store';

const TOKEN = '00aLeakyTokenValue-0123456789abcdefghijklmn';

it('logs an unexpected failure without the token the request carried, not even inside the error object', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-safe-log-'));
  // A keychain library that misbehaves: it throws a plain Error quoting what it was given.
  const careless: SecretStore = {
    status: async () => ({ available: true }),
    get: async () => null,
    set: async (account, secret) => {
      throw Object.assign(new Error(`could not store ${secret} for ${account}`), { secret, cause: new Error(`low level: ${secret}`) });
    },
    delete: async () => false,
  };
  const logged: unknown[][] = [];
  const core = createCore({ dataDir, secretStore: careless, agentName: 'test', emit: () => {}, log: (...args) => logged.push(args) });
  try {
    const saved = await core.dispatch('saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' }, { clientId: 'test' });
    expect(saved).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    expect(logged).toHaveLength(1);
    const [message, detail] = logged[0] as [string, unknown];
    expect(message).toBe('Unexpected failure in saveOrg');
    expect(typeof detail).toBe('string');
    // The keychain is given the token bound to its org address ({"v":1,"origin":…,"token":…}).
    expect(detail).toMatch(/could not store .*"token":"\[redacted\]".* for .*Caused by: Error: low level: .*\[redacted\]/s);
    expect(detail).not.toContain(TOKEN);
  } finally {
    await core.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

it('replaces every known secret, longest first, and describes non-errors as text', () => {
  expect(describeForLog(new Error(`a ${TOKEN} b`), ['00aLeaky', TOKEN])).not.toContain('00aLeaky');
  expect(describeForLog(`plain ${TOKEN}`, [TOKEN])).toBe('plain [redacted]');
});
