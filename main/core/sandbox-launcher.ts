import { FactorDeskError } from '../../contract';

/** A running sandbox org, as the core needs it. */
export interface RunningSandbox {
  url: string;
  token: string;
  close(): Promise<void>;
}

export type StartSandbox = () => Promise<RunningSandbox>;

export interface SandboxLauncher {
  /** Start the in-process sandbox org on first use; later calls reuse it while it runs. */
  ensureRunning(): Promise<{ url: string; token: string }>;
  /** The running sandbox, if any (without starting it). */
  current(): { url: string; token: string } | null;
  close(): Promise<void>;
}

/** The default: the repo's sandbox org on a random loopback port, loaded only when first asked for. */
const startBundledSandbox: StartSandbox = async () => {
  const { startSandbox } = await import('../../sandbox');
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  return { url: sandbox.url, token: sandbox.token, close: () => sandbox.close() };
};

export function createSandboxLauncher(start: StartSandbox = startBundledSandbox): SandboxLauncher {
  let starting: Promise<RunningSandbox> | undefined;
  let running: RunningSandbox | undefined;

  return {
    async ensureRunning() {
      starting ??= start().then(
        (sandbox) => (running = sandbox),
        (error: unknown) => {
          starting = undefined;
          throw new FactorDeskError({
            code: 'INTERNAL',
            message: `The sandbox org could not start${error instanceof Error ? `: ${error.message.slice(0, 200)}` : '.'}`,
            action: 'Try again; if it keeps failing, restart FactorDesk.',
          });
        },
      );
      const sandbox = await starting;
      return { url: sandbox.url, token: sandbox.token };
    },
    current: () => (running ? { url: running.url, token: running.token } : null),
    async close() {
      const sandbox = running ?? (await starting?.catch(() => undefined));
      starting = undefined;
      running = undefined;
      await sandbox?.close();
    },
  };
}
