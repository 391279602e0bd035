// The Bulk jobs view in real Chromium on the browser shell, against the sandbox org: paste a few
// logins, dry run, confirm by typing the count, run to the end, export the results CSV.
// Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';

/** A ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 30_000 };

if (!hasChromium) console.warn(`Bulk jobs E2E ${NO_CHROMIUM_MESSAGE}`);

describe.skipIf(!hasChromium)('bulk jobs view in the browser', { timeout: 120_000 }, () => {
  const app = useBrowserShell({ name: 'bulk', sandbox: { users: 40 }, agentName: 'jdoe', window: { acceptDownloads: true } });

  it('takes a pasted list from dry run to done, with a typed confirmation, and exports the results', async () => {
    const page = app.page;
    await page.getByTestId('nav-bulk').click();
    await page.getByTestId('bulk-view').waitFor(LIVE);
    await page.getByTestId('bulk-paste').locator('textarea').fill('isaac@example.org\ndade.murphy@example.org\nnobody.here@example.org\n00ub0oNGTSWTBKOLGLNR');
    await page.getByTestId('bulk-operation').click();
    await page.locator('.n-base-select-option').filter({ hasText: /^Clear sessions$/ }).click();
    await page.getByTestId('bulk-dry-run').click();

    const status = page.getByTestId('bulk-status');
    await page.locator('[data-testid="bulk-status"][data-status="ready"]').waitFor(LIVE);
    expect(await page.getByTestId('bulk-count-ready').locator('td').textContent()).toBe('2');
    expect(await page.getByTestId('bulk-count-notFound').locator('td').textContent()).toBe('1');
    expect(await page.getByTestId('bulk-count-duplicate').locator('td').textContent()).toBe('1');
    const rows = page.getByTestId('bulk-rows');
    await rows.getByText('nobody.here@example.org').waitFor(LIVE);

    const run = page.getByTestId('bulk-run');
    expect(await run.isDisabled()).toBe(true);
    await page.getByTestId('bulk-ticket').locator('input').fill('INC-4242');
    await page.getByTestId('bulk-reason').locator('input').fill('lost laptops');
    await page.getByTestId('bulk-confirm').locator('input').fill('clear 3');
    expect(await run.isDisabled()).toBe(true);
    await page.getByTestId('bulk-confirm').locator('input').fill('clear 2');
    await run.click();

    await page.locator('[data-testid="bulk-status"][data-status="done"]').waitFor(LIVE);
    expect(await status.textContent()).toBe('Done');
    expect(await page.getByTestId('bulk-done').textContent()).toBe('2 of 2 done');
    expect(await page.getByTestId('bulk-failed').textContent()).toBe('0 failed');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^factordesk-bulk-clear-sessions-job-[a-z0-9]+-[a-f0-9]+-\d{8}T\d{6}Z\.csv$/);
    const lines = (await readFile((await download.path()) ?? '', 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('row,input,resolution,userId,login,name,adminRoles,outcome,detail,errorCode,oktaErrorCode,oktaErrorId,auditId,time');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(',') + ',' + line.split(',')[7])).toEqual([
      '1,isaac@example.org,ready,success',
      '2,dade.murphy@example.org,ready,success',
      '3,nobody.here@example.org,not_found,skipped',
      '4,00ub0oNGTSWTBKOLGLNR,duplicate,skipped',
    ]);
  });
});
