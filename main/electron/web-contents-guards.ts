import type { Session, WebContents } from 'electron';

export interface GuardOptions {
  /** Whether a link may go to the system browser (https to the connected org only). */
  mayOpenExternally(url: string): boolean;
  openExternally(url: string): void;
}

/**
 * The renderer never navigates (it is a single page) and never opens windows: navigation,
 * redirects, new windows and <webview> are all refused. Links to the connected org open in
 * the system browser, nothing else does.
 */
export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (options.mayOpenExternally(url)) options.openExternally(url);
    return { action: 'deny' };
  });
}

/** No camera, microphone, notifications, geolocation, HID, serial, USB... for anyone. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
