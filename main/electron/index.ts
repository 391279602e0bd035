// Electron's main process: thin glue between the window and the core (which never sees Electron).
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, nativeTheme, session, shell, webContents } from 'electron';
import { createCore, type Core } from '../core/core';
import { createKeychainSecretStore } from '../core/secrets/keychain-store';
import { APP_ENTRY_URL, APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { installAppMenu } from './app-menu';
import { createSenderCheck, registerBridgeHandlers } from './bridge-ipc';
import { resolveDevelopmentMode } from './development-mode';
import { createDownloadHandler } from './downloads';
import { createPhoneWindowOpener } from './phone-window';
import { createMainWindow } from './secure-window';
import { createWindowEventSender } from './window-events';
import { checkedSignInPage, denyAllPermissions, guardWebContents } from './web-contents-guards';

const here = import.meta.dirname;
const preloadPath = join(here, '../preload/index.cjs');
const rendererDir = join(here, '../renderer');
/** DevTools and electron-vite's dev server: only unpackaged with FACTORDESK_DEV=1, and only a loopback http server. */
const development = resolveDevelopmentMode(process.env, app.isPackaged);
/** Where our renderer comes from: the only origins whose pages may call the bridge or save an export. */
const trustedOrigins = [APP_ORIGIN, ...(development.rendererOrigin ? [development.rendererOrigin] : [])];

const ourWindows = new Set<number>();
let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;

function agentName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** One of our windows (the main window, the caller's phone): its bridge calls are accepted, and the core hears when it goes. */
function adoptWindow(window: BrowserWindow): void {
  const contentsId = window.webContents.id;
  ourWindows.add(contentsId);
  window.webContents.once('destroyed', () => {
    ourWindows.delete(contentsId);
    core?.clientClosed(String(contentsId));
  });
}

function openWindow(): void {
  const window = createMainWindow(preloadPath, development.devTools);
  adoptWindow(window);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  mainWindow = window;
  void window.loadURL(development.rendererUrl ?? APP_ENTRY_URL);
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function start(): void {
  // Every renderer runs in Chromium's sandbox, whatever a window's options say. Must come before `ready`.
  app.enableSandbox();
  for (const warning of development.warnings) console.warn(`[FactorDesk] ${warning}`);
  registerAppScheme();
  nativeTheme.themeSource = 'system';

  // Guard every webContents that could ever exist, not just our window's.
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, {
      mayOpenExternally: (link) => core?.isConnectedOrgLink(link.href) ?? false,
      // The parsed link the guard checked (https, the connected org), never the renderer's raw text.
      openExternally: (link) => void shell.openExternal(link.href), // eng-disable OPEN_EXTERNAL_JS_CHECK
    });
  });
  app.on('second-instance', focusMainWindow);

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    handleAppProtocol(rendererDir);
    installAppMenu();

    const activeCore = createCore({
      dataDir: app.getPath('userData'),
      secretStore: createKeychainSecretStore(),
      agentName: agentName(),
      emit: createWindowEventSender(
        (id) => webContents.fromId(id),
        (id) => ourWindows.has(id),
      ),
      log: (message, error) => console.error(`[FactorDesk] ${message}`, ...(error === undefined ? [] : [error])),
      // The sandbox's caller's phone, detached from the console into a window of its own.
      openPhoneWindow: createPhoneWindowOpener({ preloadPath, allowDevTools: development.devTools, entryUrl: development.rendererUrl ?? APP_ENTRY_URL, adopt: adoptWindow }),
      signIn: {
        // "Sign in with Okta" opens the org's sign-in page in the system browser (RFC 8252): only
        // the exact page of a sign-in main started, checked again here before it leaves.
        openSignInPage: async (url) => {
          const link = checkedSignInPage(url.href, (href) => core?.isSignInPage(href) ?? false);
          if (!link) return false;
          await shell.openExternal(link.href); // eng-disable OPEN_EXTERNAL_JS_CHECK
          return true;
        },
      },
    });
    core = activeCore;

    // The History export: a save dialog for our own page's files, nothing else downloads.
    session.defaultSession.on(
      'will-download',
      createDownloadHandler({ trustedOrigins, isOurWindow: (id) => ourWindows.has(id), downloadsDir: () => app.getPath('downloads') }),
    );
    registerBridgeHandlers(
      ipcMain,
      activeCore.dispatch,
      createSenderCheck({ trustedOrigins, isOurWindow: (id) => ourWindows.has(id) }),
    );

    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !core) return;
    closing = true;
    event.preventDefault();
    void core.close().finally(() => app.quit());
  });
}

// Second launches hand over to the running instance (which focuses its window) and exit.
if (app.requestSingleInstanceLock()) start();
else app.quit();
