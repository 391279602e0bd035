// The browser shell's bridge: the same contract as Electron's preload, over HTTP to main/web.
// Calls are POST /bridge/<method> (JSON in, BridgeResult out); events arrive on one
// server-sent event stream per page load, which is also how the server knows when we leave.
import type { BridgeErrorData, BridgeResult, EventEnvelope, EventName, FactorDeskBridge } from '../../../contract';
import { eventNameList, methodNameList } from '../../../contract/names';

/** How long calls wait for the event stream before going ahead anyway (events would then be missed). */
const STREAM_OPEN_WAIT_MS = 3000;

function failure(error: BridgeErrorData): BridgeResult<never> {
  return { ok: false, error };
}

async function readResult(response: Response): Promise<BridgeResult<unknown>> {
  if (response.status === 401) {
    return failure({
      code: 'NOT_CONNECTED',
      message: 'This page is no longer signed in to FactorDesk (it was probably restarted).',
      action: 'Open the new address printed in the terminal where FactorDesk runs.',
      httpStatus: 401,
    });
  }
  if (!response.ok) {
    return failure({
      code: 'INTERNAL',
      message: `FactorDesk refused the request (HTTP ${response.status}).`,
      action: 'Reload the page; if it keeps happening, restart FactorDesk.',
      httpStatus: response.status,
    });
  }
  const body: unknown = await response.json();
  if (typeof body === 'object' && body !== null && 'ok' in body) return body as BridgeResult<unknown>;
  return failure({ code: 'INTERNAL', message: 'FactorDesk answered with something unexpected.', action: 'Reload the page.' });
}

export function createWebBridge(): FactorDeskBridge {
  const clientId = crypto.randomUUID();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const knownEvents = new Set<string>(eventNameList);

  const stream = new EventSource(`/bridge/events?client=${encodeURIComponent(clientId)}`);
  const streamReady = new Promise<void>((resolve) => {
    stream.addEventListener('open', () => resolve(), { once: true });
    setTimeout(resolve, STREAM_OPEN_WAIT_MS);
  });
  stream.addEventListener('message', (message: MessageEvent<string>) => {
    let envelope: EventEnvelope;
    try {
      envelope = JSON.parse(message.data) as EventEnvelope;
    } catch {
      return;
    }
    for (const listener of listeners.get(envelope.name) ?? []) listener(envelope.payload);
  });

  async function call(name: string, input: unknown): Promise<BridgeResult<unknown>> {
    await streamReady;
    let response: Response;
    try {
      response = await fetch(`/bridge/${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-factordesk-client': clientId },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return failure({
        code: 'NETWORK',
        message: 'Lost contact with FactorDesk.',
        action: 'Check FactorDesk is still running in its terminal, then reload the page.',
      });
    }
    try {
      return await readResult(response);
    } catch {
      return failure({ code: 'INTERNAL', message: 'FactorDesk answered with something unreadable.', action: 'Reload the page.' });
    }
  }

  const bridge = {
    ...Object.fromEntries(methodNameList.map((name) => [name, (input: unknown) => call(name, input)])),
    on(name: EventName, listener: (payload: never) => void) {
      if (!knownEvents.has(name)) throw new Error(`Unknown FactorDesk event "${String(name).slice(0, 60)}".`);
      const forName = listeners.get(name) ?? new Set<(payload: unknown) => void>();
      listeners.set(name, forName);
      const relay = (payload: unknown) => listener(payload as never);
      forName.add(relay);
      return () => {
        forName.delete(relay);
      };
    },
  };
  // The method functions are built from the name list, so TypeScript cannot see they match the contract.
  return bridge as unknown as FactorDeskBridge;
}
