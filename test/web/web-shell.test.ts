import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebShell, type WebShell } from '../../main/web/server';
import { memoryKeychain, shareSandbox, type SharedSandbox } from '../core/orgs/core-harness';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let shell: WebShell;
let sandbox: SharedSandbox;
let folder: string;
let port: number;
let key: string;
let cookie: string;

/** Raw HTTP (fetch forbids setting Host), so the tests can send what an attacker's page or a rebinding DNS name would. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const origin = () => `http://127.0.0.1:${port}`;

async function bridge(method: string, input: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(`/bridge/${method}`, {
    method: 'POST',
    headers: { cookie, origin: origin(), 'content-type': 'application/json', 'x-factordesk-client': 'test-page-0001', ...headers },
    body: JSON.stringify(input),
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'factordesk-web-'));
  const rendererDir = join(folder, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><div id="app"></div>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {};');
  sandbox = await shareSandbox(60);
  shell = await startWebShell({ dataDir: join(folder, 'data'), rendererDir, secretStore: memoryKeychain(), agentName: 'test', startSandbox: sandbox.start });
  const url = new URL(shell.url);
  port = Number(url.port);
  key = url.searchParams.get('key') ?? '';
});

afterAll(async () => {
  await shell.close();
  await sandbox.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the browser shell', () => {
  it('listens on 127.0.0.1 only, with a 32-byte random key in the URL', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{43}$/);
  });

  it('requires the key: nothing is served without it or with a wrong one', async () => {
    const bare = await send('/');
    expect(bare.status).toBe(401);
    expect(bare.body).toMatch(/address printed in the terminal/);
    expect(bare.headers['cache-control']).toBe('no-store');
    expect(bare.body).not.toContain('id="app"');
    expect((await send('/assets/app.js')).status).toBe(401);
    const wrong = await send(`/?key=${key.slice(1)}x`);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('not valid');
    const call = await send('/bridge/listOrgs', { method: 'POST', headers: { origin: origin(), 'content-type': 'application/json', 'x-factordesk-client': 'test-page-0001' }, body: '{}' });
    expect(call.status).toBe(401);
  });

  it('swaps the key for an HttpOnly SameSite=Strict cookie and strips it from the address', async () => {
    const first = await send(`/?key=${key}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(key);
    cookie = setCookie.split(';')[0] ?? '';

    const page = await send('/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="app"');
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const script = await send('/assets/app.js', { headers: { cookie } });
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['content-security-policy']).toBe(CSP);
  });

  it('opens one session per address: the same address a second time is refused', async () => {
    // The test above exchanged `key`; a second browser (no cookie) gets nothing from it.
    const again = await send(`/?key=${key}`);
    expect(again.status).toBe(403);
    expect(again.body).toContain('already been used');
    expect(again.body).toContain('press <b>Enter</b> to print a new address');
    expect(again.body).not.toContain('id="app"');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.headers['content-security-policy']).toBe(CSP);
    // The browser that used it is simply taken to the page, without a second session.
    const signedIn = await send(`/?key=${key}`, { headers: { cookie } });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/');
    expect(signedIn.headers['set-cookie']).toBeUndefined();
  });

  it('prints new single-use addresses on request, each opening its own session', async () => {
    const keyOf = (url: string) => new URL(url).searchParams.get('key') ?? '';
    const [first, second] = [keyOf(shell.newLaunchUrl()), keyOf(shell.newLaunchUrl())];
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([key, first, second]).size).toBe(3);
    // A HEAD (a link preview, a prefetch) never spends a key.
    expect((await send(`/?key=${first}`, { method: 'HEAD' })).status).toBe(401);
    const cookies: string[] = [];
    for (const each of [first, second]) {
      const exchange = await send(`/?key=${each}`);
      expect(exchange.status).toBe(303);
      cookies.push(String(exchange.headers['set-cookie']).split(';')[0] ?? '');
      expect((await send(`/?key=${each}`)).status).toBe(403);
    }
    expect(new Set([cookie, ...cookies]).size).toBe(3);
    for (const each of cookies) expect((await send('/', { headers: { cookie: each } })).status).toBe(200);
    const [name] = cookie.split('=');
    expect((await send('/', { headers: { cookie: `${name}=${key}` } })).status).toBe(401); // the key is not a session
  });

  it('refuses an address nobody opened in time', async () => {
    const shortLived = await startWebShell({
      dataDir: join(folder, 'short-lived'),
      rendererDir: join(folder, 'renderer'),
      secretStore: memoryKeychain(),
      agentName: 'test',
      launchKeyTtlMs: 1_500,
    });
    try {
      const shortPort = Number(new URL(shortLived.origin).port);
      const get = (url: string) =>
        new Promise<Answer>((resolve, reject) => {
          const { pathname, search } = new URL(url);
          httpRequest({ host: '127.0.0.1', port: shortPort, path: `${pathname}${search}` }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          })
            .on('error', reject)
            .end();
        });
      expect(shortLived.launchKeyTtlMs).toBe(1_500);
      expect((await get(shortLived.newLaunchUrl())).status).toBe(303); // opened in time
      const unopened = shortLived.url;
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      const late = await get(unopened);
      expect(late.status).toBe(403);
      expect(late.body).toContain('has expired');
      expect(late.body).toContain('works for 2 seconds after it is printed');
      expect(late.headers['set-cookie']).toBeUndefined();
    } finally {
      await shortLived.close();
    }
  });

  it('refuses a wrong Host (DNS rebinding) even with the cookie', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost']) {
      expect((await send('/', { headers: { cookie, host } })).status, host).toBe(421);
    }
    expect((await send('/', { headers: { cookie, host: `localhost:${port}` } })).status).toBe(200);
  });

  it('refuses bridge calls from another origin, without an Origin, or not as JSON (CSRF)', async () => {
    expect((await bridge('listOrgs', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await bridge('listOrgs', {}, { origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await bridge('listOrgs', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const noOrigin = await send('/bridge/listOrgs', { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-factordesk-client': 'test-page-0001' }, body: '{}' });
    expect(noOrigin.status).toBe(403);
    expect((await bridge('listOrgs', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await bridge('listOrgs', {}, { 'x-factordesk-client': '' })).status).toBe(400);
  });

  it('answers bridge calls end to end: sandbox org, search "isaac", Isaac Brock\'s factors', async () => {
    const listed = await bridge('listOrgs', {});
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body)).toMatchObject({ ok: true, value: { orgs: [], activeOrgId: null, keychain: { available: true } } });

    const connected = JSON.parse((await bridge('connectSandbox', {})).body);
    expect(connected).toMatchObject({ ok: true, value: { id: 'sandbox', kind: 'sandbox', hasToken: true } });

    const search = JSON.parse((await bridge('searchUsers', { query: 'isaac' })).body);
    const isaac = search.value.users.find((user: { login: string }) => user.login === 'isaac@example.org');
    expect(isaac).toMatchObject({ displayName: 'Isaac Brock' });

    const factors = await bridge('listFactors', { userId: isaac.id });
    expect(factors.body).not.toContain(sandbox.token);
    expect(JSON.parse(factors.body).value.factors.map((factor: { label: string }) => factor.label)).toEqual(
      expect.arrayContaining(['Okta Verify (push)', 'SMS']),
    );
  });

  it('answers contract errors as data, never stack traces', async () => {
    const unknown = JSON.parse((await bridge('dropDatabase', {})).body);
    expect(unknown).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown request "dropDatabase".', action: expect.stringMatching(/restart/) } });
    const invalid = JSON.parse((await bridge('searchUsers', { query: 42 })).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(invalid)).not.toMatch(/at .+\.ts:\d+/);
  });

  it('opens a server-sent event stream per page, with the same protections', async () => {
    expect((await send('/bridge/events?client=test-page-0001')).status).toBe(401);
    const stream = await new Promise<{ status: number; type: string | undefined; csp: string | undefined; first: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/bridge/events?client=test-page-0001', headers: { host: `127.0.0.1:${port}`, cookie } },
        (res) => {
          res.setEncoding('utf8');
          res.once('data', (chunk: string) => {
            resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], csp: res.headers['content-security-policy'] as string, first: chunk });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(stream).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/event-stream/), csp: CSP, first: ': connected\n\n' });
  });

  it('keeps events for a page whose stream is not open yet, and sends them first when it connects', async () => {
    const page = { 'x-factordesk-client': 'test-page-late' };
    const search = JSON.parse((await bridge('searchUsers', { query: 'isaac' })).body);
    const isaac = search.value.users.find((user: { login: string }) => user.login === 'isaac@example.org');
    const factors = JSON.parse((await bridge('listFactors', { userId: isaac.id })).body).value.factors as { id: string; factorType: string }[];
    const push = factors.find((factor) => factor.factorType === 'push');
    if (!push) throw new Error('Isaac has no push factor');

    const started = JSON.parse((await bridge('startVerify', { userId: isaac.id, factorId: push.id }, page)).body);
    expect(started).toMatchObject({ ok: true, value: { kind: 'push' } });
    const control = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.json() as Promise<unknown>;
    };
    let pending: { transactionId: string; factorId: string } | undefined;
    while (!pending) {
      const pushes = (await control('GET', `/sandbox/v1/users/${isaac.id}/pushes`)) as { transactionId: string; factorId: string }[];
      pending = pushes.find((candidate) => candidate.factorId === push.id);
    }
    await control('POST', `/sandbox/v1/pushes/${pending.transactionId}/approve`, { answer: started.value.correctAnswer });
    // The pass is journaled just before SUCCESS is emitted: once it shows, the event is on its way (to no stream).
    while (!JSON.parse((await bridge('getCallerVerification', { userId: isaac.id })).body).value.verified);

    const frames = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/bridge/events?client=test-page-late', headers: { host: `127.0.0.1:${port}`, cookie } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes('"SUCCESS"')) {
              resolve(text);
              req.destroy();
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    const events = frames
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: '))
      .map((frame) => JSON.parse(frame.slice('data: '.length)) as { name: string; payload: { watchId: string; state: string } });
    // The caller verification change that follows the push's end may come with it; the push's own last word is SUCCESS.
    expect(events.filter((event) => event.name === 'pushVerifyStatus').at(-1)).toMatchObject({
      name: 'pushVerifyStatus',
      payload: { watchId: started.value.watchId, state: 'SUCCESS' },
    });
    expect(frames).not.toContain(sandbox.token);
  });

  it('sends the security headers with every answer, its own errors included, without echoing the request', async () => {
    const notFound = await send('/bridge/listOrgs', { method: 'PUT', headers: { cookie } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['content-security-policy']).toBe(CSP);
    const malformed = await send('/bridge/listOrgs', {
      method: 'POST',
      headers: { cookie, origin: origin(), 'content-type': 'application/json', 'x-factordesk-client': 'test-page-0001' },
      body: '{"query": "<script>unfinished',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-security-policy']).toBe(CSP);
    expect(malformed.headers['x-content-type-options']).toBe('nosniff');
    // The contract's error shape, in FactorDesk's words: nothing of what was sent is echoed.
    expect(JSON.parse(malformed.body)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/could not be read/), action: expect.stringMatching(/Reload/), httpStatus: 400 },
    });
    expect(malformed.body).not.toContain('<script>');
    const poisoned = await send('/bridge/searchUsers', {
      method: 'POST',
      headers: { cookie, origin: origin(), 'content-type': 'application/json', 'x-factordesk-client': 'test-page-0001' },
      body: '{"query": "", "__proto__": {"polluted": true}}',
    });
    expect(poisoned.status).toBe(400);
    expect(JSON.parse(poisoned.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/__proto__/) } });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    const tooLarge = await bridge('searchUsers', { query: 'x'.repeat(300 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-security-policy']).toBe(CSP);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request was too large for FactorDesk.' } });
  });
});
