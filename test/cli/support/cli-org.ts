// An org the headless command reaches the way it reaches a real one: saved in a data folder with its
// API token in the system keychain, at an https address (acme.okta.test) behind a CONNECT proxy and a
// TLS front signed by a throwaway CA, forwarding to a sandbox org in this process (so a test can
// look at the org and count what it received). The same org may be saved again connected with a
// service app (its key in the keychain) or with an agent's sign-in (refresh token and DPoP key in the
// keychain, as the app leaves them). Needs the openssl CLI and a Secret Service.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as oidc from 'openid-client';
import { fetch as undiciFetch, ProxyAgent } from 'undici';
import type { OktaApiScope } from '../../../contract';
import { AGENT_API_SCOPES } from '../../../main/core/auth/agent-scopes';
import { agentFromClaims, grantedScopes, type StoredSignIn } from '../../../main/core/auth/agent-session';
import { newKeyPair } from '../../../main/core/auth/dpop-keys';
import { serviceAppPublicKey } from '../../../main/core/auth/service-app-keys';
import { OrgCredentials } from '../../../main/core/orgs/org-credentials';
import { SavedOrgs } from '../../../main/core/orgs/saved-orgs';
import { createKeychainSecretStore } from '../../../main/core/secrets/keychain-store';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import type { SavedOrg } from '../../../main/core/settings/settings-schema';
import { createSettingsStore } from '../../../main/core/settings/settings-store';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox';
import { mintCertificates } from '../../core/okta/support/test-certificates';
import { startConnectProxy, type RecordingProxy } from '../../core/okta/support/recording-servers';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';
import { registerSandboxApp } from '../../core/auth/support/core-sign-in';
import { SEEDED_PASSWORD, signInAgent } from '../../sandbox/oauth/support/oauth-client';
import { SignInBrowser } from '../../sandbox/oauth/support/sign-in-browser';

export const ORG_HOST = 'acme.okta.test';
const CLI = resolve(import.meta.dirname, '../../../main/cli/bulk.ts');

export interface CliOrg {
  sandbox: RunningSandbox;
  dataDir: string;
  orgName: string;
  recorder: RequestRecorder;
  env: NodeJS.ProcessEnv;
  /** Save another org in the data folder for `login`'s freshly minted token (a help desk, say). */
  saveOrgFor(login: string, name: string): Promise<void>;
  /**
   * Save the org connected with a service app: a key made as FactorDesk makes it (private half in
   * the keychain), the app registered in the org with its public half, scopes and admin roles.
   */
  saveServiceAppOrg(name: string, app: { scopes: OktaApiScope[]; roles: string[] }): Promise<{ clientId: string }>;
  /**
   * Save the org connected with "Sign in with Okta" (the org's native app); with `login`, that agent
   * has signed in (here over the proxy, as the app would in the browser): refresh token and DPoP key
   * in the keychain. Without it, nobody is signed in.
   */
  saveSignInOrg(name: string, login?: string): Promise<{ orgId: string }>;
  /** The org's secret of this kind as the keychain holds it (unwrapped from its address binding). */
  keptSecret(orgId: string, kind: 'refresh-token' | 'dpop-key' | 'client-key'): Promise<string | null>;
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Array<Record<string, unknown>>;
  stdout: string;
  stderr: string;
}

/** Forwards every request to the sandbox's plain listener, as a TLS-terminating front would. */
async function startTlsFront(keyPem: string, certPem: string, sandboxUrl: string): Promise<{ port: number; close(): Promise<void> }> {
  const target = new URL(sandboxUrl);
  const server: Server = createHttpsServer({ key: keyPem, cert: certPem }, (incoming, outgoing) => {
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

const keychain = createKeychainSecretStore();

export async function keychainAvailable(): Promise<boolean> {
  return (await keychain.status()).available;
}

export async function startCliOrg(options: SandboxOptions = {}): Promise<CliOrg> {
  const certificates = mintCertificates([ORG_HOST]);
  const sandbox = await startSandbox({ users: 300, ...options, publicUrl: `https://${ORG_HOST}` });
  const recorder = recordRequestsTo(Number(new URL(sandbox.url).port));
  const front = await startTlsFront(certificates.serverKeyPem, certificates.serverCertPem, sandbox.url);
  const proxy: RecordingProxy = await startConnectProxy(front.port);
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-cli-'));
  const caFile = join(dataDir, 'test-ca.pem');
  await writeFile(caFile, certificates.caPem);
  const saved = new SavedOrgs(createSettingsStore(dataDir, () => new Date()));
  const credentials = new OrgCredentials({ keychain, session: createSessionSecretStore(), sandboxRunning: () => false });
  const orgIds: string[] = [];
  const orgNamed = (name: string, connection: SavedOrg['connection']): SavedOrg => {
    const org: SavedOrg = { id: randomUUID(), name, url: `https://${ORG_HOST}`, kind: 'okta', tokenStorage: 'keychain', requireCallerVerification: true, connection };
    orgIds.push(org.id);
    return org;
  };
  const save = async (name: string, token: string): Promise<void> => {
    const org = orgNamed(name, { method: 'ssws' });
    await credentials.store(org, 'keychain', token);
    await saved.put(org, { selectIfNone: true });
  };
  // This process reaches the https org as the command does: through the proxy, trusting the test CA.
  const throughProxy = new ProxyAgent({ uri: proxy.url, requestTls: { ca: certificates.caPem } });
  const sendThroughProxy = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: throughProxy })) as unknown as typeof fetch;
  await save('Acme', sandbox.token);
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(sandbox.url + path, {
      method,
      headers: { authorization: `SSWS ${sandbox.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    sandbox,
    dataDir,
    orgName: 'Acme',
    recorder,
    env: { ...process.env, FACTORDESK_DATA_DIR: dataDir, HTTPS_PROXY: proxy.url, https_proxy: proxy.url, NO_PROXY: '', no_proxy: '', NODE_EXTRA_CA_CERTS: caFile },
    async saveOrgFor(login, name) {
      await save(name, (await api<{ token: string }>('POST', '/sandbox/v1/tokens', { login })).token);
    },
    async saveServiceAppOrg(name, app) {
      const { privateJwk } = await newKeyPair();
      const keyId = randomUUID();
      const { publicJwk } = await serviceAppPublicKey(privateJwk, keyId);
      const clientId = await registerSandboxApp(sandbox, { type: 'service', name, jwks: { keys: [publicJwk] }, scopes: app.scopes, roles: app.roles });
      const org = orgNamed(name, { method: 'service', clientId, scopes: app.scopes, keyId });
      await credentials.put(org, 'client-key', privateJwk);
      await saved.put(org);
      return { clientId };
    },
    async saveSignInOrg(name, login) {
      const org = orgNamed(name, { method: 'oauth', clientId: sandbox.oauth.nativeClientId, scopes: [...AGENT_API_SCOPES] });
      if (login) {
        const config = await oidc.discovery(new URL(org.url), sandbox.oauth.nativeClientId, undefined, oidc.None(), { [oidc.customFetch]: sendThroughProxy });
        const { keys, privateJwk } = await newKeyPair();
        const browser = new SignInBrowser({ username: login, password: SEEDED_PASSWORD }, sendThroughProxy);
        const { tokens } = await signInAgent(sandbox, config, login, { dpopKeys: keys, browser });
        const claims = tokens.claims();
        if (!tokens.refresh_token) throw new Error('the sign-in gave no refresh token');
        const stored: StoredSignIn = {
          v: 1,
          refreshToken: tokens.refresh_token,
          agent: agentFromClaims(claims),
          authTime: typeof claims?.auth_time === 'number' ? claims.auth_time : null,
          scopes: grantedScopes(tokens, []),
        };
        await credentials.put(org, 'dpop-key', privateJwk);
        await credentials.put(org, 'refresh-token', JSON.stringify(stored));
      }
      await saved.put(org);
      return { orgId: org.id };
    },
    async keptSecret(orgId, kind) {
      const text = await keychain.get(`${orgId}:${kind}`);
      return text === null ? null : (JSON.parse(text) as { secret: string }).secret;
    },
    api,
    async close() {
      for (const id of orgIds) await credentials.forget(id).catch(() => undefined);
      await throughProxy.close();
      recorder.stop();
      await proxy.close();
      await front.close();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `npm run bulk -- …` (the same entry, through tsx) without a terminal: JSON lines on stdout.
 * `killWhen` SIGKILLs it the first time a line satisfies it (a crash in the middle of a job).
 */
export async function runCli(org: CliOrg, args: string[], options: { stdin?: string; killWhen?: (line: Record<string, unknown>) => boolean } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: org.env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(options.stdin ?? '');
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('exit', (code, signal) => done([code, signal])));
  const lines: Array<Record<string, unknown>> = [];
  let killed = false;
  for await (const text of createInterface({ input: child.stdout })) {
    stdout += `${text}\n`;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON line: ${text}\n${stderr}`);
    }
    lines.push(line);
    if (!killed && options.killWhen?.(line)) {
      killed = true;
      child.kill('SIGKILL');
    }
  }
  const [code, signal] = await exited;
  return { code, signal, lines, stdout, stderr };
}
