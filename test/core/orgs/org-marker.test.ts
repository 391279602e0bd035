// The band across the top of the window: each saved org's colour and label, in settings.json and
// checked on the way in; the practice org's own band that nobody can make look like a real org's.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from './core-harness';

const TOKEN = '00aMarkerTokenForTests-never-elsewhere-9f2';
let harness: CoreHarness | undefined;
let sandbox: SharedSandbox;

beforeAll(async () => {
  sandbox = await shareSandbox(30);
});
afterAll(() => sandbox.close());
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('org markers', () => {
  it('a new org is red "Production" until the agent chooses; the choice is saved and kept when left out', async () => {
    harness = await makeCore();
    const acme = await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    expect(acme.marker).toEqual({ color: '#c62828', label: 'Production', practice: false });
    const staged = await call(harness.core, 'saveOrg', { id: acme.id, name: 'Acme', url: 'https://acme.okta.com', tokenStorage: 'keychain', marker: { color: '#1565C0', label: '  Staging  ' } });
    expect(staged.marker).toEqual({ color: '#1565C0', label: 'Staging', practice: false });
    const renamed = await call(harness.core, 'saveOrg', { id: acme.id, name: 'Acme (test)', url: 'https://acme.okta.com', tokenStorage: 'keychain' });
    expect(renamed.marker?.label).toBe('Staging');
    const settings = JSON.parse(await readFile(join(harness.dataDir, 'settings.json'), 'utf8')) as { orgs: Array<Record<string, unknown>> };
    expect(settings.orgs[0]?.marker).toEqual({ color: '#1565C0', label: 'Staging' });
  });

  it('refuses a colour or label that is not one, and changes nothing', async () => {
    harness = await makeCore();
    const acme = await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain', marker: { color: '#2e7d32', label: 'Prod EU' } });
    for (const marker of [
      { color: 'red', label: 'Prod' },
      { color: '#12345', label: 'Prod' },
      { color: '#2e7d32', label: '' },
      { color: '#2e7d32', label: 'x'.repeat(41) },
      { color: '#2e7d32', label: 'Prod\nEU' },
      { color: '#2e7d32', label: 'Prod', extra: true },
    ]) {
      const error = await callError(harness.core, 'saveOrg', { id: acme.id, name: 'Acme', url: 'https://acme.okta.com', tokenStorage: 'keychain', marker: marker as { color: string; label: string } });
      expect(error.code, JSON.stringify(marker)).toBe('INVALID_INPUT');
    }
    expect((await call(harness.core, 'listOrgs', {})).orgs[0]?.marker).toEqual({ color: '#2e7d32', label: 'Prod EU', practice: false });
  });

  it('a marker edited by hand into nonsense is dropped for the default, the rest of the file kept', async () => {
    harness = await makeCore();
    await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain', marker: { color: '#2e7d32', label: 'Prod EU' } });
    const path = join(harness.dataDir, 'settings.json');
    const settings = JSON.parse(await readFile(path, 'utf8')) as { orgs: Array<Record<string, unknown>> };
    settings.orgs[0]!.marker = { color: 'javascript:alert(1)', label: '<b>x</b>' };
    settings.orgs[0]!.phoneRegion = 'not a country';
    await writeFile(path, JSON.stringify(settings));
    await harness.restart();
    const [acme] = (await call(harness.core, 'listOrgs', {})).orgs;
    expect(acme).toMatchObject({ name: 'Acme', marker: { color: '#c62828', label: 'Production', practice: false }, phoneRegion: null, hasToken: true });
  });

  it('the practice org always has its own band, whatever is sent', async () => {
    harness = await makeCore({ sandbox });
    const practice = await call(harness.core, 'connectSandbox', {});
    expect(practice.marker).toEqual({ color: '#6d4c41', label: 'Practice org — not real users', practice: true });
    const edited = await call(harness.core, 'saveOrg', { id: practice.id, name: 'Renamed practice', url: practice.url, tokenStorage: 'session', marker: { color: '#c62828', label: 'Production' } });
    expect(edited.name).toBe('Renamed practice');
    expect(edited.marker).toEqual({ color: '#6d4c41', label: 'Practice org — not real users', practice: true });
  });
});
