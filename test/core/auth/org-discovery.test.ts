import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { FactorDeskError } from '../../../contract';
import { listenForCallback } from '../../../main/core/auth/loopback-listener';
import { discoverOrgAuthorizationServer } from '../../../main/core/auth/org-oauth-config';
import { freeLoopbackPorts } from '../../support/free-ports';

// Discovery happens on the org's own origin, and metadata that would send a code, a refresh token
// or a client assertion anywhere else is refused. The sign-in's loopback listener takes only the
// answer it waits for.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A fake org answering its discovery document with whatever `metadata(origin)` says. */
async function fakeOrg(metadata: (origin: string) => Record<string, unknown>): Promise<{ origin: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata(origin)));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const oktaLike = (origin: string) => ({
  issuer: origin,
  authorization_endpoint: `${origin}/oauth2/v1/authorize`,
  token_endpoint: `${origin}/oauth2/v1/token`,
  jwks_uri: `${origin}/oauth2/v1/keys`,
  revocation_endpoint: `${origin}/oauth2/v1/revoke`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
});

async function discoveryError(origin: string): Promise<FactorDeskError> {
  const pool = new Pool(origin);
  try {
    await discoverOrgAuthorizationServer(origin, '0oaTestClient0000000', oidc.None(), pool);
  } catch (error) {
    if (error instanceof FactorDeskError) return error;
    throw error;
  } finally {
    await pool.close();
  }
  throw new Error('discovery unexpectedly succeeded');
}

describe('discovery on the org', () => {
  it("reads the org's own metadata", async () => {
    const org = await fakeOrg(oktaLike);
    const pool = new Pool(org.origin);
    const config = await discoverOrgAuthorizationServer(org.origin, '0oaTestClient0000000', oidc.None(), pool);
    expect(config.serverMetadata().token_endpoint).toBe(`${org.origin}/oauth2/v1/token`);
    expect(org.requests).toEqual(['GET /.well-known/openid-configuration']);
    await pool.close();
  });

  it('refuses metadata whose endpoints are on another address', async () => {
    for (const field of ['token_endpoint', 'authorization_endpoint', 'revocation_endpoint', 'jwks_uri']) {
      const org = await fakeOrg((origin) => ({ ...oktaLike(origin), [field]: `https://evil.example/oauth2/v1/${field}` }));
      const error = await discoveryError(org.origin);
      expect(error.data, field).toMatchObject({ code: 'CROSS_ORIGIN_REFUSED', message: expect.stringContaining('https://evil.example') });
    }
  });

  it('refuses metadata naming another issuer, and an address that is not an org', async () => {
    const other = await fakeOrg((origin) => ({ ...oktaLike(origin), issuer: 'https://evil.example' }));
    expect((await discoveryError(other.origin)).data.code).toBe('BAD_RESPONSE');
    const [port] = await freeLoopbackPorts(1);
    expect((await discoveryError(`http://127.0.0.1:${port}`)).data.code).toBe('NETWORK');
  });
});

describe('the loopback listener', () => {
  it('takes the next port when one is busy, and says so when all are', async () => {
    const [busy = 0, free = 0] = await freeLoopbackPorts(2);
    const squatter = createServer();
    servers.push(squatter);
    await new Promise<void>((resolve) => squatter.listen(busy, '127.0.0.1', resolve));
    const listener = await listenForCallback({ ports: [busy, free], state: 's', timeoutMs: 5000 });
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${free}/callback`);
    listener.close();
    await expect(listenForCallback({ ports: [busy], state: 's', timeoutMs: 5000 })).rejects.toMatchObject({ data: { code: 'NETWORK', message: expect.stringContaining(`port ${busy} is in use`) } });
  });

  it('answers only its own state on /callback, never echoes what it was sent, and times out', async () => {
    const [port = 0] = await freeLoopbackPorts(1);
    const listener = await listenForCallback({ ports: [port], state: 'the-state', timeoutMs: 1500 });
    const stray = await fetch(`http://127.0.0.1:${port}/other?state=the-state`);
    expect(stray.status).toBe(404);
    const forged = await fetch(`http://127.0.0.1:${port}/callback?state=x&code=<script>alert(1)</script>`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).not.toContain('<script>');
    expect(forged.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    await expect(listener.callback).rejects.toMatchObject({ data: { code: 'TIMEOUT' } });
    await expect(fetch(`http://127.0.0.1:${port}/callback?state=the-state`)).rejects.toThrow();
  });

  it('hands over the answer with its state and shows the page it is given', async () => {
    const [port = 0] = await freeLoopbackPorts(1);
    const listener = await listenForCallback({ ports: [port], state: 'st', timeoutMs: 5000 });
    const landing = fetch(`http://127.0.0.1:${port}/callback?code=abc&state=st&iss=x`);
    const callback = await listener.callback;
    expect(callback.url.href).toBe(`http://127.0.0.1:${port}/callback?code=abc&state=st&iss=x`);
    callback.respond({ title: 'Signed in <b>', text: 'Close this tab & go back.' });
    const page = await landing;
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in &#60;b&#62;');
  });
});
