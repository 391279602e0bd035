// Shared by the core tests: a core over a temp data folder, talking to a real sandbox org over HTTP.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallContext, EventEnvelope, KeychainStatus, MethodInput, MethodName, MethodResult } from '../../../contract';
import { FactorDeskError } from '../../../contract';
import { createCore, type Core, type CoreOptions } from '../../../main/core/core';
import type { CreateOktaClient } from '../../../main/core/orgs/connection-registry';
import type { StartSandbox } from '../../../main/core/sandbox-launcher';
import type { SecretStore } from '../../../main/core/secrets/secret-store';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox';
import { callbackUris, freeLoopbackPorts } from '../../support/free-ports';

export const testClient: CallContext = { clientId: 'test-window' };

/** Call a bridge method through the real dispatcher; resolve its value or throw its FactorDeskError. */
export async function call<K extends MethodName>(core: Core, name: K, input: MethodInput<K>): Promise<MethodResult<K>> {
  const result = await core.dispatch(name, input, testClient);
  if (!result.ok) throw new FactorDeskError(result.error);
  return result.value as MethodResult<K>;
}

/** The error a call fails with (fails the test if it succeeds). */
export async function callError<K extends MethodName>(core: Core, name: K, input: MethodInput<K>) {
  const result = await core.dispatch(name, input, testClient);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded: ${JSON.stringify(result.value)}`);
  return result.error;
}

/** An in-memory stand-in for the OS keychain (the real one is exercised in test/core/secrets). */
export function memoryKeychain(): SecretStore & { entries(): Map<string, string> } {
  const store = createSessionSecretStore();
  const entries = new Map<string, string>();
  return {
    ...store,
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
    entries: () => entries,
  };
}

/** A keychain that is not there, as on Linux without a Secret Service. */
export function missingKeychain(): SecretStore {
  const status: KeychainStatus = { available: false, detail: 'No Secret Service here (test).' };
  const refuse = () => Promise.reject(new Error('keychain used although unavailable'));
  return { status: async () => status, get: refuse, set: refuse, delete: refuse };
}

export interface SharedSandbox extends RunningSandbox {
  /** Hands the already-running sandbox to a core (so restarts of the core keep the same org). */
  start: StartSandbox;
}

/**
 * A sandbox org shared by a file's tests. `signIn`: "Use the sandbox org" signs the agent in
 * (the sandbox's native app, its redirect URIs on free ports); otherwise the core connects it with
 * its admin API token, as the tests of other features want.
 */
export async function shareSandbox(users = 120, options: { signIn?: boolean; sandbox?: SandboxOptions } = {}): Promise<SharedSandbox> {
  const nativeRedirectUris = callbackUris(await freeLoopbackPorts(3));
  const sandbox = await startSandbox({ port: 0, users, nativeRedirectUris, ...options.sandbox });
  const { nativeClientId } = sandbox.oauth;
  return {
    ...sandbox,
    start: async () => ({ url: sandbox.url, token: sandbox.token, ...(options.signIn ? { oauth: { nativeClientId, nativeRedirectUris } } : {}), close: async () => {} }),
    close: () => sandbox.close(),
  };
}

export interface CoreHarness {
  core: Core;
  dataDir: string;
  events: EventEnvelope[];
  /** A new core on the same data folder and keychain: what an app restart looks like. */
  restart(): Promise<Core>;
  close(): Promise<void>;
}

export interface CoreHarnessOptions {
  keychain?: SecretStore;
  /** "This session only" secrets (the sandbox org's): a store the test can look into. */
  sessionStore?: SecretStore;
  sandbox?: SharedSandbox;
  dataDir?: string;
  createClient?: CreateOktaClient;
  /**
   * The managed policy file to read (again on `restart()`). Without it, a path with no file: a
   * policy on the machine running the tests never applies.
   */
  policyPath?: string;
  /** A managed policy file's rules (written as JSON into the data folder and read from there); not with `policyPath`. */
  policy?: Record<string, unknown>;
  now?: () => Date;
  signIn?: CoreOptions['signIn'];
  log?: CoreOptions['log'];
  openPhoneWindow?: CoreOptions['openPhoneWindow'];
  /** The re-enrollment watch's and the sign-out read-back's timing (tests shorten them). */
  recovery?: CoreOptions['recovery'];
}

export async function makeCore(options: CoreHarnessOptions = {}): Promise<CoreHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'factordesk-core-')));
  const keychain = options.keychain ?? memoryKeychain();
  const events: EventEnvelope[] = [];
  let policyPath = options.policyPath ?? join(dataDir, 'no-policy-here.json');
  if (options.policy) {
    policyPath = join(dataDir, 'policy.json');
    await writeFile(policyPath, JSON.stringify(options.policy));
  }
  const build = () =>
    createCore({
      dataDir,
      secretStore: keychain,
      agentName: 'test-agent',
      emit: (_clientId, envelope) => events.push(envelope),
      startSandbox: options.sandbox?.start ?? (() => Promise.reject(new Error('no sandbox in this test'))),
      ...(options.createClient ? { createClient: options.createClient } : {}),
      policyPath,
      ...(options.sessionStore ? { sessionStore: options.sessionStore } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.openPhoneWindow ? { openPhoneWindow: options.openPhoneWindow } : {}),
      ...(options.recovery ? { recovery: options.recovery } : {}),
      signIn: { timeoutMs: 30_000, ...options.signIn },
    });
  const harness: CoreHarness = {
    core: build(),
    dataDir,
    events,
    async restart() {
      await harness.core.close();
      harness.core = build();
      return harness.core;
    },
    async close() {
      await harness.core.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
