import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Screens the tests visit, saved for people to look at (test-results/ is not committed). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../test-results/screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Transitions finished and spinners stopped, so the picture shows the settled screen.
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
}

/** What the agent saw when a test failed, next to the other screenshots: `<prefix>-failed-<test name>.png`. */
export async function saveFailureScreenshot(page: Page, prefix: string, testName: string): Promise<void> {
  await saveScreenshot(page, `${prefix}-failed-${testName.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
}
