import { createServer } from 'node:net';

/**
 * Loopback ports free right now (the OS picks them), for a sign-in's redirect URIs: other test
 * files — and other people's test runs on this machine — must not meet on FactorDesk's fixed
 * 47801–47803. Held together while picking, so the ports differ from each other.
 */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve(server));
      });
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** The sandbox native app's redirect URIs for these ports. */
export function callbackUris(ports: readonly number[]): string[] {
  return ports.map((port) => `http://127.0.0.1:${port}/callback`);
}
