import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { BridgeResult } from '../../contract';
import { createCore, type CoreOptions } from '../core/core';
import { rendererSecurityHeaders } from '../core/bridge/csp';
import { describeForLog } from '../core/safe-log';
import { heldSecrets } from '../core/storage';
import { readRendererFile } from '../core/bridge/renderer-files';
import { createKeychainSecretStore } from '../core/secrets/keychain-store';
import type { SecretStore } from '../core/secrets/secret-store';
import { AccessGuard } from './access-guard';
import { noSessionPage, refusedKeyPage } from './access-pages';
import { EventStreams } from './event-streams';
import { LaunchKeys } from './launch-keys';

export interface WebShellOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  dataDir: string;
  /** Defaults to the OS keychain (which reports itself unavailable where there is none). */
  secretStore?: SecretStore;
  /** "This session only" secrets: memory (tests pass a store they can look into). */
  sessionStore?: SecretStore;
  agentName?: string;
  /** The built renderer; defaults to out/renderer. */
  rendererDir?: string;
  /** For tests: how the sandbox org starts and how Okta clients are made. */
  startSandbox?: CoreOptions['startSandbox'];
  createClient?: CoreOptions['createClient'];
  /** For tests: the sandbox org's connection (the API-token fast path), the sign-in's loopback ports and timeout. */
  sandboxConnection?: CoreOptions['sandboxConnection'];
  signIn?: Omit<NonNullable<CoreOptions['signIn']>, 'openSignInPage'>;
  /** For tests: the core's clock (e.g. a sign-in that has grown old). */
  now?: CoreOptions['now'];
  log?: CoreOptions['log'];
  /** How long a printed address works if nobody opens it (default 2 minutes). */
  launchKeyTtlMs?: number;
  /** Tests only (see CoreOptions.policyPath): `main/web/index.ts` never sets it, so `npm start` reads the machine-wide policy. */
  policyPath?: CoreOptions['policyPath'];
}

export interface WebShell {
  /** The first address to open: http://127.0.0.1:PORT/?key=KEY, good for one browser, for a short while. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Another single-use address (another browser, or the last one expired). */
  newLaunchUrl(): string;
  /** How long an address works if nobody opens it. */
  launchKeyTtlMs: number;
  close(): Promise<void>;
}

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const CLIENT_HEADER = 'x-factordesk-client';

/** The answer to a bridge call whose body could not be read: the contract's error shape, never Fastify's words. */
function unreadableCall(status: number): BridgeResult<never> {
  return {
    ok: false,
    error: {
      code: 'INVALID_INPUT',
      message: status === 413 ? 'The request was too large for FactorDesk.' : 'The request could not be read: FactorDesk takes plain JSON objects (without __proto__ keys).',
      action: 'Reload the page; if it keeps happening, restart FactorDesk.',
      httpStatus: status,
    },
  };
}

function defaultRendererDir(): string {
  const besideBuild = resolve(import.meta.dirname, '../renderer'); // out/main/web.js → out/renderer
  return existsSync(resolve(besideBuild, 'index.html')) ? besideBuild : resolve(process.cwd(), 'out/renderer');
}

function defaultAgentName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * The browser shell: the same core behind the same contract, over HTTP on 127.0.0.1 only.
 * A printed address carries a single-use launch key; opening it swaps the key for a session
 * cookie and redirects to the bare address, so the key is neither reusable nor left on screen or
 * in the tab's history. Every other request must carry a session and come from our exact host
 * and origin; calls are `POST /bridge/<method>` with JSON, events a server-sent event stream.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const securityHeaders = rendererSecurityHeaders();
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  const launchKeys = new LaunchKeys({ ttlMs: options.launchKeyTtlMs });

  // Known once the server has its port (the allowed Host/Origin depend on it); nothing is served before.
  const access: { guard?: AccessGuard } = {};
  const streams = new EventStreams((clientId) => core.clientClosed(clientId));
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[FactorDesk] ${message}`, ...(error === undefined ? [] : [error])));
  const core = createCore({
    dataDir: options.dataDir,
    secretStore: options.secretStore ?? createKeychainSecretStore(),
    sessionStore: options.sessionStore,
    agentName: options.agentName ?? defaultAgentName(),
    emit: (clientId, envelope) => streams.send(clientId, envelope),
    log,
    startSandbox: options.startSandbox,
    createClient: options.createClient,
    policyPath: options.policyPath,
    sandboxConnection: options.sandboxConnection,
    // No openSignInPage: in a browser the page opens the sign-in in a new tab, and the loopback
    // listener's page says the tab can be closed.
    signIn: options.signIn,
    now: options.now,
  });

  const pageHeaders = { ...securityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  const refuse = (reply: FastifyReply, status: number, text: string) =>
    reply.code(status).headers({ ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' }).send(text);

  // Every answer carries the security headers, Fastify's own (404, parse errors) included.
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
  app.setNotFoundHandler((_request, reply) => refuse(reply, 404, 'Not found'));
  // Plain words, never Fastify's error text (it can quote what was sent) or a stack trace.
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log(`Unexpected failure answering ${request.method} ${new URL(request.url, 'http://placeholder').pathname}`, describeForLog(error, heldSecrets()));
    // A bridge call whose body cannot be read (not JSON, a __proto__ key, too large) still gets the contract's answer.
    if (status < 500 && request.method === 'POST' && request.url.startsWith('/bridge/')) {
      return reply.code(status).headers({ ...securityHeaders, 'cache-control': 'no-store' }).send(unreadableCall(status));
    }
    return refuse(reply, status, status === 413 ? 'Request too large.' : status < 500 ? 'Bad request.' : 'Something went wrong inside FactorDesk.');
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const guard = access.guard;
    if (!guard) return refuse(reply, 503, 'Starting up.');
    if (!guard.hostAllowed(request.headers.host)) return refuse(reply, 421, 'Wrong host for FactorDesk.');
    if (!guard.originAllowed(request.headers.origin)) return refuse(reply, 403, 'Requests from other sites are refused.');
    if (request.headers['sec-fetch-site'] === 'cross-site') return refuse(reply, 403, 'Requests from other sites are refused.');

    const url = new URL(request.url, 'http://placeholder');
    const key = url.searchParams.get('key');
    if (key !== null && request.method === 'GET') {
      const redemption = launchKeys.redeem(key);
      const signedIn = guard.hasSession(request.headers.cookie);
      if (redemption !== 'accepted' && !signedIn) {
        return reply.code(403).headers(pageHeaders).send(refusedKeyPage(redemption, launchKeys.ttlMs));
      }
      // 303 to the same address without the key: the tab's history and address bar only ever show that.
      url.searchParams.delete('key');
      const headers: Record<string, string> = { ...securityHeaders, location: `${url.pathname}${url.search}`, 'cache-control': 'no-store' };
      if (redemption === 'accepted') headers['set-cookie'] = guard.startSession();
      return reply.code(303).headers(headers).send();
    }
    if (!guard.hasSession(request.headers.cookie)) {
      return reply.code(401).headers(pageHeaders).send(noSessionPage(launchKeys.ttlMs));
    }
  });

  app.post<{ Params: { method: string } }>('/bridge/:method', async (request, reply) => {
    const clientId = request.headers[CLIENT_HEADER];
    if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) return refuse(reply, 400, 'Missing client id.');
    if (!request.headers.origin) return refuse(reply, 403, 'Bridge calls must come from the FactorDesk page.');
    // JSON only: a cross-site form can post text/plain or form data, never application/json without a preflight.
    if (!/^application\/json(;|$)/i.test(request.headers['content-type'] ?? '')) return refuse(reply, 415, 'Bridge calls are JSON.');
    const result = await core.dispatch(request.params.method, request.body, { clientId });
    return reply.headers({ ...securityHeaders, 'cache-control': 'no-store' }).send(result);
  });

  app.get<{ Querystring: { client?: string } }>('/bridge/events', (request, reply) => {
    const clientId = request.query.client;
    if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) return refuse(reply, 400, 'Missing client id.');
    reply.hijack();
    streams.open(clientId, reply.raw, securityHeaders);
  });

  app.get('/*', async (request, reply) => {
    const path = new URL(request.url, 'http://placeholder').pathname;
    const result = await readRendererFile(rendererDir, path);
    if (result.status !== 200) return refuse(reply, result.status, result.status === 400 ? 'Bad request' : 'Not found');
    const isPage = result.file.contentType.startsWith('text/html');
    return reply
      .headers({ ...securityHeaders, 'content-type': result.file.contentType, 'cache-control': isPage ? 'no-store' : 'no-cache' })
      .send(result.file.body);
  });

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The browser shell did not get a TCP port.');
  access.guard = new AccessGuard(address.port);
  const origin = `http://127.0.0.1:${address.port}`;
  const newLaunchUrl = () => `${origin}/?key=${launchKeys.mint()}`;

  return {
    url: newLaunchUrl(),
    origin,
    newLaunchUrl,
    launchKeyTtlMs: launchKeys.ttlMs,
    async close() {
      streams.close();
      await app.close();
      await core.close();
    },
  };
}
