import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, methodChannel, methodNames, type BridgeResult } from '../../contract';
import { fakeEvent, FakeFrame, type ElectronFake, type FakeWebContents } from './electron-fake';
import type { EventEnvelope } from '../../contract';

const fake = vi.hoisted(() => {
  // A stray dev-server address in the environment: the packaged app must not load or trust it.
  vi.stubEnv('ELECTRON_RENDERER_URL', 'http://127.0.0.1:5173/');
  vi.stubEnv('FACTORDESK_DEV', '1');
  return { current: undefined as undefined | ElectronFake, warn: vi.spyOn(console, 'warn').mockImplementation(() => {}) };
});
vi.mock('electron', async () => {
  const { createElectronFake: create } = await import('./electron-fake');
  fake.current = create();
  return { ...fake.current.electron, default: fake.current.electron };
});

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

let dataDir: string;
let recorded: ElectronFake['recorded'];
type Invoke = (event: unknown, input: unknown) => Promise<BridgeResult<unknown>>;
const handlers = new Map<string, Invoke>();
/** What main printed as it started (mock calls are cleared before each test). */
let startupWarnings: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'factordesk-electron-'));
  await import('../../main/electron/index');
  const current = fake.current;
  if (!current) throw new Error('electron mock not created');
  recorded = current.recorded;
  recorded.userDataDir = dataDir;
  current.becomeReady();
  await vi.waitFor(() => expect(current.windows).toHaveLength(1));
  for (const [channel, handler] of recorded.ipcHandlers) handlers.set(channel, handler as Invoke);
  startupWarnings = fake.warn.mock.calls.map((call) => String(call[0]));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  fake.warn.mockRestore();
  fake.current?.appEvents.emit('will-quit', fakeEvent());
  await rm(dataDir, { recursive: true, force: true });
});

const mainWindow = () => fake.current?.windows[0] as NonNullable<typeof fake.current>['windows'][number];

function invokeEvent(contents: FakeWebContents, frame: FakeFrame | null) {
  return { sender: contents, senderFrame: frame };
}

describe('the Electron main process', () => {
  it('takes the single-instance lock and focuses the existing window on a second launch', () => {
    expect(recorded.singleInstanceLocks).toBe(1);
    fake.current?.appEvents.emit('second-instance');
    expect(mainWindow().focusCount).toBe(1);
  });

  it('registers app:// as a standard, secure scheme before ready and serves the renderer from it', () => {
    expect(recorded.privilegedSchemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
    expect(recorded.protocolHandlers).toEqual(['app']);
    expect(mainWindow().loadedUrls).toEqual(['app://factordesk/index.html']);
  });

  it('registers exactly one IPC handler per contract method, and nothing else', () => {
    const channels = recorded.ipcHandlers.map(([channel]) => channel);
    expect([...channels].sort()).toEqual(methodNames.map(methodChannel).sort());
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('turns on the sandbox for every renderer, before ready', () => {
    expect(recorded.enableSandboxCalls).toEqual([{ afterReady: false }]);
  });

  it('opens the window with every security option explicit, middle-click links off and no DevTools', () => {
    const options = mainWindow().options;
    expect(options.webPreferences).toEqual({
      preload: expect.stringMatching(/[\\/]preload[\\/]index\.cjs$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      plugins: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: false,
    });
    expect(fake.current?.electron.nativeTheme.themeSource).toBe('system');
    expect(recorded.applicationMenus).toHaveLength(1);
  });

  it('ignores development settings in the packaged app, and says so', async () => {
    expect(mainWindow().loadedUrls).toEqual(['app://factordesk/index.html']);
    const warnings = startupWarnings;
    expect(warnings).toContain('[FactorDesk] FACTORDESK_DEV is ignored: the packaged app never runs in development mode.');
    expect(warnings.some((warning) => warning.startsWith('[FactorDesk] ELECTRON_RENDERER_URL is ignored'))).toBe(true);
    const contents = mainWindow().webContents;
    const listOrgs = handlers.get(methodChannel('listOrgs')) as Invoke;
    contents.mainFrame.url = 'http://127.0.0.1:5173/';
    expect((await listOrgs(invokeEvent(contents, contents.mainFrame), {})).ok).toBe(false);
    contents.mainFrame.url = 'app://factordesk/index.html';
  });

  it('denies every permission request and check', () => {
    expect(recorded.permissionRequestHandlers).toHaveLength(1);
    const requestHandler = recorded.permissionRequestHandlers[0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) requestHandler({}, permission, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false]);
    const checkHandler = recorded.permissionCheckHandlers[0] as (...args: unknown[]) => boolean;
    expect(checkHandler({}, 'media', 'app://factordesk')).toBe(false);
    const deviceHandler = recorded.devicePermissionHandlers[0] as (...args: unknown[]) => boolean;
    expect(deviceHandler({})).toBe(false);
  });

  it('prevents navigation, redirects, webviews and new windows', () => {
    const contents = mainWindow().webContents;
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = fakeEvent();
      contents.emit(name, event, 'https://evil.example.com/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(contents.openHandler?.({ url: 'https://evil.example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(recorded.openedExternally).toEqual([]);
  });

  it('saves the History export through a save dialog, and cancels every other download', () => {
    const listeners = recorded.sessionListeners.filter(([name]) => name === 'will-download');
    expect(listeners).toHaveLength(1);
    const willDownload = (listeners[0] as [string, (...args: unknown[]) => void])[1];
    const download = (url: string, filename: string, contents: { id: number } = mainWindow().webContents) => {
      const event = fakeEvent();
      const item = { getURL: () => url, getFilename: () => filename, setSaveDialogOptions: vi.fn(), setSavePath: vi.fn() };
      willDownload(event, item, contents);
      return { cancelled: event.preventDefault.mock.calls.length > 0, item };
    };

    const csv = download('blob:app://factordesk/6f1c2a9e-0d4b-4f7e-9a59-1f0c1d2e3f40', 'isaac-history.csv');
    expect(csv.cancelled).toBe(false);
    expect(csv.item.setSavePath).not.toHaveBeenCalled(); // the agent picks the path in the dialog
    expect(csv.item.setSaveDialogOptions).toHaveBeenCalledWith({
      title: 'Save the export',
      defaultPath: join(dataDir, 'Downloads', 'isaac-history.csv'),
      filters: [{ name: 'CSV (spreadsheet)', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    const json = download('blob:app://factordesk/1', '../../.bashrc/history.json');
    expect(json.cancelled).toBe(false);
    expect(json.item.setSaveDialogOptions).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: join(dataDir, 'Downloads', 'history.json') }));

    const refused = [
      download('https://evil.example.com/payload.csv', 'payload.csv'), // a remote file
      download('blob:https://evil.example.com/1', 'history.csv'), // a blob from another page
      download('blob:app://factordesk.evil/1', 'history.csv'),
      download('blob:app://factordesk/1', 'installer.exe'), // not an export
      download('data:text/csv,a', 'history.csv'),
      download('blob:app://factordesk/1', 'history.csv', { id: 987_654 }), // not our window
    ];
    for (const { cancelled, item } of refused) {
      expect(cancelled).toBe(true);
      expect(item.setSaveDialogOptions).not.toHaveBeenCalled();
    }
  });
});

describe('bridge calls over IPC', () => {
  it('dispatches calls from our window showing app://factordesk', async () => {
    const contents = mainWindow().webContents;
    const listOrgs = handlers.get(methodChannel('listOrgs')) as Invoke;
    const result = await listOrgs(invokeEvent(contents, contents.mainFrame), {});
    expect(result).toMatchObject({ ok: true, value: { orgs: [], activeOrgId: null } });
    // Input is still validated by the contract.
    const invalid = await listOrgs(invokeEvent(contents, contents.mainFrame), { unexpected: true });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses calls from other origins, sub-frames, destroyed frames and windows that are not ours', async () => {
    const contents = mainWindow().webContents;
    const listOrgs = handlers.get(methodChannel('listOrgs')) as Invoke;
    const { FakeWebContents } = await import('./electron-fake');
    const stranger = new FakeWebContents();
    const cases = [
      invokeEvent(contents, new FakeFrame('https://evil.example.com/')), // not the main frame, foreign origin
      invokeEvent(contents, null), // frame gone
      invokeEvent(contents, new FakeFrame('app://factordesk/index.html')), // a sub-frame on our origin
      invokeEvent(stranger, stranger.mainFrame), // some other webContents
    ];
    contents.mainFrame.url = 'file:///tmp/evil.html';
    cases.push(invokeEvent(contents, contents.mainFrame)); // our window, navigated to a file
    for (const event of cases) {
      expect(await listOrgs(event, {})).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringMatching(/refused/) },
      });
    }
    contents.mainFrame.url = 'app://factordesk/index.html';
    contents.mainFrame.url = 'app://factordesk.evil/index.html';
    expect((await listOrgs(invokeEvent(contents, contents.mainFrame), {})).ok).toBe(false);
    contents.mainFrame.url = 'app://factordesk/index.html';
  });

  it('opens only https links to the connected org in the system browser', async () => {
    const contents = mainWindow().webContents;
    const saveOrg = handlers.get(methodChannel('saveOrg')) as Invoke;
    const saved = await saveOrg(invokeEvent(contents, contents.mainFrame), {
      name: 'Acme',
      url: 'https://acme.okta.com',
      token: 'a-test-token-123456',
      tokenStorage: 'session',
    });
    expect(saved.ok).toBe(true);
    expect(contents.openHandler?.({ url: 'https://acme.okta.com/admin/user/profile/view/00u1' })).toEqual({ action: 'deny' });
    // The system browser gets the parsed, checked URL's href, not the renderer's text.
    expect(contents.openHandler?.({ url: 'HTTPS://ACME.okta.com:443/admin/app/../user/profile/view/00u2' })).toEqual({ action: 'deny' });
    expect(recorded.openedExternally).toEqual(['https://acme.okta.com/admin/user/profile/view/00u1', 'https://acme.okta.com/admin/user/profile/view/00u2']);
    for (const url of [
      'http://acme.okta.com/',
      'https://acme.okta.com.evil.example/',
      'https://evil.example/?https://acme.okta.com',
      'https://agent:secret@acme.okta.com/',
      'not a url',
      'javascript:alert(1)',
    ]) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(recorded.openedExternally).toHaveLength(2);
  });

  it("opens a sign-in's page in the system browser itself (exactly that page), never one the window asks for", async () => {
    const contents = mainWindow().webContents;
    const call = (name: string, input: unknown) => (handlers.get(methodChannel(name as never)) as Invoke)(invokeEvent(contents, contents.mainFrame), input);
    const sandbox = await call('connectSandbox', {});
    expect(sandbox).toMatchObject({ ok: true, value: { connection: { method: 'oauth' }, hasToken: false } });
    const before = recorded.openedExternally.length;
    const started = (await call('startSignIn', { id: 'sandbox' })) as BridgeResult<{ signInId: string; authorizationUrl: string; openedInBrowser: boolean }>;
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.openedInBrowser).toBe(true);
    expect(recorded.openedExternally.slice(before)).toEqual([started.value.authorizationUrl]);
    expect(new URL(started.value.authorizationUrl).pathname).toBe('/oauth2/v1/authorize');
    // The window cannot have the sandbox's (plain http) sign-in page, or anything else on it, opened.
    expect(contents.openHandler?.({ url: started.value.authorizationUrl })).toEqual({ action: 'deny' });
    expect(recorded.openedExternally).toHaveLength(before + 1);
    expect((await call('cancelSignIn', { signInId: started.value.signInId })).ok).toBe(true);
  });

  it('sends events only to the window they are for', async () => {
    const { createWindowEventSender } = await import('../../main/electron/window-events');
    const { FakeWebContents } = await import('./electron-fake');
    const ours = new FakeWebContents();
    const other = new FakeWebContents();
    const contents = new Map([ours, other].map((c) => [c.id, c]));
    const send = createWindowEventSender((id) => contents.get(id), (id) => id === ours.id);
    const envelope = { name: 'pushVerifyStatus', payload: {} } as unknown as EventEnvelope;
    send(String(ours.id), envelope);
    send(String(other.id), envelope);
    send('not-a-number', envelope);
    expect(ours.sent).toEqual([{ channel: EVENT_CHANNEL, payload: envelope }]);
    expect(other.sent).toEqual([]);
  });

  it("opens the sandbox's caller's phone in a window of its own, as locked down as the main one, one phone window at a time", async () => {
    const current = fake.current as ElectronFake;
    const isaac = '00ub0oNGTSWTBKOLGLNR';
    const call = (name: string, input: unknown, from: FakeWebContents = mainWindow().webContents) =>
      (handlers.get(methodChannel(name as never)) as Invoke)(invokeEvent(from, from.mainFrame), input);
    const listed = (await call('listOrgs', {})) as BridgeResult<{ orgs: { id: string; name: string; url: string }[] }>;
    const sandbox = listed.ok ? listed.value.orgs.find((org) => org.id === 'sandbox') : undefined;
    if (!sandbox) throw new Error('the sandbox org is not saved');
    // Practise with the sandbox's API token (signing in to it is tested above), so the phone has an org to work in.
    expect((await call('saveOrg', { id: 'sandbox', name: sandbox.name, url: sandbox.url, method: 'ssws', tokenStorage: 'session' })).ok).toBe(true);
    expect((await call('selectOrg', { id: 'sandbox' })).ok).toBe(true);

    const windowsBefore = current.windows.length;
    expect(await call('detachPhone', { userId: isaac })).toEqual({ ok: true, value: { detached: true } });
    expect(current.windows).toHaveLength(windowsBefore + 1);
    const phone = current.windows.at(-1) as (typeof current.windows)[number];
    expect(phone.options.webPreferences).toEqual({ ...mainWindow().options.webPreferences, spellcheck: false });
    expect(phone.loadedUrls).toEqual([`app://factordesk/index.html?phone=${isaac}`]);
    // Guarded like every webContents: no navigation, no new windows.
    const navigation = fakeEvent();
    phone.webContents.emit('will-navigate', navigation, 'https://evil.example.com/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(phone.webContents.openHandler?.({ url: 'https://evil.example.com/' })).toEqual({ action: 'deny' });

    // One of our windows: its own bridge calls are answered.
    phone.webContents.mainFrame.url = phone.loadedUrls[0] as string;
    expect(await call('getPhone', { userId: isaac }, phone.webContents)).toMatchObject({ ok: true, value: { userId: isaac, displayName: 'Isaac Brock' } });

    // Another caller: the same window shows their phone.
    const found = (await call('searchUsers', { query: 'dade.murphy@example.org' })) as BridgeResult<{ users: { id: string }[] }>;
    const dade = found.ok ? found.value.users[0]?.id : undefined;
    expect((await call('detachPhone', { userId: dade })).ok).toBe(true);
    expect(current.windows).toHaveLength(windowsBefore + 1);
    expect(phone.loadedUrls.at(-1)).toBe(`app://factordesk/index.html?phone=${dade}`);
    expect(phone.focusCount).toBe(1);
    // An id that is not one never reaches a window.
    expect(await call('detachPhone', { userId: '../index.html' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // Closed: it is no longer one of ours, and the next detach opens a new one.
    phone.destroyed = true;
    phone.webContents.emit('destroyed');
    phone.emit('closed');
    expect((await call('getPhone', { userId: isaac }, phone.webContents)).ok).toBe(false);
    expect((await call('detachPhone', { userId: isaac })).ok).toBe(true);
    expect(current.windows).toHaveLength(windowsBefore + 2);
  });

  it('stops answering a window once it is destroyed', async () => {
    const contents = mainWindow().webContents;
    const listOrgs = handlers.get(methodChannel('listOrgs')) as Invoke;
    contents.emit('destroyed');
    expect((await listOrgs(invokeEvent(contents, contents.mainFrame), {})).ok).toBe(false);
  });
});

describe('the app:// protocol', () => {
  it('serves the built renderer with the CSP header, an SPA fallback, and refuses path traversal', async () => {
    const { serveAppRequest } = await import('../../main/electron/app-protocol');
    const root = join(dataDir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
    await writeFile(join(root, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(join(dataDir, 'secret.txt'), 'not for the renderer');

    const page = await serveAppRequest(root, 'app://factordesk/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const script = await serveAppRequest(root, 'app://factordesk/assets/main.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('content-security-policy')).toBe(CSP);
    expect(await (await serveAppRequest(root, 'app://factordesk/users/00u1')).text()).toContain('id="app"');

    for (const url of ['app://factordesk/..%2fsecret.txt', 'app://factordesk/assets/..%2f..%2fsecret.txt', 'app://factordesk/assets/..%5c..%5csecret.txt']) {
      const response = await serveAppRequest(root, url);
      expect(response.status, url).toBe(400);
      expect(await response.text()).not.toContain('not for the renderer');
    }
    // Plain and %2e-spelled dot segments are already resolved by URL parsing, so they stay inside the root.
    for (const url of ['app://factordesk/../secret.txt', 'app://factordesk/%2e%2e/secret.txt']) {
      expect((await serveAppRequest(root, url)).status, url).toBe(404);
    }
    const { readRendererFile } = await import('../../main/core/bridge/renderer-files');
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', `/${'\0'}index.html`, '/%E0%A4%A']) {
      expect((await readRendererFile(root, path)).status, path).toBe(400);
    }
    expect((await serveAppRequest(root, 'app://elsewhere/index.html')).status).toBe(404);
    expect((await serveAppRequest(root, 'app://factordesk/missing.js')).status).toBe(404);
  });
});
