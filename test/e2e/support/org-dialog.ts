import type { Page } from 'playwright-core';

/** Live states arrive through polling; a ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };

/**
 * Connects a (real, non-sandbox) org with an API token through the org dialog, as an agent would,
 * and waits until the console works in it.
 */
export async function addApiTokenOrg(page: Page, org: { name: string; url: string; token: string }): Promise<void> {
  await page.getByTestId('add-org').click();
  const orgDialog = page.getByTestId('org-dialog');
  await orgDialog.waitFor(LIVE);
  await page.getByLabel('Org name').fill(org.name);
  await page.getByLabel('Org URL').fill(org.url);
  await orgDialog.getByTestId('method-ssws').click();
  await page.getByLabel('API token', { exact: true }).fill(org.token);
  await orgDialog.getByTestId('save-org').click();
  await orgDialog.waitFor({ state: 'detached', ...LIVE });
}
