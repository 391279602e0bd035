// The desk's managed policy as the agent sees it, in real Chromium on the browser shell with the
// sandbox org behind it: locked settings marked "Set by your organization" (the API-token option
// and the caller-verification checkbox in the connection dialog), a saved API-token org shown as
// blocked, "About this desk's policy", and the blocking screen of an invalid policy file. Needs the
// built renderer (`npx electron-vite build`, which `npm test` runs first).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Managed policy E2E ${NO_CHROMIUM_MESSAGE}`);

const SCREEN = { timeout: 20_000 };
const ACME_ID = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

async function text(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

describe.skipIf(!hasChromium)('a managed desk in the browser', { timeout: 90_000 }, () => {
  const app = useBrowserShell({
    name: 'policy-managed',
    open: 'welcome',
    policy: { allowedOrgs: ['acme.okta.com'], allowedConnectionMethods: ['oauth', 'service'], callerVerification: { required: true, windowMinutes: 5 } },
    // Acme was connected with an API token before the desk had a policy, and was the org in use;
    // the sandbox org was used before too (it starts again when selected).
    prepare: async ({ dataDir, sandbox }) => {
      const acme = { id: ACME_ID, name: 'Acme', url: 'https://acme.okta.com', kind: 'okta', tokenStorage: 'session', requireCallerVerification: false };
      const practice = { id: 'sandbox', name: 'Sandbox org', url: sandbox.url, kind: 'sandbox', tokenStorage: 'session', requireCallerVerification: false };
      await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ version: 1, activeOrgId: ACME_ID, orgs: [acme, practice] }));
    },
  });
  const shoot = (name: string) => saveScreenshot(app.page, `policy-${name}`);

  it('shows the saved API-token org as blocked by policy, with what to do', async () => {
    const { page } = app;
    const notice = page.getByTestId('missing-token');
    await notice.waitFor(SCREEN);
    const words = await text(notice);
    expect(words).toContain("Acme is blocked by your organization's policy");
    expect(words).toContain("Your organization's policy does not allow connecting with API token (legacy), so FactorDesk does not use Acme's saved connection.");
    expect(words).toContain('Remove Acme from FactorDesk, then connect it again with a way your organization allows (Sign in with Okta or Service app)');
    expect(await text(page.getByTestId('open-policy'))).toBe('Managed by your organization');
    await page.getByTestId('org-picker').click();
    expect(await text(page.locator('.n-base-select-option', { hasText: 'Acme' }))).toContain('blocked by policy');
    await page.keyboard.press('Escape');
    await shoot('01-blocked-org');
  });

  it('locks the API-token option and the caller-verification checkbox in the connection dialog, each marked "Set by your organization"', async () => {
    const { page } = app;
    await page.getByTestId('blocked-org-connect-another').click();
    const dialog = page.getByTestId('org-dialog');
    await dialog.waitFor(SCREEN);

    // The API-token way is off, with the note; the two ways allowed are offered, the first chosen.
    const apiToken = dialog.getByTestId('method-ssws');
    expect(await apiToken.getAttribute('class')).toContain('n-radio--disabled');
    expect(await apiToken.locator('input').isDisabled()).toBe(true);
    expect(await text(dialog.getByTestId('method-forbidden-ssws'))).toBe("Your organization's policy does not allow API token (legacy) on this desk.");
    await apiToken.click({ force: true });
    expect(await apiToken.locator('input').isChecked()).toBe(false); // a click changes nothing
    expect(await dialog.getByLabel('API token', { exact: true }).count()).toBe(0);
    for (const allowed of ['oauth', 'service']) {
      expect(await dialog.getByTestId(`method-${allowed}`).getAttribute('class'), allowed).not.toContain('n-radio--disabled');
      expect(await dialog.getByTestId(`method-forbidden-${allowed}`).count(), allowed).toBe(0);
    }
    expect(await dialog.getByTestId('method-oauth').locator('input').isChecked()).toBe(true);
    expect(await dialog.getByTestId('method-forbidden').count()).toBe(0);
    expect(await dialog.getByTestId('save-org').isDisabled()).toBe(false);

    const checkbox = dialog.getByTestId('require-caller-verification');
    expect(await checkbox.getAttribute('aria-checked')).toBe('true');
    expect(await checkbox.getAttribute('aria-disabled')).toBe('true');
    expect(await checkbox.getAttribute('class')).toContain('n-checkbox--disabled');
    await checkbox.click({ force: true });
    expect(await checkbox.getAttribute('aria-checked')).toBe('true'); // a click changes nothing
    const marks = dialog.getByTestId('set-by-organization');
    expect(await marks.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-field')))).toEqual([
      'allowedOrgs',
      'allowedConnectionMethods',
      'callerVerification.required',
    ]);
    expect(await text(dialog.getByTestId('allowed-orgs-hint'))).toBe('Your organization allows: acme.okta.com Set by your organization');

    // The note says where the policy is and who changes it.
    await dialog.locator('[data-field="callerVerification.required"]').hover();
    const tooltip = page.locator('.n-tooltip', { hasText: "Your organization's FactorDesk policy" });
    await tooltip.waitFor(SCREEN);
    expect(await text(tooltip)).toBe(`Your organization's FactorDesk policy (${app.policyPath}) sets this, so it cannot be changed here. Ask your IT team to change it.`);
    await shoot('02-locked-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The saved API-token org: its way is the forbidden one, so nothing can be saved or tested with it.
    await page.getByTestId('missing-token').getByRole('button', { name: 'Remove it…' }).click();
    const edit = page.getByTestId('org-dialog');
    await edit.waitFor(SCREEN);
    expect(await edit.getByTestId('method-ssws').locator('input').isChecked()).toBe(true);
    expect(await text(edit.getByTestId('method-forbidden'))).toBe(
      "Your organization's policy does not allow API token (legacy) on this desk, so this org cannot be connected or tested with it. Choose a way it allows. Set by your organization",
    );
    expect(await edit.getByLabel('API token', { exact: true }).isDisabled()).toBe(true);
    expect(await edit.getByTestId('save-org').isDisabled()).toBe(true);
    expect(await edit.getByTestId('test-connection').isDisabled()).toBe(true);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'detached' });
  });

  it('lists the rules in force, which the organization set, and the file, in "About this desk\'s policy"', async () => {
    const { page } = app;
    await page.getByTestId('open-policy').click();
    const panel = page.getByTestId('policy-panel');
    await panel.waitFor(SCREEN);
    const rule = async (field: string) => text(panel.locator(`.rule[data-field="${field}"] dd`));
    expect(await rule('allowedOrgs')).toBe('acme.okta.com Set by your organization');
    expect(await rule('allowSandbox')).toBe('Allowed default');
    expect(await rule('allowedConnectionMethods')).toBe('Sign in with Okta, Service app Set by your organization');
    expect(await rule('callerVerification.required')).toBe('Required before every reset Set by your organization');
    expect(await rule('callerVerification.windowMinutes')).toBe('5 minutes Set by your organization');
    expect(await rule('stepUpMaxAgeMinutes')).toBe('When the last sign-in is older than 15 minutes default');
    expect(await text(panel.getByTestId('policy-path'))).toBe(app.policyPath);
    await shoot('03-policy-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('keeps the sandbox org usable, with the caller-verification checkbox locked there too', async () => {
    const { page } = app;
    await page.getByTestId('org-picker').click();
    await page.locator('.n-base-select-option', { hasText: 'Sandbox org' }).click();
    await page.getByTestId('user-search').waitFor(SCREEN);
    await page.getByTestId('edit-org').click();
    const dialog = page.getByTestId('org-dialog');
    await dialog.waitFor(SCREEN);
    expect(await dialog.getByTestId('require-caller-verification').getAttribute('class')).toContain('n-checkbox--disabled');
    // The practice org is governed by allowSandbox alone: none of its ways of connecting is locked.
    expect(await dialog.locator('[data-field="allowedConnectionMethods"]').count()).toBe(0);
    expect(await dialog.getByTestId('method-forbidden').count()).toBe(0);
    expect(await dialog.getByTestId('save-org').isDisabled()).toBe(false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});

describe.skipIf(!hasChromium)('an invalid policy file in the browser', { timeout: 60_000 }, () => {
  const app = useBrowserShell({ name: 'policy-invalid', open: 'welcome', policy: '{\n  "allowedConnectionMethods": ["oauth"],\n  "allowSandbox": "no"\n}\n' });

  it('shows only a blocking screen naming the file, the field and the problem', async () => {
    const { page } = app;
    const screen = page.getByTestId('policy-invalid');
    await screen.waitFor(SCREEN);
    expect(await text(page.getByTestId('policy-invalid-message'))).toBe(
      `Your organization's FactorDesk policy at ${app.policyPath} is invalid: allowSandbox: must be true or false (found "no"). Ask your IT team.`,
    );
    expect(await text(screen)).toContain('Once your IT team has corrected');
    // Nothing else is on offer: no sandbox, no connection dialog, no workspace.
    for (const testId of ['welcome', 'use-sandbox', 'connect-org', 'user-search', 'org-picker']) {
      expect(await page.getByTestId(testId).count(), testId).toBe(0);
    }
    await saveScreenshot(page, 'policy-04-invalid-file');
  });
});
