// Shared by the core tests: a core over a temp data folder, talking to a real sandbox org over HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallContext, EventEnvelope, KeychainStatus, MethodInput, MethodName, MethodResult } from '../../../contract';
import { FactorDeskError } from '../../../contract';
import { createCore, type Core } from '../../../main/core/core';
import type { StartSandbox } from '../../../main/core/sandbox-launcher';
import type { SecretStore } from '../../../main/core/secrets/secret-store';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { startSandbox, type OrgEngine } from '../../../sandbox';

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

export interface SharedSandbox {
  url: string;
  token: string;
  readOnlyToken: string;
  /** Hands the already-running sandbox to a core (so restarts of the core keep the same org). */
  start: StartSandbox;
  close(): Promise<void>;
}

export async function shareSandbox(users = 120, engine?: OrgEngine): Promise<SharedSandbox> {
  const sandbox = await startSandbox({ port: 0, users, engine });
  return {
    ...sandbox,
    start: async () => ({ url: sandbox.url, token: sandbox.token, close: async () => {} }),
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

export async function makeCore(options: { keychain?: SecretStore; sandbox?: SharedSandbox; dataDir?: string } = {}): Promise<CoreHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'factordesk-core-')));
  const keychain = options.keychain ?? memoryKeychain();
  const events: EventEnvelope[] = [];
  const build = () =>
    createCore({
      dataDir,
      secretStore: keychain,
      agentName: 'test-agent',
      emit: (_clientId, envelope) => events.push(envelope),
      startSandbox: options.sandbox?.start ?? (() => Promise.reject(new Error('no sandbox in this test'))),
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
