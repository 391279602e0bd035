// The preload: the renderer's only way to main. It exposes `window.factordesk` (built by the
// contract's bridge builder) over IPC; never ipcRenderer itself. No zod here (the lint rule
// `factordesk/no-eager-zod` checks): main validates every input anyway.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge, type BridgeTransport } from '../contract/bridge-builder';
import { EVENT_CHANNEL, methodChannel } from '../contract/names';

const ipcTransport: BridgeTransport = {
  call: (name, input) => ipcRenderer.invoke(methodChannel(name), input),
  listen(deliver) {
    const relay = (_event: IpcRendererEvent, envelope: unknown) => deliver(envelope);
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('factordesk', buildBridge(ipcTransport));
