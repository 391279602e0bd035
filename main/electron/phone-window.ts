import { BrowserWindow, nativeTheme } from 'electron';

/**
 * The sandbox org's caller's phone in a window of its own (a second screen, or beside the
 * console). It shows the same renderer as the main window, told which phone to show in its
 * address, with the same webPreferences literal as the main window (secure-window.ts): every
 * security option spelled out, so a reviewer and Electronegativity read exactly what Electron gets.
 */
export function createPhoneWindow(preloadPath: string, allowDevTools: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 420,
    height: 860,
    minWidth: 340,
    minHeight: 560,
    title: "Caller's phone — FactorDesk",
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#18181c' : '#ffffff',
    webPreferences: {
      // Sandboxed; it exposes only window.factordesk, never ipcRenderer; main checks every caller
      // (this window is one of ours) and validates every input, as for the main window.
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
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
      spellcheck: false,
      devTools: allowDevTools,
    },
  });
}

/** The renderer's page, told to show one user's phone (`?phone=<userId>`; the id is an Okta id the core checked). */
export function phoneWindowUrl(entryUrl: string, userId: string): string {
  const url = new URL(entryUrl);
  url.search = new URLSearchParams({ phone: userId }).toString();
  return url.href;
}

export interface PhoneWindowHost {
  preloadPath: string;
  allowDevTools: boolean;
  /** The renderer's entry page (app://factordesk/index.html, or the dev server in development). */
  entryUrl: string;
  /** Makes a window one of ours: its bridge calls are accepted, and the core hears when it closes. */
  adopt(window: BrowserWindow): void;
}

/**
 * Opens the phone window, or shows the open one another user's phone: one phone window at a time,
 * as a helpdesk trainer holds one caller's phone. Resolves true once it is loading.
 */
export function createPhoneWindowOpener(host: PhoneWindowHost): (userId: string) => Promise<boolean> {
  let phoneWindow: BrowserWindow | undefined;
  return async (userId) => {
    const url = phoneWindowUrl(host.entryUrl, userId);
    if (phoneWindow && !phoneWindow.isDestroyed()) {
      if (phoneWindow.isMinimized()) phoneWindow.restore();
      phoneWindow.focus();
      void phoneWindow.loadURL(url);
      return true;
    }
    const window = createPhoneWindow(host.preloadPath, host.allowDevTools);
    host.adopt(window);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (phoneWindow === window) phoneWindow = undefined;
    });
    phoneWindow = window;
    void window.loadURL(url);
    return true;
  };
}
