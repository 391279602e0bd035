import { FactorDeskError } from '../../contract';

/** The sandbox's org authorization server, as "Sign in with Okta" needs it. */
export interface SandboxOAuthInfo {
  /** The pre-registered OIDC native app agents sign in with. */
  nativeClientId: string;
  /** Its exact redirect URIs (`http://127.0.0.1:<port>/callback`): the sign-in listens on one of their ports. */
  nativeRedirectUris: readonly string[];
}

/** A running sandbox org, as the core needs it. */
export interface RunningSandbox {
  url: string;
  /** Its admin API token (the test-only fast path connects with it). */
  token: string;
  /** Its authorization server; absent, the sandbox is connected with its API token. */
  oauth?: SandboxOAuthInfo;
  close(): Promise<void>;
}

export type StartSandbox = () => Promise<RunningSandbox>;

export type SandboxDetails = Omit<RunningSandbox, 'close'>;

export interface SandboxLauncher {
  /** Start the in-process sandbox org on first use; later calls reuse it while it runs. */
  ensureRunning(): Promise<SandboxDetails>;
  /** The running sandbox, if any (without starting it). */
  current(): SandboxDetails | null;
  close(): Promise<void>;
}

function detailsOf(sandbox: RunningSandbox): SandboxDetails {
  return { url: sandbox.url, token: sandbox.token, ...(sandbox.oauth ? { oauth: sandbox.oauth } : {}) };
}

/** The default: the repo's sandbox org on a random loopback port, loaded only when first asked for. */
const startBundledSandbox: StartSandbox = async () => {
  const { startSandbox } = await import('../../sandbox');
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  const { nativeClientId, nativeRedirectUris } = sandbox.oauth;
  return { url: sandbox.url, token: sandbox.token, oauth: { nativeClientId, nativeRedirectUris }, close: () => sandbox.close() };
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
      return detailsOf(await starting);
    },
    current: () => (running ? detailsOf(running) : null),
    async close() {
      const sandbox = running ?? (await starting?.catch(() => undefined));
      starting = undefined;
      running = undefined;
      await sandbox?.close();
    },
  };
}
