import type { ServerResponse } from 'node:http';
import type { EventEnvelope } from '../../contract';

const HEARTBEAT_MS = 25_000;

export interface EventBacklogLimits {
  /** Events kept per client whose stream is not open yet; the oldest go first (default 100). */
  maxEventsPerClient?: number;
  /** Clients with a backlog at once; the longest-waiting backlog goes first (default 32). */
  maxClients?: number;
  /** A backlog nobody connects for is dropped after this long (default 2 minutes). */
  maxAgeMs?: number;
}

interface Backlog {
  since: number;
  frames: string[];
}

/**
 * Server-sent event streams, one per page load (clientId). A page makes bridge calls and opens
 * its stream at the same time, so an event can be ready before the stream is: such events wait
 * in a short, bounded backlog and are sent first when the stream connects (a push result is
 * never lost to that race). A backlog nobody claims is dropped after a while.
 */
export class EventStreams {
  private readonly streams = new Map<string, ServerResponse>();
  private readonly backlogs = new Map<string, Backlog>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxEventsPerClient: number;
  private readonly maxClients: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly onClientGone: (clientId: string) => void,
    limits: EventBacklogLimits = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxEventsPerClient = limits.maxEventsPerClient ?? 100;
    this.maxClients = limits.maxClients ?? 32;
    this.maxAgeMs = limits.maxAgeMs ?? 120_000;
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams.values()) stream.write(': keep-alive\n\n');
      this.dropStaleBacklogs();
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
    for (const frame of this.takeBacklog(clientId)) response.write(frame);
    this.streams.set(clientId, response);
    response.on('close', () => {
      if (this.streams.get(clientId) !== response) return;
      this.streams.delete(clientId);
      this.onClientGone(clientId);
    });
  }

  send(clientId: string, envelope: EventEnvelope): void {
    const frame = `data: ${JSON.stringify(envelope)}\n\n`;
    const stream = this.streams.get(clientId);
    if (stream) stream.write(frame);
    else this.keep(clientId, frame);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const stream of this.streams.values()) stream.end();
    this.streams.clear();
    this.backlogs.clear();
  }

  private keep(clientId: string, frame: string): void {
    this.dropStaleBacklogs();
    let backlog = this.backlogs.get(clientId);
    if (!backlog) {
      // Maps iterate in insertion order: the first key is the longest-waiting backlog.
      while (this.backlogs.size >= this.maxClients) this.backlogs.delete(this.backlogs.keys().next().value as string);
      backlog = { since: this.now(), frames: [] };
      this.backlogs.set(clientId, backlog);
    }
    backlog.frames.push(frame);
    if (backlog.frames.length > this.maxEventsPerClient) backlog.frames.shift();
  }

  private takeBacklog(clientId: string): string[] {
    this.dropStaleBacklogs();
    const frames = this.backlogs.get(clientId)?.frames ?? [];
    this.backlogs.delete(clientId);
    return frames;
  }

  private dropStaleBacklogs(): void {
    const oldestKept = this.now() - this.maxAgeMs;
    for (const [clientId, backlog] of this.backlogs) {
      if (backlog.since < oldestKept) this.backlogs.delete(clientId);
    }
  }
}
