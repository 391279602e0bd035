import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import { proxyFor, type ProxySettings } from './proxy-settings';
import { trustedCertificates } from './tls-trust';

export interface TimeoutSettings {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export interface OrgDispatcher {
  dispatcher: Dispatcher;
  /** Whether requests go through a proxy (decides how connection errors are described). */
  proxied: boolean;
}

/**
 * One keep-alive connection pool per org. Direct connections use a Pool bound to the org's
 * origin, so it cannot carry a request anywhere else; with a proxy, a ProxyAgent tunnels to it.
 */
export function createOrgDispatcher(
  origin: string,
  timeouts: TimeoutSettings,
  proxy: ProxySettings,
  extraCaCertificates: string[] | undefined,
): OrgDispatcher {
  const ca = trustedCertificates(extraCaCertificates);
  const tlsOptions = ca ? { ca } : {};
  const common = {
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    keepAliveTimeout: 30_000,
    connections: 8,
    // Okta pages are small; anything this big is not an Okta answer.
    maxResponseSize: 50 * 1024 * 1024,
  };
  const proxyUrl = proxyFor(origin, proxy);
  if (proxyUrl) {
    return {
      proxied: true,
      dispatcher: new ProxyAgent({
        ...common,
        uri: proxyUrl,
        requestTls: { ...tlsOptions, timeout: timeouts.connectMs },
        proxyTls: { ...tlsOptions, timeout: timeouts.connectMs },
        connect: { timeout: timeouts.connectMs },
      }),
    };
  }
  return {
    proxied: false,
    dispatcher: new Pool(origin, { ...common, connect: { ...tlsOptions, timeout: timeouts.connectMs } }),
  };
}
