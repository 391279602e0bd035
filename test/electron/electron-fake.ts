// A stand-in for the parts of Electron the glue uses, recording what the glue asked for.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { vi } from 'vitest';

export interface FakeEvent {
  preventDefault: ReturnType<typeof vi.fn>;
}
export const fakeEvent = (): FakeEvent => ({ preventDefault: vi.fn() });

type OpenHandler = (details: { url: string }) => { action: string };

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = new FakeFrame('app://factordesk/index.html');
  openHandler: OpenHandler | undefined;
  readonly sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: OpenHandler) {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return false;
  }
}

export interface ElectronFakeOptions {
  /** app.isPackaged (default true: the shipped app). */
  isPackaged?: boolean;
}

export function createElectronFake(options: ElectronFakeOptions = {}) {
  let isReady = false;
  const allContents = new Map<number, FakeWebContents>();
  const windows: FakeBrowserWindow[] = [];
  const appEvents = new EventEmitter();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve)).then(() => {
    isReady = true;
  });

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      allContents.set(this.webContents.id, this.webContents);
      windows.push(this);
      appEvents.emit('web-contents-created', fakeEvent(), this.webContents);
    }
    loadURL(url: string) {
      this.loadedUrls.push(url);
      return Promise.resolve();
    }
    show() {}
    focusCount = 0;
    focus() {
      this.focusCount += 1;
    }
    restore() {}
    isMinimized() {
      return false;
    }
    destroyed = false;
    isDestroyed() {
      return this.destroyed;
    }
    static getAllWindows() {
      return windows;
    }
  }

  // Plain recorders rather than vi.fn(): what the glue did at start-up must survive between tests.
  const recorded = {
    privilegedSchemes: [] as unknown[],
    protocolHandlers: [] as string[],
    ipcHandlers: [] as [string, (...args: unknown[]) => unknown][],
    permissionRequestHandlers: [] as ((...args: unknown[]) => void)[],
    permissionCheckHandlers: [] as ((...args: unknown[]) => boolean)[],
    devicePermissionHandlers: [] as ((...args: unknown[]) => boolean)[],
    sessionListeners: [] as [string, (...args: unknown[]) => void][],
    applicationMenus: [] as unknown[],
    openedExternally: [] as unknown[],
    /** For each app.enableSandbox() call, whether `ready` had already happened (Electron throws then). */
    enableSandboxCalls: [] as { afterReady: boolean }[],
    singleInstanceLocks: 0,
    userDataDir: '',
  };

  const electron = {
    app: {
      isPackaged: options.isPackaged ?? true,
      enableSandbox: () => {
        recorded.enableSandboxCalls.push({ afterReady: isReady });
      },
      getPath: (name: string) => (name === 'downloads' ? join(recorded.userDataDir, 'Downloads') : recorded.userDataDir),
      requestSingleInstanceLock: () => {
        recorded.singleInstanceLocks += 1;
        return true;
      },
      quit: () => {},
      on: (name: string, listener: (...args: unknown[]) => void) => appEvents.on(name, listener),
      whenReady: () => ready,
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => recorded.ipcHandlers.push([channel, handler]) },
    nativeTheme: { themeSource: 'light', shouldUseDarkColors: false },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => recorded.permissionRequestHandlers.push(handler),
        setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => recorded.permissionCheckHandlers.push(handler),
        setDevicePermissionHandler: (handler: (...args: unknown[]) => boolean) => recorded.devicePermissionHandlers.push(handler),
        on: (name: string, listener: (...args: unknown[]) => void) => recorded.sessionListeners.push([name, listener]),
      },
    },
    shell: {
      openExternal: (url: unknown) => {
        recorded.openedExternally.push(url);
        return Promise.resolve();
      },
    },
    webContents: { fromId: (id: number) => allContents.get(id) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => recorded.privilegedSchemes.push(schemes),
      handle: (scheme: string) => recorded.protocolHandlers.push(scheme),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => recorded.applicationMenus.push(menu),
    },
  };
  return { electron, recorded, windows, appEvents, becomeReady: () => resolveReady() };
}

export type ElectronFake = ReturnType<typeof createElectronFake>;
