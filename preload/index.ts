// The preload: the renderer's only way to main. It exposes `window.factordesk` with one named
// function per contract method and `on` for contract events; never ipcRenderer itself.
// It imports only contract/names (no zod): main validates every input anyway.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventEnvelope, EventName, FactorDeskBridge } from '../contract';
import { EVENT_CHANNEL, eventNameList, methodChannel, methodNameList } from '../contract/names';

export function buildPreloadBridge(): FactorDeskBridge {
  const calls = Object.fromEntries(
    methodNameList.map((name) => [name, (input: unknown) => ipcRenderer.invoke(methodChannel(name), input)]),
  );
  const knownEvents = new Set<string>(eventNameList);
  const bridge = {
    ...calls,
    on(name: EventName, listener: (payload: never) => void) {
      if (!knownEvents.has(name)) throw new Error(`Unknown FactorDesk event "${String(name).slice(0, 60)}".`);
      const relay = (_event: IpcRendererEvent, envelope: EventEnvelope) => {
        if (envelope?.name === name) listener(envelope.payload as never);
      };
      ipcRenderer.on(EVENT_CHANNEL, relay);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, relay);
      };
    },
  };
  // The method functions are built from the name list, so TypeScript cannot see they match the contract.
  return bridge as unknown as FactorDeskBridge;
}

contextBridge.exposeInMainWorld('factordesk', buildPreloadBridge());
