import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, eventNames, methodChannel, methodNames, type FactorDeskBridge } from '../../contract';

type Listener = (event: unknown, envelope: unknown) => void;
const preloadFake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as [string, unknown][],
  listeners: new Set<(event: unknown, envelope: unknown) => void>(),
}));

vi.mock('electron', () => {
  const ipcRenderer = {
    invoke: (channel: string, input: unknown) => {
      preloadFake.invoked.push([channel, input]);
      return Promise.resolve({ ok: true, value: channel });
    },
    on: (channel: string, listener: Listener) => {
      if (channel === 'factordesk:event') preloadFake.listeners.add(listener);
    },
    removeListener: (_channel: string, listener: Listener) => preloadFake.listeners.delete(listener),
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => preloadFake.exposed.set(key, api) };
  return { ipcRenderer, contextBridge, default: { ipcRenderer, contextBridge } };
});

let bridge: FactorDeskBridge;
beforeAll(async () => {
  await import('../../preload/index');
  bridge = preloadFake.exposed.get('factordesk') as FactorDeskBridge;
});

describe('the preload', () => {
  it('exposes only window.factordesk: one function per contract method plus `on`, never ipcRenderer', () => {
    expect([...preloadFake.exposed.keys()]).toEqual(['factordesk']);
    expect(Object.keys(bridge).sort()).toEqual([...methodNames, 'on'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('calls each method on its own channel with the input as given', async () => {
    for (const name of methodNames) {
      const call = bridge[name] as (input: unknown) => Promise<unknown>;
      expect(await call({ probe: name })).toEqual({ ok: true, value: methodChannel(name) });
    }
    expect(preloadFake.invoked).toEqual(methodNames.map((name) => [methodChannel(name), { probe: name }]));
    expect(EVENT_CHANNEL).toBe('factordesk:event');
  });

  it('delivers only the subscribed event and stops after unsubscribe', () => {
    const [first, second] = eventNames;
    if (!first || !second) throw new Error('the contract has fewer than two events');
    const received: unknown[] = [];
    const unsubscribe = bridge.on(first, (payload) => received.push(payload));
    for (const listener of preloadFake.listeners) {
      listener({}, { name: first, payload: { n: 1 } });
      listener({}, { name: second, payload: { n: 2 } });
      listener({}, null);
    }
    expect(received).toEqual([{ n: 1 }]);
    unsubscribe();
    expect(preloadFake.listeners.size).toBe(0);
    expect(() => bridge.on('nope' as typeof first, () => {})).toThrow(/Unknown FactorDesk event/);
  });
});
