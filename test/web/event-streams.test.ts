// The browser shell's event streams over real HTTP: a backlog for pages whose stream is not open yet, bounded.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../contract';
import { EventStreams, type EventBacklogLimits } from '../../main/web/event-streams';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server whose every GET /?client=ID opens that client's stream. */
async function serveStreams(limits: EventBacklogLimits, now: () => number = Date.now) {
  const gone: string[] = [];
  const streams = new EventStreams((clientId) => gone.push(clientId), limits, now);
  const server: Server = createServer((req, res) => {
    const clientId = new URL(req.url ?? '/', 'http://placeholder').searchParams.get('client') ?? '';
    streams.open(clientId, res, { 'x-test': 'yes' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => streams.close());
  const port = (server.address() as AddressInfo).port;

  /** Connect as `clientId` and collect the event payloads (numbers) until `count` have arrived; `onOpen` once the stream is open. */
  const connect = (clientId: string, count: number, onOpen: () => void = () => undefined) =>
    new Promise<number[]>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: `/?client=${clientId}` }, (res) => {
        onOpen(); // the server registers the stream in the same step as it sends the headers
        let text = '';
        res.setEncoding('utf8');
        const received = () =>
          text
            .split('\n\n')
            .filter((frame) => frame.startsWith('data: '))
            .map((frame) => (JSON.parse(frame.slice(6)) as { payload: { n: number } }).payload.n);
        const check = () => {
          if (received().length < count) return;
          resolve(received());
          req.destroy();
        };
        res.on('data', (chunk: string) => {
          text += chunk;
          check();
        });
        check();
      });
      req.on('error', reject);
      req.end();
    });
  const event = (n: number) => ({ name: 'pushVerifyStatus', payload: { n } }) as unknown as EventEnvelope;
  return { streams, connect, event, gone };
}

describe('event streams', () => {
  it('sends events that arrived before the stream opened first, in order, then live ones', async () => {
    const { streams, connect, event } = await serveStreams({});
    streams.send('page-a', event(1));
    streams.send('page-a', event(2));
    streams.send('page-b', event(99)); // someone else's
    expect(await connect('page-a', 3, () => streams.send('page-a', event(3)))).toEqual([1, 2, 3]);
    expect(await connect('page-b', 1)).toEqual([99]);
  });

  it('keeps only the newest events per client, for a bounded number of clients', async () => {
    const { streams, connect, event } = await serveStreams({ maxEventsPerClient: 3, maxClients: 2 });
    for (let n = 1; n <= 10; n += 1) streams.send('page-a', event(n));
    streams.send('page-b', event(20));
    streams.send('page-c', event(30)); // pushes out page-a's backlog, the longest waiting
    expect(await connect('page-b', 1)).toEqual([20]);
    expect(await connect('page-c', 1)).toEqual([30]);
    streams.send('page-a', event(11));
    expect(await connect('page-a', 1)).toEqual([11]);

    const { streams: fresh, connect: connectFresh, event: freshEvent } = await serveStreams({ maxEventsPerClient: 3 });
    for (let n = 1; n <= 10; n += 1) fresh.send('page-a', freshEvent(n));
    expect(await connectFresh('page-a', 3)).toEqual([8, 9, 10]);
  });

  it('drops a backlog nobody connected for within its age limit', async () => {
    let now = 1_000_000;
    const { streams, connect, event } = await serveStreams({ maxAgeMs: 60_000 }, () => now);
    streams.send('page-a', event(1));
    now += 60_001;
    streams.send('page-b', event(2));
    streams.send('page-a', event(3));
    expect(await connect('page-a', 1)).toEqual([3]);
    expect(await connect('page-b', 1)).toEqual([2]);
  });
});
