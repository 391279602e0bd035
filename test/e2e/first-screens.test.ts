import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

/** Generous: the first click starts the sandbox org in-process. */
const SCREEN_TIMEOUT = 20_000;
/** expect.poll waits up to this long (its default second is short on a busy two-core CI machine). */
const POLL = { timeout: SCREEN_TIMEOUT };
/** Tests that start the sandbox org or a second shell, on two shared cores. */
const HEAVY_TEST_TIMEOUT = 60_000;
const SHORTCUT = process.platform === 'darwin' ? 'Meta+K' : 'Control+K';

/** Wait until the result list shows the answer to exactly this query (not a stale one). */
async function waitForResultsOf(page: Page, query: string): Promise<void> {
  await page
    .locator(`[data-testid="search-results"][data-results-query="${query}"][aria-busy="false"]`)
    .waitFor({ timeout: SCREEN_TIMEOUT });
}

async function waitForFactorsLoaded(page: Page): Promise<void> {
  await page.locator('[data-testid="factor-table"][data-loading="false"] [data-testid="factor-row"]').first().waitFor({ timeout: SCREEN_TIMEOUT });
}

/** Whether the search box has keyboard focus (Playwright's :focus, so this file needs no DOM types). */
async function searchHasFocus(page: Page): Promise<boolean> {
  return (await page.locator('[data-testid="user-search"]:focus').count()) === 1;
}

/** The theme the app resolved ('light' or 'dark'), as it marks it on <html>. */
function appliedTheme(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-theme');
}

/** Whether the page background is dark: mean of its RGB channels below 80 of 255. */
async function backgroundIsDark(page: Page): Promise<boolean> {
  const color = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  const [r = 255, g = 255, b = 255] = color.match(/\d+/g)?.map(Number) ?? [];
  return (r + g + b) / 3 < 80;
}

async function text(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

describe.skipIf(!hasChromium)(hasChromium ? 'first screens in the browser shell' : `first screens (${NO_CHROMIUM_MESSAGE})`, () => {
  const app = useBrowserShell({ name: 'first-screens', open: 'welcome', window: { viewport: { width: 1360, height: 860 } } });

  it('connects to the sandbox org, finds Isaac by keyboard and lists his factors', async () => {
    const { page } = app;
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor({ timeout: SCREEN_TIMEOUT });
    expect(await text(welcome)).toContain('Use the sandbox org');
    await saveScreenshot(page, '01-welcome');

    await page.getByTestId('use-sandbox').click();
    const search = page.getByTestId('user-search');
    await search.waitFor({ timeout: SCREEN_TIMEOUT });
    await waitForResultsOf(page, '');
    expect(await page.getByTestId('user-option').count()).toBeGreaterThan(0);
    expect(await text(page.getByTestId('org-picker'))).toContain('sandbox');
    await saveScreenshot(page, '02-workspace');

    // Ctrl/Cmd+K from anywhere lands in the search box.
    await page.getByTestId('no-user-selected').click();
    expect(await searchHasFocus(page)).toBe(false);
    await page.keyboard.press(SHORTCUT);
    expect(await searchHasFocus(page)).toBe(true);

    await page.keyboard.type('isaac');
    await waitForResultsOf(page, 'isaac');
    const isaacOption = page.locator('[data-testid="user-option"]', { hasText: 'Isaac Brock' });
    await isaacOption.waitFor();
    await saveScreenshot(page, '03-search-isaac');

    // Arrow down until Isaac Brock is highlighted (other Isaacs may come first), then Enter.
    const optionCount = await page.getByTestId('user-option').count();
    for (let step = 0; step < optionCount && (await isaacOption.getAttribute('aria-selected')) !== 'true'; step++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await isaacOption.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');

    const name = page.getByTestId('user-name');
    await name.waitFor();
    expect(await text(name)).toBe('Isaac Brock');
    await waitForFactorsLoaded(page);

    const push = page.locator('[data-testid="factor-row"][data-factor-type="push"]');
    expect(await push.count()).toBe(1);
    const pushRow = await text(push);
    expect(pushRow).toContain('Isaac iPhone');
    expect(pushRow).toContain('iOS 17.4');
    expect(pushRow).toContain('Active');
    expect(await text(push.getByTestId('factor-provider'))).toBe('Okta');
    expect(await page.locator('[data-testid="factor-row"][data-factor-type="sms"]').count()).toBe(1);
    expect(await text(page.getByTestId('user-header'))).toContain('isaac@example.org');
    await saveScreenshot(page, '04-user-isaac');

    // Refresh asks the org again: a new fetch time, the same factors.
    const userPage = page.getByTestId('user-page');
    const firstFetch = await userPage.getAttribute('data-fetched-at');
    expect(firstFetch).toBeTruthy();
    await page.getByTestId('refresh-factors').click();
    await expect.poll(() => userPage.getAttribute('data-fetched-at'), POLL).not.toBe(firstFetch);
    await waitForFactorsLoaded(page);
    expect(await page.getByTestId('factor-row').count()).toBe(2);

    // A narrow window (1024 wide, the user list beside): the Factors title stays on one line, each row's
    // Test and Reset stay in view while the table scrolls sideways, and the History filters fit their panel.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      const box = async (locator: Locator) => {
        const found = await locator.boundingBox();
        if (!found) throw new Error('not on screen');
        return found;
      };
      expect((await box(page.locator('#factors-heading'))).height).toBeLessThan(30);
      const table = await box(page.getByTestId('factor-table'));
      const reset = await box(push.getByTestId('row-reset-button'));
      expect(reset.x + reset.width).toBeLessThanOrEqual(table.x + table.width);
      const historyPanel = page.getByTestId('history-panel');
      await historyPanel.getByTestId('filter-source').waitFor({ timeout: SCREEN_TIMEOUT });
      const sources = await box(historyPanel.getByTestId('filter-source'));
      const panel = await box(historyPanel);
      expect(sources.x + sources.width).toBeLessThanOrEqual(panel.x + panel.width);
      await saveScreenshot(page, '04-user-isaac-narrow');
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  }, HEAVY_TEST_TIMEOUT);

  it('says what to do when no user matches, and Escape clears the search', async () => {
    const { page } = app;
    await page.keyboard.press(SHORTCUT);
    await page.keyboard.type('zzqx-nobody');
    await waitForResultsOf(page, 'zzqx-nobody');
    const empty = page.locator('[data-testid="search-results"] [data-testid="empty-state"]');
    await empty.waitFor();
    const message = await text(empty);
    expect(message).toContain('No users match “zzqx-nobody”');
    expect(message).toContain('Check the spelling');
    await saveScreenshot(page, '05-search-no-match');

    await page.keyboard.press('Escape');
    expect(await page.getByTestId('user-search').inputValue()).toBe('');
    await waitForResultsOf(page, '');
    expect(await text(page.getByTestId('result-count'))).toBe('50 users, more available');

    // "Load more" follows the cursor; the list stays virtual (only rows on screen are in the page).
    await page.getByTestId('load-more').click();
    await expect.poll(() => text(page.getByTestId('result-count')), POLL).toBe('100 users, more available');
    expect(await page.getByTestId('user-option').count()).toBeLessThan(50);
  });

  it('tests connections: the sandbox org answers, a plain-http URL is refused with the fix', async () => {
    const { page } = app;
    await page.getByTestId('edit-org').click();
    const dialog = page.getByTestId('org-dialog');
    await dialog.waitFor();
    await page.getByTestId('test-connection').click();
    const ok = page.getByTestId('connection-ok');
    await ok.waitFor({ timeout: SCREEN_TIMEOUT });
    expect(await text(ok)).toContain("Token's admin");
    expect(await text(ok)).toContain('Sandbox Admin (sandbox.admin@example.org)');
    await saveScreenshot(page, '06-connection-ok');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByTestId('add-org').click();
    await dialog.waitFor();
    await page.getByLabel('Org name').fill('Acme');
    await page.getByLabel('Org URL').fill('http://acme.okta.com');
    // "Sign in with Okta" is offered first; the legacy API token says why the others are better.
    expect(await dialog.locator('[data-testid="method-oauth"] input').isChecked()).toBe(true);
    await dialog.getByTestId('method-ssws').click();
    expect(await text(dialog.getByTestId('api-token-warning'))).toContain('revokes it after 30 days');
    await page.getByLabel('API token', { exact: true }).fill('placeholder-token-for-the-test');
    await page.getByTestId('test-connection').click();
    const error = dialog.getByTestId('error-notice');
    await error.waitFor({ timeout: SCREEN_TIMEOUT });
    const shown = await text(error);
    expect(shown).toContain('https');
    expect(await text(dialog.getByTestId('error-action'))).toMatch(/https:\/\//);
    await saveScreenshot(page, '07-connection-error');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('follows a dark OS theme, and the header switch overrides it', async () => {
    const { page } = app;
    const theme = () => appliedTheme(page);
    const bodyIsDark = () => backgroundIsDark(page);

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme, POLL).toBe('dark');
    await expect.poll(bodyIsDark, POLL).toBe(true);
    await waitForFactorsLoaded(page);
    await saveScreenshot(page, '08-user-isaac-dark');

    await page.getByTestId('theme-light').click();
    await expect.poll(theme, POLL).toBe('light');
    await expect.poll(bodyIsDark, POLL).toBe(false);
    await page.getByTestId('theme-os').click();
    await expect.poll(theme, POLL).toBe('dark');

    // A fresh launch in a dark OS: the welcome screen is dark from the first paint.
    const darkPage = await app.launchAnother({ viewport: { width: 1360, height: 860 }, colorScheme: 'dark' });
    await darkPage.getByTestId('welcome').waitFor({ timeout: SCREEN_TIMEOUT });
    expect(await appliedTheme(darkPage)).toBe('dark');
    expect(await backgroundIsDark(darkPage)).toBe(true);
    await saveScreenshot(darkPage, '09-welcome-dark');
    await darkPage.context().close();
  }, HEAVY_TEST_TIMEOUT);
});
