// The one end-to-end fixture: a temporary data folder, a sandbox org, the browser shell serving the
// built renderer, and Chromium showing it; a screenshot when a test fails; everything closed and
// removed at the end. Call `useBrowserShell` inside a `describe`: it registers the hooks, and the
// object it returns is filled in before the first test runs.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSessionSecretStore } from '../../../main/core/secrets/session-store';
import { startWebShell, type WebShell } from '../../../main/web/server';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox';
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
  prepare?(fixture: { dataDir: string; sandbox: RunningSandbox; startSandbox: () => Promise<RunningSandbox> }): Promise<void>;
  /** After opening: 'welcome' leaves the first screen as it is; 'workspace' (the default) connects the sandbox org if asked to and waits for the search box. */
  open?: 'welcome' | 'workspace';
  /**
   * The desk's managed policy file the shell reads (through its test-only `policyPath`): an object
   * written as JSON, or the file's exact text. Without it the shell reads a path with no file, so a
   * policy on the machine running the tests never applies.
   */
  policy?: unknown;
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
  /** Another launch with an empty data folder, in a new window; closed with the rest. */
  launchAnother(window?: BrowserContextOptions): Promise<Page>;
}

const defaultWindow: BrowserContextOptions = { viewport: { width: 1360, height: 900 }, colorScheme: 'light' };

/** Session store: the browser tests leave the agent's real keychain alone (the keychain has its own tests). */
function launchShell(
  dataDir: string,
  options: { agentName: string; policyPath: string; rendererDir?: string; startSandbox?: () => Promise<RunningSandbox> },
): Promise<WebShell> {
  return startWebShell({ dataDir, secretStore: createSessionSecretStore(), ...options });
}

export function useBrowserShell(options: BrowserShellOptions): BrowserShell {
  const state: { -readonly [K in keyof BrowserShell]?: BrowserShell[K] } & { tempDir?: string } = {};
  const shells: WebShell[] = [];
  const agentName = options.agentName ?? 'e2e-agent';

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

    const sandbox = await startSandbox(options.sandbox);
    state.sandbox = sandbox;
    // The fixture closes the sandbox org; the shell only borrows it.
    const lend = async (): Promise<RunningSandbox> => ({ ...sandbox, close: async () => {} });
    await options.prepare?.({ dataDir, sandbox, startSandbox: lend });

    state.shell = await launchShell(dataDir, { agentName, policyPath: state.policyPath, rendererDir: state.rendererDir, startSandbox: lend });
    shells.push(state.shell);
    state.browser = await launchChromium();
    state.context = await state.browser.newContext({ ...defaultWindow, ...options.window });
    state.page = await state.context.newPage();
    await state.page.goto(state.shell.url);

    if ((options.open ?? 'workspace') === 'workspace') {
      const search = state.page.getByTestId('user-search');
      const useSandbox = state.page.getByTestId('use-sandbox');
      await search.or(useSandbox).first().waitFor(OPEN_TIMEOUT);
      if (await useSandbox.isVisible()) await useSandbox.click();
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
    launchAnother,
  };
}
