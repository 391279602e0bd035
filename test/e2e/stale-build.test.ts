// A browser-shell page opened before a rebuild: its lazily loaded dialog chunks are gone. Clicking
// must say so and offer a reload (not silently do nothing), and the reload must bring it back.
// Serves a temporary copy of the built renderer so the real build is never touched.
// Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Stale build E2E ${NO_CHROMIUM_MESSAGE}`);

/** A ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };

describe.skipIf(!hasChromium)('a page older than the build', { timeout: 90_000 }, () => {
  const app = useBrowserShell({ name: 'stale-build', sandbox: { users: 20 }, copyRenderer: true, window: { viewport: { width: 1280, height: 800 } } });

  /** The copy's chunk files (js and css) of one lazily loaded component. */
  async function chunksOf(component: string): Promise<string[]> {
    const assets = join(app.rendererDir, 'assets');
    const names = (await readdir(assets)).filter((name) => name.startsWith(`${component}-`) && /\.(js|css)$/.test(name));
    if (names.length === 0) throw new Error(`no ${component} chunk in the build: was it renamed, or is it no longer lazy?`);
    return names.map((name) => join(assets, name));
  }

  async function openIsaac(): Promise<void> {
    await app.page.getByTestId('user-search').waitFor(LIVE);
    await app.page.getByTestId('user-search').fill('Isaac');
    await app.page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' }).first().click();
    await app.page.getByTestId('factor-table').locator('[data-testid="factor-row"]').first().waitFor(LIVE);
  }

  it('says FactorDesk was updated with a Reload button, and the reload opens the dialog again', async () => {
    await openIsaac();
    const notice = app.page.getByTestId('lazy-load-failure');
    expect(await notice.count()).toBe(0);

    // "Rebuild": the Verify dialog's chunks this page knows by name disappear.
    const chunks = await chunksOf('VerifyDialog');
    for (const chunk of chunks) await rename(chunk, `${chunk}.old`);
    await app.page.getByTestId('verify-button').click();
    await notice.waitFor(LIVE);
    expect(await app.page.getByTestId('lazy-load-failure-message').textContent()).toBe('FactorDesk was updated. Reload the page to continue.');
    expect(await notice.getAttribute('data-kind')).toBe('outdated');
    expect(await app.page.getByTestId('verify-dialog').count()).toBe(0);
    await saveScreenshot(app.page, 'stale-build-notice');

    // The new build is in place; Reload loads it and the dialog opens.
    for (const chunk of chunks) await rename(`${chunk}.old`, chunk);
    await Promise.all([app.page.waitForEvent('load', LIVE), app.page.getByTestId('reload-page').click()]);
    await openIsaac();
    expect(await notice.count()).toBe(0);
    await app.page.getByTestId('verify-button').click();
    await app.page.getByTestId('verify-dialog').waitFor(LIVE);
    expect(await notice.count()).toBe(0);
  });
});
