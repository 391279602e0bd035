// An org the headless command reaches the way it reaches a real one: saved in a data folder with its
// API token in the system keychain, at an https address (acme.okta.test) behind a CONNECT proxy and a
// TLS front signed by a throwaway CA, forwarding to a sandbox org in this process (so a test can
// look at the org and count what it received). Needs the openssl CLI and a Secret Service.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { OrgTokens } from '../../../main/core/orgs/org-tokens';
import { SavedOrgs } from '../../../main/core/orgs/saved-orgs';
import { createKeychainSecretStore } from '../../../main/core/secrets/keychain-store';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { createSettingsStore } from '../../../main/core/settings/settings-store';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox';
import { mintCertificates } from '../../core/okta/support/test-certificates';
import { startConnectProxy, type RecordingProxy } from '../../core/okta/support/recording-servers';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';

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
  const tokens = new OrgTokens({ keychain, session: createSessionSecretStore(), sandboxRunning: () => false });
  const orgIds: string[] = [];
  const save = async (name: string, token: string): Promise<void> => {
    const org = { id: randomUUID(), name, url: `https://${ORG_HOST}`, kind: 'okta' as const, tokenStorage: 'keychain' as const, requireCallerVerification: true };
    await tokens.store(org, 'keychain', token);
    await saved.put(org, { selectIfNone: true });
    orgIds.push(org.id);
  };
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
    api,
    async close() {
      for (const id of orgIds) await tokens.forget(id).catch(() => undefined);
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
