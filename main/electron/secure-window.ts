import { BrowserWindow, nativeTheme, type WebPreferences } from 'electron';

/**
 * Every security-relevant option spelled out, so a changed Electron default can never loosen them
 * (Electron's security checklist).
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools: true,
  };
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'FactorDesk',
    show: false,
    // Matches the renderer's light/dark theme (which follows the OS) so the first paint does not flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#18181c' : '#ffffff',
    webPreferences: secureWebPreferences(preloadPath),
  });
}
