import type { ServerResponse } from 'node:http';
import type { EventEnvelope } from '../../contract';

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent event streams, one per page load (clientId). Events for a client without an open
 * stream are dropped: the page that asked for them is gone.
 */
export class EventStreams {
  private readonly streams = new Map<string, ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly onClientGone: (clientId: string) => void) {
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams.values()) stream.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  open(clientId: string, response: ServerResponse, headers: Record<string, string>): void {
    this.streams.get(clientId)?.end();
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    this.streams.set(clientId, response);
    response.on('close', () => {
      if (this.streams.get(clientId) !== response) return;
      this.streams.delete(clientId);
      this.onClientGone(clientId);
    });
  }

  send(clientId: string, envelope: EventEnvelope): void {
    this.streams.get(clientId)?.write(`data: ${JSON.stringify(envelope)}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const stream of this.streams.values()) stream.end();
    this.streams.clear();
  }
}
