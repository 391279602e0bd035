// The browser shell's transport for the bridge (contract/bridge-builder.ts builds the rest), over
// HTTP to main/web. Calls are POST /bridge/<method> (JSON in, BridgeResult out); events arrive on
// one server-sent event stream per page load, which is also how the server knows when we leave.
import type { BridgeErrorData, BridgeResult } from '../../../contract';
import type { BridgeTransport } from '../../../contract/bridge-builder';

/** How long calls wait for the event stream before going ahead anyway (events would then be missed). */
const STREAM_OPEN_WAIT_MS = 3000;

function failure(error: BridgeErrorData): BridgeResult<never> {
  return { ok: false, error };
}

function isFailure(body: unknown): body is BridgeResult<never> {
  return typeof body === 'object' && body !== null && 'ok' in body && body.ok === false && 'error' in body && typeof body.error === 'object' && body.error !== null;
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
    // A call the shell could not read is answered in the contract's shape; anything else is a refusal in words.
    if (/^application\/json/.test(response.headers.get('content-type') ?? '')) {
      const body: unknown = await response.json().catch(() => null);
      if (isFailure(body)) return body;
    }
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

export function createWebTransport(): BridgeTransport {
  const clientId = crypto.randomUUID();
  const deliveries = new Set<(envelope: unknown) => void>();

  const stream = new EventSource(`/bridge/events?client=${encodeURIComponent(clientId)}`);
  const streamReady = new Promise<void>((resolve) => {
    stream.addEventListener('open', () => resolve(), { once: true });
    setTimeout(resolve, STREAM_OPEN_WAIT_MS);
  });
  stream.addEventListener('message', (message: MessageEvent<string>) => {
    let envelope: unknown;
    try {
      envelope = JSON.parse(message.data);
    } catch {
      return;
    }
    for (const deliver of deliveries) deliver(envelope);
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

  function listen(deliver: (envelope: unknown) => void): () => void {
    deliveries.add(deliver);
    return () => {
      deliveries.delete(deliver);
    };
  }

  return { call, listen };
}
