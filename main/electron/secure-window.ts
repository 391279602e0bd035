import { BrowserWindow, nativeTheme } from 'electron';

/**
 * The main window. Its webPreferences are one literal with every security option spelled out
 * (Electron's security checklist), so a reviewer and Electronegativity read exactly what Electron
 * gets, and a changed Electron default can never loosen them.
 */
export function createMainWindow(preloadPath: string, allowDevTools: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'FactorDesk',
    show: false,
    // Matches the renderer's light/dark theme (which follows the OS) so the first paint does not flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#18181c' : '#ffffff',
    webPreferences: {
      // Sandboxed; it exposes only window.factordesk (one function per contract method, and contract
      // events), never ipcRenderer. Main checks every caller and validates every input.
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
      // A middle click (auxclick) must not open a link past the window-open handler.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      // Development mode only (unpackaged and FACTORDESK_DEV=1): see development-mode.ts.
      devTools: allowDevTools,
    },
  });
}
