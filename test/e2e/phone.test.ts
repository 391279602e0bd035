// The caller's phone, played from the console's own phone panel in real Chromium on the browser
// shell, with the sandbox org behind it: every phone action here is a click or a keystroke in the
// UI (the test never calls the sandbox's control API for them). Then the sandbox's own phone page
// in a browser tab, opened with the key `npm run sandbox` prints. Needs the built renderer
// (`npx electron-vite build`, which `npm test` runs first).
//
// UPDATE_DOC_SCREENSHOTS=1 npx vitest run test/e2e/phone.test.ts also writes the README's pictures
// of the phone panel (docs/screenshots/phone-panel-light.png and -dark.png).
import { copyFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../support/files-under';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { addApiTokenOrg } from './support/org-dialog';
import { SCREENSHOT_DIR, saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Phone E2E ${NO_CHROMIUM_MESSAGE}`);

/** Live states arrive through polling; this is a ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };
const ISAAC = '00ub0oNGTSWTBKOLGLNR';
const DOC_SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

describe.skipIf(!hasChromium)("the caller's phone in the browser", { timeout: 90_000 }, () => {
  const app = useBrowserShell({ name: 'phone', sandbox: { users: 40 } });

  const page = (): Page => app.page;
  const phone = (): Locator => page().getByTestId('phone-panel');
  const dialog = (testId: string): Locator => page().getByTestId(testId);

  async function shoot(name: string, docName?: string): Promise<void> {
    await saveScreenshot(page(), `phone-${name}`);
    if (docName && process.env.UPDATE_DOC_SCREENSHOTS) {
      await mkdir(DOC_SCREENSHOTS, { recursive: true });
      await copyFile(resolve(SCREENSHOT_DIR, `phone-${name}.png`), resolve(DOC_SCREENSHOTS, docName));
    }
  }

  async function openUser(query: string, displayName: string): Promise<void> {
    await page().getByTestId('user-search').fill(query);
    await page().getByTestId('user-option').filter({ hasText: displayName }).first().click();
    await expect.poll(() => page().getByTestId('user-name').textContent()).toBe(displayName);
    await page().getByTestId('factor-table').locator('[data-testid="factor-row"], [data-testid="empty-state"]').first().waitFor(LIVE);
    await expect.poll(() => phone().getByTestId('phone-owner').textContent(), LIVE).toBe(`${displayName}'s phone`);
  }

  /** A test push from the user's push row; answers the number the agent sees in the dialog. */
  async function sendTestPush(): Promise<number> {
    await page().locator('[data-testid="factor-row"][data-factor-type="push"]').first().getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    await verify.getByTestId('send-push').click();
    const number = verify.getByTestId('push-number');
    await number.waitFor(LIVE);
    return Number(await number.textContent());
  }

  async function closeDialog(testId: string): Promise<void> {
    await page().keyboard.press('Escape');
    await dialog(testId).waitFor({ state: 'detached' });
  }

  /** The push now on the phone (the newest), with its three numbers. */
  async function pushOnPhone(): Promise<{ card: Locator; numbers: number[] }> {
    const card = phone().getByTestId('phone-push').last();
    await card.waitFor(LIVE);
    const numbers = (await card.getByTestId('phone-number').allTextContents()).map((text) => Number(text.trim()));
    return { card, numbers };
  }

  it('is a tab beside the console in the sandbox org; opened, it follows the user on screen', async () => {
    const toggle = page().getByTestId('phone-toggle');
    await toggle.waitFor(LIVE);
    expect(await toggle.textContent()).toContain("Caller's phone");
    await toggle.click();
    await phone().getByTestId('phone-no-user').waitFor(LIVE);
    await openUser('Isaac', 'Isaac Brock');
    await phone().getByTestId('phone-no-pushes').waitFor(LIVE);
    expect(await phone().getByTestId('phone-clock').textContent()).toMatch(/\d{1,2}:\d{2}:\d{2}/);
  });

  it('approves a test push when the number the agent reads out is tapped on the phone', async () => {
    const shown = await sendTestPush();
    const { card, numbers } = await pushOnPhone();
    expect(numbers).toHaveLength(3);
    expect(numbers).toContain(shown);
    expect(new Set(numbers).size).toBe(3);
    expect(await card.textContent()).toContain('Isaac iPhone');
    // The verify dialog stays where the agent left it, and the phone is still in reach beside it.
    await shoot('push-waiting');
    await card.locator(`[data-testid="phone-number"][data-number="${shown}"]`).click();
    const verify = dialog('verify-dialog');
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('SUCCESS');
    expect(await phone().getByTestId('phone-outcome').getAttribute('data-kind')).toBe('approved');
    await phone().getByTestId('phone-no-pushes').waitFor(LIVE);
    await closeDialog('verify-dialog');
  });

  it('rejects the push when a wrong number is tapped', async () => {
    const shown = await sendTestPush();
    const { card, numbers } = await pushOnPhone();
    const wrong = numbers.find((number) => number !== shown) as number;
    await card.locator(`[data-testid="phone-number"][data-number="${wrong}"]`).click();
    const verify = dialog('verify-dialog');
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('REJECTED');
    expect(await phone().getByTestId('phone-outcome').textContent()).toContain('Wrong number');
    await shoot('push-wrong-number');
    await closeDialog('verify-dialog');
  });

  it("times a push out by moving the org clock on from the phone", async () => {
    await sendTestPush();
    await pushOnPhone();
    await phone().locator('[data-testid="phone-clock-advance"][data-minutes="5"]').click();
    const verify = dialog('verify-dialog');
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('TIMEOUT');
    expect(await verify.getByTestId('verify-result').textContent()).toContain('No answer in time');
    await phone().getByTestId('phone-no-pushes').waitFor(LIVE);
    expect(await phone().getByTestId('phone-clock-ahead').textContent()).toMatch(/^\d+ min ahead$/);
    await closeDialog('verify-dialog');
  });

  it("reads the SMS code off the phone's messages into the verify dialog", async () => {
    await page().getByTestId('verify-button').click();
    const verify = dialog('verify-dialog');
    await verify.locator('[data-testid="verify-factor-option"][data-factor-type="sms"]').click();
    await verify.getByTestId('send-challenge').click();
    const message = phone().locator('[data-testid="phone-message"][data-channel="sms"]').first();
    await message.waitFor(LIVE);
    const code = ((await message.getByTestId('phone-message-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^\d{6}$/);
    expect(await message.textContent()).toContain('+15554151337');
    // Typed in the dialog by the agent, as the caller reads it out.
    const input = verify.getByTestId('code-input').locator('input');
    await input.fill(code);
    await input.press('Enter');
    await expect.poll(() => verify.getByTestId('verify-result').getAttribute('data-outcome'), LIVE).toBe('SUCCESS');
    await shoot('sms-code');
    await closeDialog('verify-dialog');
  });

  it('scans a new Okta Verify enrollment from the phone (QR code or the emailed link), named and of the kind chosen there', async () => {
    await openUser('Dade', 'Dade Murphy');
    await page().getByTestId('enroll-button').click();
    const enroll = dialog('enroll-dialog');
    await enroll.locator('[data-testid="catalog-option"][data-factor-type="push"]').click();
    await enroll.getByTestId('push-qr').waitFor(LIVE);
    const scan = phone().getByTestId('phone-activation');
    await scan.waitFor(LIVE);
    // The activation link by email too: on the phone it opens the same set-up, ready for the phone's name.
    await enroll.getByTestId('send-link-email').click();
    const email = phone().locator('[data-testid="phone-message"][data-channel="email"]').first();
    await email.waitFor(LIVE);
    expect(await email.textContent()).toContain('dade.murphy@example.org');
    await email.getByTestId('phone-open-link').click();
    const name = scan.getByTestId('phone-device-name');
    await expect.poll(() => name.evaluate((input) => input === input.ownerDocument.activeElement), LIVE).toBe(true);
    // Typed on the phone while the enrollment dialog waits (the dialog does not take the keyboard back).
    await scan.getByTestId('phone-platform-android').check();
    expect(await name.inputValue()).toBe("Dade's Android");
    await name.fill('');
    await name.pressSequentially('Dade Pixel');
    expect(await name.inputValue()).toBe('Dade Pixel');
    await shoot('scan-qr');
    await scan.getByTestId('phone-scan').click();
    const status = enroll.getByTestId('activation-status');
    await expect.poll(() => status.getAttribute('data-state'), LIVE).toBe('ACTIVE');
    expect(await status.textContent()).toContain("Okta Verify enrolled on 'Dade Pixel' (Android 14)");
    expect(await phone().getByTestId('phone-outcome').textContent()).toContain('Dade Pixel');
    // Used: the link no longer opens anything.
    await email.getByTestId('phone-link-used').waitFor(LIVE);
    // Identity Engine: the device's Okta Verify code is on the phone now.
    await phone().locator('[data-testid="phone-code"][data-factor-type="token:software:totp"]').waitFor(LIVE);
    await enroll.getByTestId('enroll-close').click();
    await dialog('enroll-dialog').waitFor({ state: 'detached' });
  });

  it("reads an authenticator app's current code off the phone into the verify dialog", async () => {
    await openUser('Priya', 'Priya Raman');
    const row = phone().locator('[data-testid="phone-code"][data-factor-type="token:software:totp"]');
    await row.waitFor(LIVE);
    expect(await row.textContent()).toContain('Google Authenticator');
    expect(await row.getByTestId('phone-code-countdown').textContent()).toMatch(/^\s*\d{1,2} s\s*$/);
    await page().getByTestId('verify-button').click();
    const verify = dialog('verify-dialog');
    await verify.locator('[data-testid="verify-factor-option"][data-factor-type="token:software:totp"]').click();
    const code = (await row.getByTestId('phone-code-value').getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const input = verify.getByTestId('code-input').locator('input');
    await input.fill(code);
    await input.press('Enter');
    await expect.poll(() => verify.getByTestId('verify-result').getAttribute('data-outcome'), LIVE).toBe('SUCCESS');
    await closeDialog('verify-dialog');
  });

  it('verifies the caller by their security question, with the answer they remember read off the phone (written nowhere)', async () => {
    await openUser('Nadia', 'Nadia Haddad');
    const memory = phone().getByTestId('phone-memory');
    await memory.waitFor(LIVE);
    expect(await memory.textContent()).toContain('What Nadia remembers');
    const remembered = memory.getByTestId('phone-question');
    expect(await remembered.count()).toBe(1);
    const questionOnPhone = ((await remembered.locator('dt').textContent()) ?? '').trim();
    const answer = ((await remembered.getByTestId('phone-question-answer').textContent()) ?? '').trim();
    expect(questionOnPhone).toMatch(/\?$/);
    expect(answer.length).toBeGreaterThan(0);

    await page().locator('[data-testid="factor-row"][data-factor-type="question"]').getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    // The agent asks the question the console shows; the caller's phone has the same one.
    await expect.poll(() => verify.getByTestId('question-text').textContent(), LIVE).toBe(questionOnPhone);
    await shoot('question-remembered');
    await page().emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page().locator('html').getAttribute('data-theme')).toBe('dark');
    await shoot('question-remembered-dark');
    await page().emulateMedia({ colorScheme: 'light' });
    const input = verify.getByTestId('answer-input').locator('input');
    await input.fill(answer);
    await input.press('Enter');
    await expect.poll(() => verify.getByTestId('verify-result').getAttribute('data-outcome'), LIVE).toBe('SUCCESS');
    await closeDialog('verify-dialog');
    for (const [path, text] of await filesUnder(app.dataDir)) expect(text.includes(answer), path).toBe(false);
  });

  it('reads well in light and dark, with a push and a text on it', async () => {
    await openUser('Isaac', 'Isaac Brock');
    await sendTestPush();
    await pushOnPhone();
    await phone().getByTestId('phone-message').first().waitFor(LIVE);
    await shoot('push-waiting-light', 'phone-panel-light.png');
    // The window follows the OS theme (the header's switch is behind the dialog's backdrop).
    await page().emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page().locator('html').getAttribute('data-theme')).toBe('dark');
    await shoot('push-waiting-dark', 'phone-panel-dark.png');
    await phone().getByTestId('phone-push').last().getByTestId('phone-deny').click();
    await expect.poll(() => dialog('verify-dialog').getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('REJECTED');
    await closeDialog('verify-dialog');
    await page().emulateMedia({ colorScheme: 'light' });
  });

  it("shows the phone alone on the page the desktop app's phone window loads (?phone=<userId>)", async () => {
    // The same renderer page the Electron phone window opens, here in a tab of the browser shell.
    const tab = await app.context.newPage();
    await tab.goto(`${new URL(app.shell.url).origin}/index.html?phone=${ISAAC}`);
    await tab.getByTestId('phone-window').waitFor(LIVE);
    await expect.poll(() => tab.getByTestId('phone-owner').textContent(), LIVE).toBe("Isaac Brock's phone");
    // The phone and nothing of the console: no search, no dock, no hide or detach.
    expect(await tab.getByTestId('user-search').count()).toBe(0);
    expect(await tab.getByTestId('phone-hide').count()).toBe(0);
    expect(await tab.getByTestId('phone-detach').count()).toBe(0);
    expect(await tab.title()).toBe("Caller's phone — FactorDesk");
    await tab.close();
  });

  it('tucks away, and is absent for a real org (even one the agent connects with an API token)', async () => {
    await phone().getByTestId('phone-hide').click();
    await page().getByTestId('phone-toggle').waitFor(LIVE);

    await addApiTokenOrg(page(), { name: 'Acme', url: 'https://acme.okta.com', token: 'acme-token-for-the-test-0123456789' });
    // Acme is the org the agent works in now: no phone, not even a tab for one.
    await expect.poll(() => page().getByTestId('org-picker').textContent(), LIVE).toContain('Acme');
    await page().getByTestId('user-search').waitFor(LIVE);
    expect(await page().getByTestId('phone-dock').count()).toBe(0);
    expect(await page().getByTestId('phone-toggle').count()).toBe(0);
    await shoot('real-org-no-phone');

    // Back in the sandbox org, the phone is offered again.
    await page().getByTestId('org-picker').click();
    await page().locator('.n-base-select-option').filter({ hasText: 'Sandbox org' }).click();
    await page().getByTestId('phone-toggle').waitFor(LIVE);
  });
});

describe.skipIf(!hasChromium)('the sandbox phone page in the browser', { timeout: 90_000 }, () => {
  const app = useBrowserShell({ name: 'phone-page', sandbox: { users: 40 } });

  it("approves a push from the page `npm run sandbox` prints, with that phone's key", async () => {
    const link = app.sandbox.phoneLink('isaac@example.org');
    expect(link.url).toMatch(new RegExp(`/sandbox/phone/${ISAAC}#key=sbxphone_`));
    const phonePage = await app.context.newPage();
    const origins = new Set<string>();
    phonePage.on('request', (request) => void origins.add(new URL(request.url()).origin));
    await phonePage.goto(link.url);
    await expect.poll(() => phonePage.getByTestId('phone-owner').textContent(), LIVE).toBe("Isaac Brock's phone");

    // The agent sends a test push from the console; the trainer's second screen shows it.
    const { page } = app;
    await page.getByTestId('user-search').fill('Isaac');
    await page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' }).first().click();
    await page.locator('[data-testid="factor-row"][data-factor-type="push"]').first().getByTestId('row-test-button').click();
    const verify = page.getByTestId('verify-dialog');
    await verify.getByTestId('send-push').click();
    await verify.getByTestId('push-number').waitFor(LIVE);
    const shown = Number(await verify.getByTestId('push-number').textContent());
    const push = phonePage.getByTestId('phone-push');
    await push.waitFor(LIVE);
    expect((await push.getByTestId('phone-number').allTextContents()).map(Number)).toContain(shown);
    await saveScreenshot(phonePage, 'phone-page-push');
    await push.locator(`[data-testid="phone-number"][data-number="${shown}"]`).click();
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('SUCCESS');
    await expect.poll(() => phonePage.getByTestId('phone-outcome').textContent(), LIVE).toContain('Approved');
    // Nothing came from anywhere but the sandbox org.
    expect([...origins]).toEqual([new URL(app.sandbox.url).origin]);
    await phonePage.close();
  });

  it("refuses a wrong key, a missing key, and another person's phone", async () => {
    const isaac = app.sandbox.phoneLink(ISAAC);
    const dade = app.sandbox.phoneLink('dade.murphy@example.org');
    const cases: [string, string][] = [
      [isaac.url.replace(/#key=.*$/, '#key=sbxphone_wrongwrongwrongwrongwrongwrongwrongwrongwro'), 'This key does not open a phone here'],
      [isaac.url.replace(/#key=.*$/, ''), 'This phone needs its key'],
      [isaac.url.replace(`/sandbox/phone/${ISAAC}`, `/sandbox/phone/${dade.userId}`), "This key opens someone else's phone"],
    ];
    for (const [url, refusal] of cases) {
      const tab = await app.context.newPage();
      await tab.goto(url);
      const refused = tab.getByTestId('phone-refused');
      await refused.waitFor(LIVE);
      expect(await refused.textContent()).toContain(refusal);
      expect(await tab.getByTestId('phone-owner').count()).toBe(0);
      await tab.close();
    }
    // The right key still opens its phone (a refused try does not spoil it).
    const tab = await app.context.newPage();
    await tab.goto(dade.url);
    await expect.poll(() => tab.getByTestId('phone-owner').textContent(), LIVE).toBe("Dade Murphy's phone");
    await tab.close();
  });
});
