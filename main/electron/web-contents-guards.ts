import type { Session, WebContents } from 'electron';

export interface GuardOptions {
  /** Whether a link may go to the system browser (the connected org only). */
  mayOpenExternally(link: URL): boolean;
  /** Hands the link, as checked, to the system browser. */
  openExternally(link: URL): void;
}

/**
 * The link the system browser may get, or null: https, no user name or password, and allowed.
 * It is parsed once, so what was checked is exactly what is opened.
 */
export function checkedExternalLink(url: string, mayOpen: (link: URL) => boolean): URL | null {
  let link: URL;
  try {
    link = new URL(url);
  } catch {
    return null;
  }
  if (link.protocol !== 'https:' || link.username !== '' || link.password !== '') return null;
  return mayOpen(link) ? link : null;
}

/**
 * The sign-in page the system browser may get, or null: exactly the authorization URL of a sign-in
 * in progress (`isSignInPage`, which main built itself), on https — or plain http only on the
 * loopback address, where the local sandbox org lives — with no user name or password.
 */
export function checkedSignInPage(url: string, isSignInPage: (href: string) => boolean): URL | null {
  let link: URL;
  try {
    link = new URL(url);
  } catch {
    return null;
  }
  const loopbackHttp = link.protocol === 'http:' && link.hostname === '127.0.0.1';
  if ((link.protocol !== 'https:' && !loopbackHttp) || link.username !== '' || link.password !== '') return null;
  return isSignInPage(link.href) ? link : null;
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
    const link = checkedExternalLink(url, options.mayOpenExternally);
    if (link) options.openExternally(link);
    return { action: 'deny' };
  });
}

/** No camera, microphone, notifications, geolocation, HID, serial, USB... for anyone. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
