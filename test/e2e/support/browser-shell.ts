// The one end-to-end fixture: a temporary data folder, a sandbox org, the browser shell serving the
// built renderer, and Chromium showing it; a screenshot when a test fails; everything closed and
// removed at the end. Call `useBrowserShell` inside a `describe`: it registers the hooks, and the
// object it returns is filled in before the first test runs.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { StartSandbox } from '../../../main/core/sandbox-launcher';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import type { SecretStore } from '../../../main/core/secrets/secret-store';
import { startWebShell, type WebShell, type WebShellOptions } from '../../../main/web/server';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox';
import { callbackUris, freeLoopbackPorts } from '../../support/free-ports';
import { launchChromium } from './browser';
import { assertRendererBuilt } from './built-renderer';
import { saveFailureScreenshot } from './screenshots';

const BUILT_RENDERER = resolve(import.meta.dirname, '../../../out/renderer');
/** A ceiling for a stuck first screen (the sandbox connect included), not a speed requirement. */
const OPEN_TIMEOUT = { timeout: 20_000 };

export interface BrowserShellOptions {
  /** Names the temporary folder and the failure screenshots (`<name>-failed-<test>.png`). */
  name: string;
  /** The sandbox org that "Use the sandbox org" connects to; started before the shell. */
  sandbox?: SandboxOptions;
  /** The agent the journal records; default `e2e-agent`. */
  agentName?: string;
  /** The browser window; default 1360 × 900, light. */
  window?: BrowserContextOptions;
  /** Serve a copy of the built renderer (`rendererDir`) that the test may change, instead of out/renderer. */
  copyRenderer?: boolean;
  /** Runs before the shell starts, with the sandbox org up: fill the data folder (e.g. a story made through the core). */
  prepare?(fixture: { dataDir: string; sandbox: RunningSandbox; startSandbox: StartSandbox }): Promise<void>;
  /** After opening: 'welcome' leaves the first screen as it is; 'workspace' (the default) connects the sandbox org if asked to and waits for the search box. */
  open?: 'welcome' | 'workspace';
  /**
   * The desk's managed policy file the shell reads (through its test-only `policyPath`): an object
   * written as JSON, or the file's exact text. Without it the shell reads a path with no file, so a
   * policy on the machine running the tests never applies.
   */
  policy?: unknown;
  /**
   * "Use the sandbox org" signs in with Okta as this agent (the real flow: the sandbox's sign-in
   * page in a new tab, back through the shell's loopback listener). Without it, the sandbox org is
   * connected with its admin API token (the test-only fast path), as the other features' tests want.
   */
  signIn?: { login: string; password?: string };
  /** The shell's clock (e.g. one the test moves on, so a sign-in grows old); default the real one. */
  now?: WebShellOptions['now'];
  /** How the shell makes each org's Okta client (e.g. a saved production org's pointed at the sandbox); default the real one. */
  createClient?: WebShellOptions['createClient'];
}

/** The sandbox's seeded agents' password (docs/sandbox.md). */
export const AGENT_PASSWORD = 'GoAw@y123';

/**
 * The agent in the sign-in tab: fills the org's sign-in page, lands on FactorDesk's "you can close
 * this tab" page, and closes the tab. Answers what the tab showed on the way.
 */
export async function signInOnOrgPage(tab: Page, login: string, password = AGENT_PASSWORD): Promise<{ signInPage: string; landing: string }> {
  await tab.getByLabel('Username').waitFor(OPEN_TIMEOUT);
  const signInPage = await tab.content();
  await tab.getByLabel('Username').fill(login);
  await tab.getByLabel('Password').fill(password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.getByText('You can close this tab').waitFor(OPEN_TIMEOUT);
  const landing = (await tab.textContent('body')) ?? '';
  await tab.close();
  return { signInPage, landing };
}

export interface BrowserShell {
  /** The shell's data folder (settings, journal, observations). */
  readonly dataDir: string;
  /** The managed policy file the shell read (absent unless `policy` was given). */
  readonly policyPath: string;
  /** The served renderer copy, with `copyRenderer`. */
  readonly rendererDir: string;
  readonly sandbox: RunningSandbox;
  readonly shell: WebShell;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The shell's "this session only" secrets (the sandbox org's sign-in): the test may look, FactorDesk never shows them. */
  readonly sessionStore: SecretStore;
  /** Every line the first shell logged (its `log`), as text: tests look for what must never be in a log. */
  readonly logs: readonly string[];
  /** Another launch with an empty data folder, in a new window; closed with the rest. */
  launchAnother(window?: BrowserContextOptions): Promise<Page>;
}

const defaultWindow: BrowserContextOptions = { viewport: { width: 1360, height: 900 }, colorScheme: 'light' };

/** Session store: the browser tests leave the agent's real keychain alone (the keychain has its own tests). */
function launchShell(
  dataDir: string,
  options: {
    agentName: string;
    policyPath: string;
    rendererDir?: string;
    startSandbox?: StartSandbox;
    sessionStore?: SecretStore;
    now?: WebShellOptions['now'];
    log?: WebShellOptions['log'];
    createClient?: WebShellOptions['createClient'];
  },
): Promise<WebShell> {
  return startWebShell({ dataDir, secretStore: createSessionSecretStore(), ...options });
}

export function useBrowserShell(options: BrowserShellOptions): BrowserShell {
  const state: { -readonly [K in keyof BrowserShell]?: BrowserShell[K] } & { tempDir?: string } = {};
  const shells: WebShell[] = [];
  const agentName = options.agentName ?? 'e2e-agent';
  const logs: string[] = [];
  // As the shell logs by default (stderr), and kept for the tests to read.
  const log = (message: string, error?: unknown): void => {
    logs.push(error === undefined ? message : `${message} ${String(error)}`);
    console.error(`[FactorDesk] ${message}`, ...(error === undefined ? [] : [error]));
  };

  beforeAll(async () => {
    assertRendererBuilt();
    state.tempDir = await mkdtemp(join(tmpdir(), `factordesk-e2e-${options.name}-`));
    const dataDir = join(state.tempDir, 'data');
    await mkdir(dataDir);
    state.dataDir = dataDir;
    state.rendererDir = options.copyRenderer ? join(state.tempDir, 'renderer') : BUILT_RENDERER;
    if (options.copyRenderer) await cp(BUILT_RENDERER, state.rendererDir, { recursive: true });
    state.policyPath = join(state.tempDir, 'policy.json');
    if (options.policy !== undefined) {
      await writeFile(state.policyPath, typeof options.policy === 'string' ? options.policy : JSON.stringify(options.policy, null, 2));
    }

    // Signing in: the sandbox's native app listens back on free ports (not FactorDesk's fixed ones, which other runs may hold).
    const nativeRedirectUris = options.signIn ? callbackUris(await freeLoopbackPorts(3)) : undefined;
    const sandbox = await startSandbox({ ...options.sandbox, ...(nativeRedirectUris ? { nativeRedirectUris } : {}) });
    state.sandbox = sandbox;
    // The fixture closes the sandbox org; the shell only borrows it. Without `signIn` the shell is
    // not told of its authorization server, so "Use the sandbox org" connects with the API token.
    const lend: StartSandbox = async () => {
      const { nativeClientId, nativeRedirectUris: redirectUris } = sandbox.oauth;
      return { url: sandbox.url, token: sandbox.token, ...(options.signIn ? { oauth: { nativeClientId, nativeRedirectUris: redirectUris } } : {}), close: async () => {} };
    };
    await options.prepare?.({ dataDir, sandbox, startSandbox: lend });

    state.sessionStore = createSessionSecretStore();
    state.shell = await launchShell(dataDir, {
      agentName,
      policyPath: state.policyPath,
      rendererDir: state.rendererDir,
      startSandbox: lend,
      sessionStore: state.sessionStore,
      ...(options.now ? { now: options.now } : {}),
      ...(options.createClient ? { createClient: options.createClient } : {}),
      log,
    });
    shells.push(state.shell);
    state.browser = await launchChromium();
    state.context = await state.browser.newContext({ ...defaultWindow, ...options.window });
    state.page = await state.context.newPage();
    await state.page.goto(state.shell.url);

    if ((options.open ?? 'workspace') === 'workspace') {
      const search = state.page.getByTestId('user-search');
      const useSandbox = state.page.getByTestId('use-sandbox');
      await search.or(useSandbox).first().waitFor(OPEN_TIMEOUT);
      if (await useSandbox.isVisible()) {
        const tab = options.signIn ? state.context.waitForEvent('page', OPEN_TIMEOUT) : undefined;
        await useSandbox.click();
        if (tab && options.signIn) await signInOnOrgPage(await tab, options.signIn.login, options.signIn.password);
      }
      await search.waitFor(OPEN_TIMEOUT);
    }
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && state.page) await saveFailureScreenshot(state.page, options.name, context.task.name);
  });

  afterAll(async () => {
    await state.browser?.close();
    for (const shell of shells) await shell.close();
    await state.sandbox?.close();
    if (state.tempDir) await rm(state.tempDir, { recursive: true, force: true });
  });

  async function launchAnother(window?: BrowserContextOptions): Promise<Page> {
    if (!state.browser || !state.tempDir || !state.policyPath) throw new Error('launchAnother runs inside a test, after the fixture started');
    const dataDir = await mkdtemp(join(state.tempDir, 'another-'));
    const shell = await launchShell(dataDir, { agentName, policyPath: state.policyPath });
    shells.push(shell);
    const context = await state.browser.newContext({ ...defaultWindow, ...window });
    const page = await context.newPage();
    await page.goto(shell.url);
    return page;
  }

  // Read through the getters only once the hooks ran: a missing part means the fixture failed to start.
  const started = <K extends Exclude<keyof BrowserShell, 'launchAnother'>>(key: K): NonNullable<BrowserShell[K]> => {
    const value = state[key];
    if (value === undefined) throw new Error(`the browser-shell fixture has no ${String(key)}: did its beforeAll fail?`);
    return value as NonNullable<BrowserShell[K]>;
  };
  return {
    get dataDir() { return started('dataDir'); },
    get policyPath() { return started('policyPath'); },
    get rendererDir() { return started('rendererDir'); },
    get sandbox() { return started('sandbox'); },
    get shell() { return started('shell'); },
    get browser() { return started('browser'); },
    get context() { return started('context'); },
    get page() { return started('page'); },
    get sessionStore() { return started('sessionStore'); },
    logs,
    launchAnother,
  };
}
