// A browser-shell page opened before a rebuild: its lazily loaded dialog chunks are gone. Clicking
// must say so and offer a reload (not silently do nothing), and the reload must bring it back.
// Serves a temporary copy of the built renderer so the real build is never touched.
// Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import { cp, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebShell, type WebShell } from '../../main/web/server';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { hasChromium, launchChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { assertRendererBuilt } from './support/built-renderer';
import { saveFailureScreenshot, saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Stale build E2E ${NO_CHROMIUM_MESSAGE}`);

/** A ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };
const BUILT_RENDERER = resolve(import.meta.dirname, '../../out/renderer');

describe.skipIf(!hasChromium)('a page older than the build', { timeout: 90_000 }, () => {
  let sandbox: RunningSandbox | undefined;
  let shell: WebShell;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let rendererCopy: string;

  /** The copy's chunk files (js and css) of one lazily loaded component. */
  async function chunksOf(component: string): Promise<string[]> {
    const assets = join(rendererCopy, 'assets');
    const names = (await readdir(assets)).filter((name) => name.startsWith(`${component}-`) && /\.(js|css)$/.test(name));
    if (names.length === 0) throw new Error(`no ${component} chunk in the build: was it renamed, or is it no longer lazy?`);
    return names.map((name) => join(assets, name));
  }

  async function openIsaac(): Promise<void> {
    await page.getByTestId('user-search').waitFor(LIVE);
    await page.getByTestId('user-search').fill('Isaac');
    await page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' }).first().click();
    await page.getByTestId('factor-table').locator('[data-testid="factor-row"]').first().waitFor(LIVE);
  }

  beforeAll(async () => {
    assertRendererBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'factordesk-e2e-stale-'));
    rendererCopy = join(dataDir, 'renderer');
    await cp(BUILT_RENDERER, rendererCopy, { recursive: true });
    shell = await startWebShell({
      dataDir: join(dataDir, 'data'),
      agentName: 'e2e-agent',
      rendererDir: rendererCopy,
      startSandbox: async () => {
        sandbox = await startSandbox({ users: 20 });
        return sandbox;
      },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
    await page.goto(shell.url);
    await page.getByTestId('use-sandbox').click();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) await saveFailureScreenshot(page, 'stale-build', context.task.name);
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('says FactorDesk was updated with a Reload button, and the reload opens the dialog again', async () => {
    await openIsaac();
    const notice = page.getByTestId('lazy-load-failure');
    expect(await notice.count()).toBe(0);

    // "Rebuild": the Verify dialog's chunks this page knows by name disappear.
    const chunks = await chunksOf('VerifyDialog');
    for (const chunk of chunks) await rename(chunk, `${chunk}.old`);
    await page.getByTestId('verify-button').click();
    await notice.waitFor(LIVE);
    expect(await page.getByTestId('lazy-load-failure-message').textContent()).toBe('FactorDesk was updated. Reload the page to continue.');
    expect(await notice.getAttribute('data-kind')).toBe('outdated');
    expect(await page.getByTestId('verify-dialog').count()).toBe(0);
    await saveScreenshot(page, 'stale-build-notice');

    // The new build is in place; Reload loads it and the dialog opens.
    for (const chunk of chunks) await rename(`${chunk}.old`, chunk);
    await Promise.all([page.waitForEvent('load', LIVE), page.getByTestId('reload-page').click()]);
    await openIsaac();
    expect(await notice.count()).toBe(0);
    await page.getByTestId('verify-button').click();
    await page.getByTestId('verify-dialog').waitFor(LIVE);
    expect(await notice.count()).toBe(0);
  });
});
