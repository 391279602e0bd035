import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, callError, makeCore, memoryKeychain, missingKeychain, shareSandbox, type CoreHarness, type SharedSandbox } from './core-harness';

const TOKEN = '00aFakeTokenForTests-do-not-leak-9f8e7d';

let sandbox: SharedSandbox;
let harness: CoreHarness | undefined;

beforeAll(async () => {
  sandbox = await shareSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('saving, selecting and removing orgs', () => {
  it('keeps the token in the keychain and never in settings.json or a bridge answer', async () => {
    const keychain = memoryKeychain();
    harness = await makeCore({ keychain });
    const { core, dataDir } = harness;

    expect(await call(core, 'listOrgs', {})).toEqual({ orgs: [], activeOrgId: null, keychain: { available: true } });
    const saved = await call(core, 'saveOrg', { name: 'Acme', url: ' https://acme.okta.com/ ', token: TOKEN, tokenStorage: 'keychain' });
    expect(saved).toMatchObject({ name: 'Acme', url: 'https://acme.okta.com', kind: 'okta', tokenStorage: 'keychain', hasToken: true, requireCallerVerification: true });

    // Bound to the address it was saved for: it is never handed out for another one.
    expect(JSON.parse(keychain.entries().get(saved.id) ?? 'null')).toEqual({ v: 1, origin: 'https://acme.okta.com', token: TOKEN });
    const settingsText = await readFile(join(dataDir, 'settings.json'), 'utf8');
    expect(settingsText).not.toContain(TOKEN);
    expect(JSON.parse(settingsText)).toMatchObject({ version: 1, activeOrgId: saved.id, orgs: [{ id: saved.id, url: 'https://acme.okta.com' }] });

    const list = await call(core, 'listOrgs', {});
    expect(list.activeOrgId).toBe(saved.id); // the first org added is selected
    expect(JSON.stringify(list)).not.toContain(TOKEN);
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    // No temp files are left behind by the atomic write.
    expect((await readdir(dataDir)).filter((name) => name !== 'settings.json')).toEqual([]);
  });

  it('edits, switches and removes orgs, deleting the token with the org', async () => {
    const keychain = memoryKeychain();
    harness = await makeCore({ keychain });
    const { core } = harness;
    const acme = await call(core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    const globex = await call(core, 'saveOrg', { name: 'Globex', url: 'https://login.globex.example', token: `${TOKEN}-2`, tokenStorage: 'session' });
    expect((await call(core, 'listOrgs', {})).activeOrgId).toBe(acme.id); // adding a second org does not switch

    // Renaming keeps the token; changing the URL without a new token is refused.
    const renamed = await call(core, 'saveOrg', { id: acme.id, name: 'Acme Corp', url: 'https://acme.okta.com', tokenStorage: 'keychain', requireCallerVerification: false });
    expect(renamed).toMatchObject({ name: 'Acme Corp', hasToken: true, requireCallerVerification: false });
    const moved = await callError(core, 'saveOrg', { id: acme.id, name: 'Acme Corp', url: 'https://acme.oktapreview.com', tokenStorage: 'keychain' });
    expect(moved.code).toBe('VALIDATION');
    expect(moved.message).toMatch(/URL changed/);

    // Moving the token to session-only storage takes it out of the keychain.
    await call(core, 'saveOrg', { id: acme.id, name: 'Acme Corp', url: 'https://acme.okta.com', tokenStorage: 'session' });
    expect(keychain.entries().has(acme.id)).toBe(false);
    expect((await call(core, 'listOrgs', {})).orgs.find((org) => org.id === acme.id)).toMatchObject({ tokenStorage: 'session', hasToken: true });

    expect(await call(core, 'selectOrg', { id: globex.id })).toMatchObject({ id: globex.id, hasToken: true });
    expect((await call(core, 'listOrgs', {})).activeOrgId).toBe(globex.id);

    expect(await call(core, 'removeOrg', { id: globex.id })).toBeNull();
    const after = await call(core, 'listOrgs', {});
    expect(after.orgs.map((org) => org.name)).toEqual(['Acme Corp']);
    expect(after.activeOrgId).toBeNull();
    expect((await callError(core, 'selectOrg', { id: globex.id })).code).toBe('NOT_FOUND');
    expect((await callError(core, 'searchUsers', { query: '' })).code).toBe('NOT_CONNECTED');
  });

  it('forgets session-only tokens when the app restarts, but keeps keychain ones', async () => {
    harness = await makeCore();
    const kept = await call(harness.core, 'saveOrg', { name: 'Kept', url: 'https://kept.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    const forgotten = await call(harness.core, 'saveOrg', { name: 'Session', url: 'https://session.okta.com', token: TOKEN, tokenStorage: 'session' });
    const core = await harness.restart();
    const { orgs } = await call(core, 'listOrgs', {});
    expect(orgs.find((org) => org.id === kept.id)?.hasToken).toBe(true);
    expect(orgs.find((org) => org.id === forgotten.id)?.hasToken).toBe(false);
  });

  it('requires a token for a new org and a plausible Okta URL', async () => {
    harness = await makeCore();
    const { core } = harness;
    expect((await callError(core, 'saveOrg', { name: 'No token', url: 'https://acme.okta.com', tokenStorage: 'keychain' })).code).toBe('VALIDATION');
    for (const url of [
      'http://acme.okta.com',
      'https://acme.okta.com/app/UserHome',
      'https://acme.okta.com/?x=1',
      'https://acme-admin.okta.com',
      'intranet',
      'https://10.0.0.5',
      'http://127.0.0.1:8080',
      // Paths the URL parser would fold away are still paths.
      'https://acme.okta.com/..',
      'https://acme.okta.com/%2e%2e/',
      'https://acme.okta.com\\..',
    ]) {
      const error = await callError(core, 'saveOrg', { name: 'Bad', url, token: TOKEN, tokenStorage: 'session' });
      expect(error.code, url).toBe('NOT_OKTA_URL');
      expect(error.action, url).toBeTruthy();
    }
    expect((await callError(core, 'saveOrg', { name: 'Admin', url: 'https://acme-admin.okta.com', token: TOKEN, tokenStorage: 'session' })).action).toContain('https://acme.okta.com');
    expect((await call(core, 'listOrgs', {})).orgs).toEqual([]);
  });
});

describe('without a keychain (Linux without a Secret Service)', () => {
  it('says so, refuses keychain storage and accepts a session-only token', async () => {
    harness = await makeCore({ keychain: missingKeychain() });
    const { core, dataDir } = harness;
    expect((await call(core, 'listOrgs', {})).keychain).toEqual({ available: false, detail: 'No Secret Service here (test).' });

    const refused = await callError(core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    expect(refused.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(refused.action).toMatch(/session only/);

    const saved = await call(core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'session' });
    expect(saved.hasToken).toBe(true);
    expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).not.toContain(TOKEN);
    // Removing works too, without touching the missing keychain.
    await call(core, 'removeOrg', { id: saved.id });
  });
});

describe('a corrupt or unreadable settings file', () => {
  it('is kept aside as settings.json.corrupt-<time>, reported once, and the app carries on', async () => {
    harness = await makeCore();
    const { core, dataDir } = harness;
    await writeFile(join(dataDir, 'settings.json'), '{"version": 1, "orgs": [ oops');
    // A fresh core reads the file on its first call.
    const fresh = await harness.restart();
    const error = await callError(fresh, 'listOrgs', {});
    expect(error.code).toBe('SETTINGS_ERROR');
    expect(error.message).toMatch(/settings\.json\.corrupt-/);
    expect(error.action).toBeTruthy();

    const kept = (await readdir(dataDir)).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dataDir, kept[0] as string), 'utf8')).toBe('{"version": 1, "orgs": [ oops');

    expect(await call(fresh, 'listOrgs', {})).toMatchObject({ orgs: [], activeOrgId: null });
    await call(fresh, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).orgs).toHaveLength(1);
    void core;
  });

  it('treats a file in the wrong shape the same way', async () => {
    harness = await makeCore();
    await writeFile(join(harness.dataDir, 'settings.json'), JSON.stringify({ version: 7, orgs: 'many' }));
    const fresh = await harness.restart();
    expect((await callError(fresh, 'listOrgs', {})).code).toBe('SETTINGS_ERROR');
    expect((await readdir(harness.dataDir)).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true);
  });
});

describe('the sandbox org', () => {
  it('starts, connects and is selected in one call, and comes back after a restart', async () => {
    harness = await makeCore({ sandbox });
    const org = await call(harness.core, 'connectSandbox', {});
    expect(org).toMatchObject({ id: 'sandbox', kind: 'sandbox', url: sandbox.url, tokenStorage: 'session', hasToken: true });
    expect((await call(harness.core, 'listOrgs', {})).activeOrgId).toBe('sandbox');
    expect(await readFile(join(harness.dataDir, 'settings.json'), 'utf8')).not.toContain(sandbox.token);

    const core = await harness.restart();
    // The first call after launch waits for the sandbox to be reconnected.
    const page = await call(core, 'searchUsers', { query: 'isaac' });
    expect(page.users.map((user) => user.login)).toContain('isaac@example.org');
    expect((await call(core, 'listOrgs', {})).orgs).toEqual([expect.objectContaining({ id: 'sandbox', hasToken: true })]);
  });
});

describe('testConnection', () => {
  it('reports the token owner, latency and System Log access for a working token', async () => {
    harness = await makeCore({ sandbox });
    await call(harness.core, 'connectSandbox', {});
    const result = await call(harness.core, 'testConnection', { id: 'sandbox' });
    expect(result.ok).toBe(true);
    // The token's owner, from /users/me.
    expect(result.identity).toBe('Sandbox Admin (sandbox.admin@example.org)');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.canReadSystemLog).toBe(true);
  });

  it('reports a read-only token that may not read the System Log', async () => {
    harness = await makeCore({ sandbox });
    await call(harness.core, 'connectSandbox', {});
    const readOnly = await call(harness.core, 'testConnection', { id: 'sandbox', token: sandbox.readOnlyToken });
    expect(readOnly.ok).toBe(true);
    expect(readOnly.identity).toBe('Sandbox Auditor (sandbox.auditor@example.org)');
    expect(readOnly.canReadSystemLog).toBe(false);
  });

  it('says the token is invalid (E0000011) without echoing it', async () => {
    harness = await makeCore({ sandbox });
    await call(harness.core, 'connectSandbox', {});
    const wrongToken = 'sbx_this-token-is-wrong-0123456789';
    const error = await callError(harness.core, 'testConnection', { id: 'sandbox', token: wrongToken });
    expect(error.code).toBe('INVALID_TOKEN');
    expect(error.oktaErrorCode).toBe('E0000011');
    expect(JSON.stringify(error)).not.toContain(wrongToken);
  });

  it('says when the org name does not resolve (DNS)', async () => {
    harness = await makeCore();
    const error = await callError(harness.core, 'testConnection', { url: 'https://factordesk-no-such-org.invalid', token: TOKEN });
    expect(error.code).toBe('DNS_FAILURE');
    expect(error.action).toBeTruthy();
  });

  it('refuses what is not an Okta URL before sending anything', async () => {
    harness = await makeCore();
    for (const url of ['ftp://acme.okta.com', 'https://acme.okta.com/admin/dashboard', 'acme.okta.com', `${sandbox.url}`]) {
      expect((await callError(harness.core, 'testConnection', { url, token: TOKEN })).code, url).toBe('NOT_OKTA_URL');
    }
  });

  it('never sends a saved token to another address', async () => {
    harness = await makeCore({ sandbox });
    await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    const { orgs } = await call(harness.core, 'listOrgs', {});
    const error = await callError(harness.core, 'testConnection', { id: orgs[0]?.id, url: 'https://evil.example.com' });
    expect(error.code).toBe('VALIDATION');
  });
});
