// The settings file: written atomically through the shared storage writer, and errors that name the file and the cause.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FactorDeskError } from '../../../contract';
import { createSettingsStore } from '../../../main/core/settings/settings-store';
import { useTempDirs } from '../../support/temp-dirs';

const folder = useTempDirs('settings');

const ACME_ID = '3f0b6a52-1c1e-4f57-9a43-0d2f1b7c9e11';
const acme = { id: ACME_ID, name: 'Acme', url: 'https://acme.okta.com', kind: 'okta' as const, tokenStorage: 'keychain' as const, requireCallerVerification: true, connection: { method: 'ssws' as const } };

it('saves readable JSON atomically (no temporary file left) and reads it back after a restart', async () => {
  const dataDir = await folder();
  await createSettingsStore(dataDir).update((settings) => ({ ...settings, activeOrgId: ACME_ID, orgs: [acme] }));
  expect(await readdir(dataDir)).toEqual(['settings.json']);
  const text = await readFile(join(dataDir, 'settings.json'), 'utf8');
  const saved = { version: 1, activeOrgId: ACME_ID, orgs: [acme], preferences: { enrollCallerLocation: null } };
  expect(text).toBe(`${JSON.stringify(saved, null, 2)}\n`);
  expect(await createSettingsStore(dataDir).read()).toEqual(saved);
});

it("keeps the agent's preferences beside the orgs, and forgets a preference value it does not know instead of setting the file aside", async () => {
  const dataDir = await folder();
  await createSettingsStore(dataDir).update((settings) => ({ ...settings, orgs: [acme], preferences: { enrollCallerLocation: 'remote' } }));
  expect((await createSettingsStore(dataDir).read()).preferences).toEqual({ enrollCallerLocation: 'remote' });
  // An older file has none; a newer one may hold a value this version does not know.
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ version: 1, activeOrgId: null, orgs: [acme], preferences: { enrollCallerLocation: 'on-the-moon' } }));
  const store = createSettingsStore(dataDir);
  expect(await store.read()).toMatchObject({ orgs: [acme], preferences: { enrollCallerLocation: null } });
  expect(await store.takeLoadProblem()).toBeUndefined();
});

it('says which file could not be read or saved, and why, when the data folder is not a folder', async () => {
  const parent = await folder();
  const dataDir = join(parent, 'data');
  const settingsError = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a SETTINGS_ERROR');
      },
      (caught: unknown) => {
        expect(caught).toBeInstanceOf(FactorDeskError);
        return (caught as FactorDeskError).data;
      },
    );

  // Loaded (nothing saved yet), then the folder is replaced by a file: the save fails.
  const store = createSettingsStore(dataDir);
  await store.read();
  await writeFile(dataDir, 'a file where the data folder should be');
  expect(await settingsError(store.update((settings) => ({ ...settings, orgs: [acme] })))).toMatchObject({
    code: 'SETTINGS_ERROR',
    message: expect.stringMatching(/could not save its settings to .*data[\\/]settings\.json \((ENOTDIR|EEXIST)\)/),
    action: expect.stringMatching(/writable/),
  });
  // A fresh start cannot even read it.
  expect(await settingsError(createSettingsStore(dataDir).read())).toMatchObject({
    code: 'SETTINGS_ERROR',
    message: expect.stringMatching(/cannot read its settings file .*data[\\/]settings\.json \(ENOTDIR\)/),
  });
});
