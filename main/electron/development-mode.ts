/**
 * Development mode: DevTools, and electron-vite's dev server instead of the built renderer. Only an
 * unpackaged app started with FACTORDESK_DEV=1 is in it (`npm run dev` sets it); the packaged app,
 * and `npm start`, never are, whatever the environment says, so a stray ELECTRON_RENDERER_URL can
 * never point our window (and the trust our IPC gives its origin) at another page.
 */
export interface DevelopmentMode {
  /** DevTools may open. */
  devTools: boolean;
  /** The dev server page to load instead of app://factordesk: loopback http only. */
  rendererUrl: string | null;
  /** That page's origin: the only origin besides app://factordesk trusted for IPC and downloads. */
  rendererOrigin: string | null;
  /** Why a development setting in the environment was ignored, to print at start-up. */
  warnings: string[];
}

export const DEVELOPMENT_SWITCH = 'FACTORDESK_DEV';
const DEV_SERVER_VARIABLE = 'ELECTRON_RENDERER_URL';
/** What `new URL()` makes of each loopback spelling (127.1, 0x7f.0.0.1 and such become 127.0.0.1). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function resolveDevelopmentMode(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): DevelopmentMode {
  const switchedOn = env[DEVELOPMENT_SWITCH] === '1';
  const inDevelopment = switchedOn && !isPackaged;
  const warnings: string[] = [];
  if (switchedOn && isPackaged) warnings.push(`${DEVELOPMENT_SWITCH} is ignored: the packaged app never runs in development mode.`);

  const requested = env[DEV_SERVER_VARIABLE];
  let devServer: URL | null = null;
  if (requested) {
    if (!inDevelopment) {
      warnings.push(`${DEV_SERVER_VARIABLE} is ignored: a dev server is only used in development (${DEVELOPMENT_SWITCH}=1, unpackaged).`);
    } else {
      devServer = loopbackHttpUrl(requested);
      if (!devServer) warnings.push(`${DEV_SERVER_VARIABLE} is ignored: a dev server must be plain http on 127.0.0.1, localhost or [::1].`);
    }
  }
  return {
    devTools: inDevelopment,
    rendererUrl: devServer?.href ?? null,
    rendererOrigin: devServer?.origin ?? null,
    warnings,
  };
}

function loopbackHttpUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  if (url.username !== '' || url.password !== '') return null;
  return url;
}
