import { readFileSync } from 'node:fs';
import tls from 'node:tls';

/**
 * The CA list for TLS to the org, or undefined to keep Node's defaults.
 * Giving undici a `ca` replaces the default trust, so the extras are appended to Node's
 * default store (which already contains NODE_EXTRA_CA_CERTS when Node read it at start-up;
 * we read the file again because Electron's main process may not have).
 */
export function trustedCertificates(
  extraCaCertificates: string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] | undefined {
  const extras = [...(extraCaCertificates ?? []), ...certificatesFromFile(env.NODE_EXTRA_CA_CERTS)];
  if (extras.length === 0) return undefined;
  return [...defaultCertificates(), ...extras];
}

function defaultCertificates(): readonly string[] {
  const withDefaults = tls as typeof tls & { getCACertificates?: (type: 'default') => string[] };
  return withDefaults.getCACertificates?.('default') ?? tls.rootCertificates;
}

function certificatesFromFile(path: string | undefined): string[] {
  if (!path) return [];
  try {
    const pem = readFileSync(path, 'utf8');
    return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } catch {
    // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS; the default trust still applies.
    return [];
  }
}
