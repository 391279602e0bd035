// A bridge for renderer unit tests: the real bridge builder over a transport the test drives. Each
// call waits until the test answers it, so tests choose the order answers arrive in.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, vi } from 'vitest';
import type { BridgeErrorData, MethodName, MethodResult } from '../../../contract';
import { buildBridge, type BridgeTransport } from '../../../contract/bridge-builder';

export interface PendingCall<K extends MethodName = MethodName> {
  name: K;
  input: unknown;
  answer(value: MethodResult<K>): Promise<void>;
  fail(error: Partial<BridgeErrorData> & Pick<BridgeErrorData, 'code'>): Promise<void>;
}

export interface FakeBridge {
  /** Calls not answered yet, oldest first. */
  pending: PendingCall[];
  /** The oldest unanswered call of this method; fails the test when there is none. */
  next<K extends MethodName>(name: K): PendingCall<K>;
  /** The newest unanswered call of this method; fails the test when there is none. */
  latest<K extends MethodName>(name: K): PendingCall<K>;
  /** How many calls of this method were made so far. */
  count(name: MethodName): number;
}

/** Let promise callbacks (the store's awaits) run. */
export async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/**
 * Installs the fake as `window.factordesk`, which the renderer's bridge module prefers and keeps:
 * call once per test file. Before each test, unanswered calls and counts are forgotten and a fresh
 * Pinia is active, so every test starts with new stores.
 */
export function useFakeBridge(): FakeBridge {
  const pending: PendingCall[] = [];
  const made = new Map<MethodName, number>();
  const transport: BridgeTransport = {
    call(name, input) {
      made.set(name, (made.get(name) ?? 0) + 1);
      return new Promise((resolve) => {
        const settle = (result: Parameters<typeof resolve>[0]) => {
          pending.splice(pending.indexOf(entry), 1);
          resolve(result);
          return settled();
        };
        const entry: PendingCall = {
          name,
          input,
          answer: (value) => settle({ ok: true, value }),
          fail: (error) => settle({ ok: false, error: { message: `Failed: ${error.code}`, ...error } }),
        };
        pending.push(entry);
      });
    },
    listen: () => () => {},
  };
  vi.stubGlobal('window', { factordesk: buildBridge(transport) });
  beforeEach(() => {
    pending.length = 0;
    made.clear();
    setActivePinia(createPinia());
  });

  function find<K extends MethodName>(name: K, newest: boolean): PendingCall<K> {
    const matching = pending.filter((call) => call.name === name);
    const found = newest ? matching.at(-1) : matching[0];
    if (!found) throw new Error(`no pending ${name} call (pending: ${pending.map((call) => call.name).join(', ') || 'none'})`);
    return found as unknown as PendingCall<K>;
  }

  return {
    pending,
    next: (name) => find(name, false),
    latest: (name) => find(name, true),
    count: (name) => made.get(name) ?? 0,
  };
}
