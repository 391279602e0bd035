// What an HTTP server in this process received, seen from the server's side: Node publishes every
// incoming request and every finished response on its diagnostics channels, whichever framework
// (Fastify for the sandbox org) answers it. So a test can record exactly what reached the sandbox
// without the sandbox knowing.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** The request target exactly as received: path and query, percent-encoding untouched. */
  url: string;
  /** Set once the answer is sent; null when the connection ended without one. */
  status: number | null;
  /** What the test was doing when it arrived (see `label`). */
  label: string | null;
  /** The `Authorization` scheme (SSWS, Bearer, DPoP), never the credential. */
  authScheme: string | null;
  /** The DPoP proof sent with it, if any (a proof is public: it is signed for this one request). */
  dpop: string | null;
  /** The whole `Authorization` header, only when the recorder was asked to keep it (replay tests play the thief). */
  authorization?: string;
}

export interface RequestRecorder {
  readonly requests: ReceivedRequest[];
  /** Requests arriving from now on carry this label (null: none). */
  label(value: string | null): void;
  stop(): void;
}

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/** Records every request the server listening on `port` (in this process) receives, and its status. */
export function recordRequestsTo(port: number, options: { keepAuthorization?: boolean } = {}): RequestRecorder {
  const requests: ReceivedRequest[] = [];
  const pending = new WeakMap<ServerResponse, ReceivedRequest>();
  let current: string | null = null;

  const onStart = (message: unknown): void => {
    const { request, response, server } = message as RequestStart;
    if ((server.address() as AddressInfo | null)?.port !== port) return;
    const dpop = request.headers.dpop;
    const received: ReceivedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      status: null,
      label: current,
      authScheme: request.headers.authorization?.split(' ', 1)[0] ?? null,
      dpop: typeof dpop === 'string' ? dpop : null,
      ...(options.keepAuthorization && request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    };
    requests.push(received);
    pending.set(response, received);
  };
  const onFinish = (message: unknown): void => {
    const { response } = message as { response: ServerResponse };
    const received = pending.get(response);
    if (received) received.status = response.statusCode;
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return {
    requests,
    label(value) {
      current = value;
    },
    stop() {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}
