// Packaging is not run here (it needs Electron's binaries); what it would do is checked instead:
// electron-builder's own loader and schema read our configuration, and the afterPack hook flips
// exactly the fuses we claim, in the right binary, on every platform.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Fuses from '@electron/fuses';

vi.mock('@electron/fuses', async (importOriginal) => ({ ...(await importOriginal<typeof Fuses>()), flipFuses: vi.fn(async () => 1) }));

const { flipFuses, FuseV1Options, FuseVersion } = await import('@electron/fuses');
const { default: afterPack, FACTORDESK_FUSES, packedElectronPath } = await import('../../packaging/after-pack.mjs');

const root = resolve(import.meta.dirname, '../..');
// electron-builder's own configuration loader, schema check and hook resolver (the copies it uses).
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const builderConfig = fromBuilder('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { resolveFunction } = fromBuilder('app-builder-lib/out/util/resolve') as {
  resolveFunction(type: string | undefined, executor: unknown, name: string, root: string): Promise<unknown>;
};

const OUR_FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
};

const packager = { executableName: 'factordesk', appInfo: { productFilename: 'FactorDesk' } };

beforeEach(() => vi.mocked(flipFuses).mockClear());

describe('Electron fuses', () => {
  it('are the ones we claim: no run-as-node, NODE_OPTIONS or --inspect; ASAR integrity and ASAR-only loading on', () => {
    expect(FACTORDESK_FUSES).toEqual(OUR_FUSES);
    expect(Object.isFrozen(FACTORDESK_FUSES)).toBe(true);
  });

  it('are flipped by the afterPack hook in the packed binary, on every platform', async () => {
    const cases = [
      { electronPlatformName: 'linux', appOutDir: '/dist/linux-unpacked', binary: join('/dist/linux-unpacked', 'factordesk'), mac: false },
      { electronPlatformName: 'win32', appOutDir: '/dist/win-unpacked', binary: join('/dist/win-unpacked', 'FactorDesk.exe'), mac: false },
      { electronPlatformName: 'darwin', appOutDir: '/dist/mac-arm64', binary: join('/dist/mac-arm64', 'FactorDesk.app'), mac: true },
      { electronPlatformName: 'mas', appOutDir: '/dist/mas', binary: join('/dist/mas', 'FactorDesk.app'), mac: true },
    ];
    for (const { electronPlatformName, appOutDir, binary, mac } of cases) {
      await afterPack({ electronPlatformName, appOutDir, packager });
      expect(vi.mocked(flipFuses)).toHaveBeenLastCalledWith(binary, { version: FuseVersion.V1, resetAdHocDarwinSignature: mac, ...OUR_FUSES });
    }
    expect(vi.mocked(flipFuses)).toHaveBeenCalledTimes(4);
  });

  it('stop the packaging when the binary cannot be found, rather than ship it unflipped', async () => {
    await expect(afterPack({ electronPlatformName: 'freebsd', appOutDir: '/dist/x', packager })).rejects.toThrow(/does not know where Electron's binary is/);
    expect(() => packedElectronPath({ electronPlatformName: 'aix', appOutDir: '/dist/x', packager })).toThrow();
    expect(vi.mocked(flipFuses)).not.toHaveBeenCalled();
  });
});

describe('the electron-builder configuration', () => {
  it("passes electron-builder's own schema, ships app.asar only and runs the fuse hook after packing", async () => {
    const config = await builderConfig.getConfig(root, null, null);
    await builderConfig.validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({
      appId: 'app.factordesk.console',
      productName: 'FactorDesk',
      asar: true,
      asarUnpack: ['**/*.node'],
      afterPack: './packaging/after-pack.mjs',
      files: [{ filter: ['out/**', 'package.json'] }],
    });
    // One place flips fuses: electron-builder's own electronFuses would run as well.
    expect(config).not.toHaveProperty('electronFuses');
    const hook = await resolveFunction(undefined, config.afterPack, 'afterPack', root);
    expect(typeof hook).toBe('function');
    expect((hook as { name: string }).name).toBe('afterPack');
  });

  it('is refused by that schema when a key is misspelled (the check can fail)', async () => {
    const config = await builderConfig.getConfig(root, null, null);
    await expect(builderConfig.validateConfiguration({ ...config, afterPak: './packaging/after-pack.mjs' }, new DebugLogger(false))).rejects.toThrow(/afterPak/);
  });
});
