// The one place `window.factordesk` is put together: one function per contract method and `on` for
// contract events. The Electron preload and the browser shell's web client both build their bridge
// here and differ only in the transport they hand in (IPC, or HTTP + server-sent events).
// No zod: the preload and the first screen load this, and main validates every input anyway.
import type { BridgeResult } from './errors';
import type { EventName, FactorDeskBridge, MethodName } from './index';
import { eventNameList, methodNameList } from './names';

/** How calls reach main and events come back; everything else about the bridge is the same everywhere. */
export interface BridgeTransport {
  /** Send one call; resolves with main's BridgeResult (a transport that cannot reach main answers with a failure). */
  call(name: MethodName, input: unknown): Promise<BridgeResult<unknown>>;
  /** Hand every event envelope main sends to `deliver` until the returned function is called. */
  listen(deliver: (envelope: unknown) => void): () => void;
}

const knownEvents = new Set<string>(eventNameList);

/** An envelope as main sends it: `{ name, payload }`. Anything else on the channel is ignored. */
function nameOf(envelope: unknown): unknown {
  return typeof envelope === 'object' && envelope !== null && 'name' in envelope ? envelope.name : undefined;
}

export function buildBridge(transport: BridgeTransport): FactorDeskBridge {
  const calls = Object.fromEntries(methodNameList.map((name) => [name, (input: unknown) => transport.call(name, input)]));
  const bridge = {
    ...calls,
    on(name: EventName, listener: (payload: never) => void) {
      if (!knownEvents.has(name)) throw new Error(`Unknown FactorDesk event "${String(name).slice(0, 60)}".`);
      return transport.listen((envelope) => {
        if (nameOf(envelope) === name) listener((envelope as { payload: unknown }).payload as never);
      });
    },
  };
  // The method functions are built from the name list, so TypeScript cannot see they match the contract.
  return bridge as unknown as FactorDeskBridge;
}
