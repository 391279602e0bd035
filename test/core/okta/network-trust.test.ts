import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FactorDeskError } from '../../../contract/errors';
import { OktaClient } from '../../../main/core/okta';
import { haveOpenssl, mintCertificates, type TestCertificates } from './support/test-certificates';
import { startConnectProxy, startTlsServer, type RecordingServer } from './support/recording-servers';
import { failureOf as failureOfWithTokens } from './support/token-safety';

const token = 'network-test-token-0123456789abcdef';
const userSchema = z.looseObject({ id: z.string() });
const fastRetry = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 };

const failureOf = (promise: Promise<unknown>): Promise<FactorDeskError> => failureOfWithTokens(promise, [token]);

if (!haveOpenssl()) console.warn('Skipping the TLS and proxy-tunnel tests: the openssl command is not installed.');

describe.skipIf(!haveOpenssl())('TLS trust and proxies (needs the openssl CLI)', () => {
  let certificates: TestCertificates;
  let tlsServer: RecordingServer;
  const clients: OktaClient[] = [];
  const clientFor = (orgUrl: string, extra: Partial<ConstructorParameters<typeof OktaClient>[0]> = {}): OktaClient => {
    const client = new OktaClient({ orgUrl, token, retry: fastRetry, proxy: {}, ...extra });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    certificates = mintCertificates(['localhost', 'acme.okta.test', '127.0.0.1']);
    tlsServer = await startTlsServer(certificates.serverKeyPem, certificates.serverCertPem);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await tlsServer?.close();
  });

  it('refuses a certificate from an unknown CA with TLS_FAILURE', async () => {
    const client = clientFor(tlsServer.url);
    const failure = await failureOf(client.request({ method: 'GET', path: '/api/v1/users/me', schema: userSchema }));
    expect(failure.data.code).toBe('TLS_FAILURE');
    expect(tlsServer.requests).toHaveLength(0);
  });

  it('trusts a corporate CA given as extraCaCertificates', async () => {
    const client = clientFor(tlsServer.url, { extraCaCertificates: [certificates.caPem] });
    const answer = await client.request({ method: 'GET', path: '/api/v1/users/me', schema: userSchema });
    expect(answer.data.id).toBe('tls-ok');
    expect(tlsServer.requests.at(-1)?.headers.authorization).toBe(`SSWS ${token}`);
  });

  it('trusts a CA listed in NODE_EXTRA_CA_CERTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factordesk-extra-ca-'));
    const previous = process.env.NODE_EXTRA_CA_CERTS;
    try {
      writeFileSync(join(dir, 'corporate-ca.pem'), certificates.caPem);
      process.env.NODE_EXTRA_CA_CERTS = join(dir, 'corporate-ca.pem');
      const client = clientFor(tlsServer.url);
      const answer = await client.request({ method: 'GET', path: '/api/v1/users/me', schema: userSchema });
      expect(answer.data.id).toBe('tls-ok');
    } finally {
      if (previous === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tunnels https through HTTPS_PROXY, with the token only inside the tunnel', async () => {
    const proxy = await startConnectProxy(tlsServer.port);
    try {
      const client = clientFor('https://acme.okta.test', {
        proxy: { httpsProxy: proxy.url, noProxy: ['internal.example'] },
        extraCaCertificates: [certificates.caPem],
      });
      const answer = await client.request({ method: 'GET', path: '/api/v1/users/me', schema: userSchema });
      expect(answer.data.id).toBe('tls-ok');
      expect(proxy.connectTargets).toEqual(['acme.okta.test:443']);
      expect(proxy.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
      expect(tlsServer.requests.at(-1)?.headers.host).toBe('acme.okta.test');
    } finally {
      await proxy.close();
    }
  });

  it('reports a proxy that refuses the tunnel as PROXY_FAILURE', async () => {
    const proxy = await startConnectProxy();
    try {
      const client = clientFor('https://acme.okta.test', { proxy: { httpsProxy: proxy.url } });
      const failure = await failureOf(client.request({ method: 'GET', path: '/api/v1/users/me', schema: userSchema }));
      expect(failure.data.code).toBe('PROXY_FAILURE');
      expect(proxy.connectTargets[0]).toBe('acme.okta.test:443');
    } finally {
      await proxy.close();
    }
  });

  it('reports an unreachable proxy as PROXY_FAILURE', async () => {
    const closedProxy = await startConnectProxy();
    const unreachable = closedProxy.url;
    await closedProxy.close();
    const client = clientFor('https://acme.okta.test', { proxy: { httpsProxy: unreachable } });
    const failure = await failureOf(client.request({ method: 'GET', path: '/api/v1/users/me', schema: userSchema }));
    expect(failure.data.code).toBe('PROXY_FAILURE');
  });

  it('goes direct for NO_PROXY hosts (here: no such host, so DNS_FAILURE, and the proxy sees nothing)', async () => {
    const proxy = await startConnectProxy(tlsServer.port);
    try {
      const client = clientFor('https://nonexistent.invalid', { proxy: { httpsProxy: proxy.url, noProxy: ['.invalid'] } });
      const failure = await failureOf(client.request({ method: 'GET', path: '/api/v1/users/me', schema: userSchema }));
      expect(failure.data.code).toBe('DNS_FAILURE');
      expect(proxy.requests).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });
});
