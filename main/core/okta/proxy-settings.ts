import { isLoopbackHost } from './origin';

/** Outbound proxy for https requests, as corporate networks configure it. */
export interface ProxySettings {
  /** Proxy URL, e.g. http://proxy.corp:3128 (credentials in the URL are allowed). */
  httpsProxy?: string;
  /** Hosts that go direct: "corp.example", ".corp.example", "host:8443", "*". */
  noProxy?: string[];
}

/** Reads HTTPS_PROXY / https_proxy and NO_PROXY / no_proxy (lower case wins, as curl does). */
export function proxySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const httpsProxy = env.https_proxy || env.HTTPS_PROXY || undefined;
  const noProxyRaw = env.no_proxy ?? env.NO_PROXY ?? '';
  const noProxy = noProxyRaw
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return { httpsProxy, noProxy };
}

/** The proxy URL to use for this origin, or null when it goes direct (loopback, NO_PROXY match, no proxy). */
export function proxyFor(origin: string, settings: ProxySettings): string | null {
  if (!settings.httpsProxy) return null;
  const url = new URL(origin);
  // Only https traffic is proxied; the only http origin allowed is the loopback sandbox.
  if (url.protocol !== 'https:' || isLoopbackHost(url.hostname)) return null;
  const host = url.hostname.toLowerCase();
  const port = url.port || '443';
  for (const rawEntry of settings.noProxy ?? []) {
    if (noProxyEntryMatches(rawEntry.toLowerCase(), host, port)) return null;
  }
  return settings.httpsProxy;
}

function noProxyEntryMatches(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true;
  let entryHost = entry;
  const portMatch = /^(.*):(\d+)$/.exec(entry);
  if (portMatch && !entry.startsWith('[')) {
    if (portMatch[2] !== port) return false;
    entryHost = portMatch[1] ?? '';
  }
  entryHost = entryHost.replace(/^\*?\./, '');
  return host === entryHost || host.endsWith(`.${entryHost}`);
}
