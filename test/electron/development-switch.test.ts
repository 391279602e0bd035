// The main process started under different development settings: which page the window loads,
// whether DevTools may open, and which origins may call the bridge.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { methodChannel, type BridgeResult } from '../../contract';
import { fakeEvent, type ElectronFake } from './electron-fake';

type Invoke = (event: unknown, input: unknown) => Promise<BridgeResult<unknown>>;
const started: { fake: ElectronFake; dataDir: string }[] = [];

/** A fresh main process (fresh modules, a fresh Electron fake) with this environment. */
async function startMain(env: Record<string, string>, isPackaged = false) {
  vi.resetModules();
  vi.stubEnv('FACTORDESK_DEV', undefined);
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { createElectronFake } = await import('./electron-fake');
  const fake = createElectronFake({ isPackaged });
  vi.doMock('electron', () => ({ ...fake.electron, default: fake.electron }));
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-dev-switch-'));
  fake.recorded.userDataDir = dataDir;
  started.push({ fake, dataDir });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  await import('../../main/electron/index');
  const warnings = warn.mock.calls.map((call) => String(call[0]));
  warn.mockRestore();
  fake.becomeReady();
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  const window = fake.windows[0] as ElectronFake['windows'][number];
  const listOrgs = fake.recorded.ipcHandlers.find(([channel]) => channel === methodChannel('listOrgs'))?.[1] as Invoke;
  const willDownload = fake.recorded.sessionListeners.find(([name]) => name === 'will-download')?.[1] as (...args: unknown[]) => void;
  return {
    warnings,
    loaded: window.loadedUrls,
    devTools: window.options.webPreferences?.devTools,
    /** Whether a bridge call from our window's top frame showing this URL is answered. */
    async bridgeAnswers(pageUrl: string): Promise<boolean> {
      window.webContents.mainFrame.url = pageUrl;
      return (await listOrgs({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {})).ok;
    },
    /** Whether a History export made by a page on this origin may be saved. */
    mayDownloadFrom(origin: string): boolean {
      const event = fakeEvent();
      willDownload(event, { getURL: () => `blob:${origin}/1`, getFilename: () => 'history.csv', setSaveDialogOptions: () => {} }, window.webContents);
      return event.preventDefault.mock.calls.length === 0;
    },
  };
}

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.doUnmock('electron');
  for (const { fake, dataDir } of started.splice(0)) {
    fake.appEvents.emit('will-quit', fakeEvent());
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('the development switch (FACTORDESK_DEV=1, unpackaged)', () => {
  it('without it, an unpackaged app ignores ELECTRON_RENDERER_URL, says so, and trusts only app://factordesk', async () => {
    const main = await startMain({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' });
    expect(main.loaded).toEqual(['app://factordesk/index.html']);
    expect(main.devTools).toBe(false);
    expect(main.warnings).toEqual([
      '[FactorDesk] ELECTRON_RENDERER_URL is ignored: a dev server is only used in development (FACTORDESK_DEV=1, unpackaged).',
    ]);
    expect(await main.bridgeAnswers('http://localhost:5173/')).toBe(false);
    expect(main.mayDownloadFrom('http://localhost:5173')).toBe(false);
    expect(await main.bridgeAnswers('app://factordesk/index.html')).toBe(true);
  });

  it('with it, loads a loopback http dev server and trusts exactly that origin besides app://factordesk', async () => {
    const main = await startMain({ FACTORDESK_DEV: '1', ELECTRON_RENDERER_URL: 'http://localhost:5173/' });
    expect(main.loaded).toEqual(['http://localhost:5173/']);
    expect(main.devTools).toBe(true);
    expect(main.warnings).toEqual([]);
    expect(await main.bridgeAnswers('http://localhost:5173/users/00u1')).toBe(true);
    expect(main.mayDownloadFrom('http://localhost:5173')).toBe(true);
    expect(await main.bridgeAnswers('app://factordesk/index.html')).toBe(true);
    for (const other of ['http://localhost:5174/', 'http://127.0.0.1:5173/', 'https://localhost:5173/', 'http://evil.example/']) {
      expect(await main.bridgeAnswers(other), other).toBe(false);
    }
    expect(main.mayDownloadFrom('http://127.0.0.1:5173')).toBe(false);
  });

  it('with it but no dev server, loads app://factordesk with DevTools available', async () => {
    const main = await startMain({ FACTORDESK_DEV: '1' });
    expect(main.loaded).toEqual(['app://factordesk/index.html']);
    expect(main.devTools).toBe(true);
    expect(main.warnings).toEqual([]);
  });

  it('with it, still ignores a dev server that is not loopback http, and trusts nothing of it', async () => {
    for (const address of ['https://localhost:5173/', 'http://192.168.1.10:5173/', 'file:///tmp/index.html']) {
      const main = await startMain({ FACTORDESK_DEV: '1', ELECTRON_RENDERER_URL: address });
      expect(main.loaded, address).toEqual(['app://factordesk/index.html']);
      expect(main.warnings).toEqual(['[FactorDesk] ELECTRON_RENDERER_URL is ignored: a dev server must be plain http on 127.0.0.1, localhost or [::1].']);
      expect(await main.bridgeAnswers(address), address).toBe(false);
    }
  });

  it('is ignored by the packaged app: no dev server, no DevTools', async () => {
    const main = await startMain({ FACTORDESK_DEV: '1', ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, true);
    expect(main.loaded).toEqual(['app://factordesk/index.html']);
    expect(main.devTools).toBe(false);
    expect(await main.bridgeAnswers('http://localhost:5173/')).toBe(false);
    expect(main.warnings).toHaveLength(2);
  });
});
