import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface RecordingServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** A plain HTTP server on 127.0.0.1 that records every request (e.g. to prove no token reached it). */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createHttpServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[]');
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, close: () => closeServer(server, sockets) };
}

/** An HTTPS server answering every request with a JSON user, with the given certificate. */
export async function startTlsServer(keyPem: string, certPem: string): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createHttpsServer({ key: keyPem, cert: certPem }, (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'tls-ok' }));
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { url: `https://localhost:${port}`, port, requests, close: () => closeServer(server, sockets) };
}

export interface RecordingProxy extends RecordingServer {
  /** CONNECT targets the proxy was asked for, e.g. "acme.okta.test:443". */
  connectTargets: string[];
}

/**
 * A forward proxy for CONNECT: tunnels to `tunnelToPort` on 127.0.0.1 whatever host is asked
 * for (so a made-up org host reaches a local TLS server), or answers 403 when none is given.
 */
export async function startConnectProxy(tunnelToPort?: number): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const connectTargets: string[] = [];
  const server = createHttpServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, clientSocket: Socket, head: Buffer) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    connectTargets.push(req.url ?? '');
    if (tunnelToPort === undefined) {
      clientSocket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(tunnelToPort, '127.0.0.1', () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
    clientSocket.on('close', () => upstream.destroy());
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, connectTargets, close: () => closeServer(server, sockets) };
}
