// The factor workflows from the agent's side: real Chromium on the browser shell, the sandbox
// org behind it, and the sandbox's control API playing the caller's phone and inbox.
// Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import { generateSync } from 'otplib';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Workflows E2E ${NO_CHROMIUM_MESSAGE}`);

/** Live states arrive through polling; this is a ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };
/** The sandbox org's push activation lifetime (sandbox/org.ts). */
const ACTIVATION_TTL_SECONDS = 600;
const SHORTCUT = process.platform === 'darwin' ? 'Meta+K' : 'Control+K';

interface OutboxMessage {
  channel: string;
  to: string;
  code: string | null;
  sentAt: string;
}
interface WaitingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}
interface OktaFactorJson {
  id: string;
  factorType: string;
  status: string;
}

describe.skipIf(!hasChromium)('factor workflows in the browser', { timeout: 90_000 }, () => {
  const app = useBrowserShell({
    name: 'workflows',
    sandbox: { users: 40 },
    window: { permissions: ['clipboard-read', 'clipboard-write'] },
  });

  async function org<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${app.sandbox.url}${path}`, {
      method,
      headers: { authorization: `SSWS ${app.sandbox.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const userId = async (login: string) => (await org<{ id: string }>('GET', `/api/v1/users/${encodeURIComponent(login)}`)).id;
  const factorsOf = (id: string) => org<OktaFactorJson[]>('GET', `/api/v1/users/${id}/factors`);
  const waitingPushes = (id: string) => org<WaitingPush[]>('GET', `/sandbox/v1/users/${id}/pushes`);

  const shoot = (name: string) => saveScreenshot(app.page, `workflows-${name}`);

  async function openUser(query: string, displayName: string): Promise<void> {
    const search = app.page.getByTestId('user-search');
    await search.fill(query);
    await app.page.getByTestId('user-option').filter({ hasText: displayName }).first().click();
    await expect.poll(() => app.page.getByTestId('user-name').textContent()).toBe(displayName);
    // Loaded: either rows or the "no factors" state.
    await app.page.getByTestId('factor-table').locator('[data-testid="factor-row"], [data-testid="empty-state"]').first().waitFor(LIVE);
  }

  function dialog(testId: string): Locator {
    return app.page.getByTestId(testId);
  }

  async function fillCode(code: string): Promise<void> {
    const input = app.page.getByTestId('code-input').locator('input');
    await input.fill(code);
    await input.press('Enter');
  }

  it('enrolls Okta Verify: QR shown, the simulated scan turns it ACTIVE live', async () => {
    await openUser('Dade', 'Dade Murphy');
    await app.page.getByTestId('enroll-button').click();
    const enroll = dialog('enroll-dialog');
    await enroll.getByTestId('catalog-option').first().waitFor();
    await shoot('enroll-catalog');
    await enroll.locator('[data-testid="catalog-option"][data-factor-type="push"]').click();

    const qr = enroll.getByTestId('push-qr');
    await qr.waitFor(LIVE);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect.poll(() => enroll.getByTestId('push-expiry').textContent()).toMatch(/Expires in \d+:\d\d/);
    // Counted from the org's answer and rounded down: never more than the activation's lifetime.
    const [, minutes, seconds] = /(\d+):(\d\d)/.exec((await enroll.getByTestId('push-expiry').textContent()) ?? '') ?? [];
    expect(Number(minutes) * 60 + Number(seconds)).toBeLessThanOrEqual(ACTIVATION_TTL_SECONDS);
    await expect.poll(() => enroll.getByTestId('activation-status').getAttribute('data-state')).toBe('WAITING');
    expect(await enroll.getByTestId('activation-status').textContent()).toContain('Waiting for the caller to scan');
    await shoot('enroll-push-qr');

    const dade = await userId('dade.murphy@example.org');
    const pending = (await factorsOf(dade)).find((f) => f.factorType === 'push');
    expect(pending?.status).toBe('PENDING_ACTIVATION');
    await org('POST', `/sandbox/v1/users/${dade}/factors/${pending?.id}/scan`, { name: 'Dade Pixel', platform: 'ANDROID', version: '14' });

    const status = enroll.getByTestId('activation-status');
    await expect.poll(() => status.getAttribute('data-state'), LIVE).toBe('ACTIVE');
    // Okta's platform names (ANDROID) are shown as people write them.
    expect(await status.textContent()).toContain("Okta Verify enrolled on 'Dade Pixel' (Android 14)");
    await shoot('enroll-push-active');
    await enroll.getByTestId('enroll-close').click();
    await expect
      .poll(() => app.page.locator('[data-testid="factor-row"][data-factor-type="push"]').textContent(), LIVE)
      .toContain('Active');
    // Identity Engine: the activated phone brings its Okta Verify code and FastPass, listed with the push under one device.
    await expect.poll(() => app.page.locator('[data-testid="factor-row"][data-factor-type="signed_nonce"]').count(), LIVE).toBe(1);
    const deviceRows = app.page.locator('[data-testid="factor-row"][data-okta-verify-device]');
    expect((await deviceRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-factor-type')))).sort()).toEqual(['push', 'signed_nonce', 'token:software:totp']);
    expect(await app.page.locator('[data-testid="factor-row"][data-factor-type="token:software:totp"]').textContent()).toContain('Okta Verify (code)');
    expect(await app.page.locator('[data-testid="factor-row"][data-factor-type="signed_nonce"]').textContent()).toContain('Okta FastPass');
    const device = app.page.getByTestId('okta-verify-device');
    expect(await device.count()).toBe(1);
    expect(await device.textContent()).toMatch(/Dade Pixel.*Android 14 · push, code, FastPass/);
  });

  it('enrolls SMS with the code from the outbox; a wrong code first gets a clear error', async () => {
    await app.page.getByTestId('enroll-button').click();
    const enroll = dialog('enroll-dialog');
    await enroll.locator('[data-testid="catalog-option"][data-factor-type="sms"]').click();

    const phone = enroll.getByTestId('phone-input').locator('input');
    await phone.fill('555 0100');
    await phone.press('Enter');
    await expect.poll(() => enroll.locator('.n-form-item-feedback').first().textContent()).toContain('international format');

    await phone.fill('+1 555 415 2600');
    await phone.press('Enter');
    await enroll.getByTestId('code-sent-to').waitFor(LIVE);
    expect(await enroll.getByTestId('resend-button').textContent()).toMatch(/Resend/);

    const [message] = await org<OutboxMessage[]>('GET', `/sandbox/v1/outbox?to=${encodeURIComponent('+15554152600')}`);
    expect(message?.code).toMatch(/^\d{6}$/);
    const code = message?.code as string;
    const wrong = code.replace(/^./, (digit) => String((Number(digit) + 1) % 10));

    await fillCode(wrong);
    const error = enroll.getByTestId('error-notice');
    await error.waitFor(LIVE);
    expect(await error.getAttribute('data-code')).toBe('WRONG_CODE');
    expect(await error.textContent()).toContain('That code is not right');
    expect(await enroll.getByTestId('code-input').locator('input').inputValue()).toBe(wrong);
    await shoot('enroll-sms-wrong-code');

    await fillCode(code);
    await enroll.getByTestId('enroll-done').waitFor(LIVE);
    await shoot('enroll-sms-done');
    await app.page.keyboard.press('Escape');
    await dialog('enroll-dialog').waitFor({ state: 'detached' });
  });

  it('enrolls an authenticator app with a code computed from the secret on screen', async () => {
    await app.page.getByTestId('enroll-button').click();
    const enroll = dialog('enroll-dialog');
    await enroll.locator('[data-testid="catalog-option"][data-factor-type="token:software:totp"][data-provider="GOOGLE"]').click();

    await enroll.getByTestId('totp-qr').waitFor(LIVE);
    const shown = (await enroll.getByTestId('totp-secret').textContent()) ?? '';
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    await shoot('enroll-totp');

    // The org checks codes against its own clock, which earlier tests may have moved.
    const { now } = await org<{ now: string }>('GET', '/sandbox/v1/clock');
    const code = generateSync({ secret: shown.replace(/\s+/g, ''), epoch: Math.floor(Date.parse(now) / 1000) });
    await fillCode(code);
    await enroll.getByTestId('enroll-done').waitFor(LIVE);
    await enroll.getByTestId('enroll-close').click();
  });

  it('test push: the number shown is the one the phone must tap; approving shows SUCCESS live', async () => {
    await openUser('Isaac', 'Isaac Brock');
    await app.page.locator('[data-testid="factor-row"][data-factor-type="push"]').getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    expect(await verify.getByTestId('number-matching-switch').getAttribute('aria-checked')).toBe('true');
    // The search shortcut leaves an open dialog alone: focus stays where the agent put it, the dialog stays open.
    const send = verify.getByTestId('send-push');
    await send.focus();
    await app.page.keyboard.press(SHORTCUT);
    expect(await app.page.locator('[data-testid="user-search"]:focus').count()).toBe(0);
    expect(await send.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    expect(await verify.isVisible()).toBe(true);
    await verify.getByTestId('send-push').click();

    const number = verify.getByTestId('push-number');
    await number.waitFor(LIVE);
    const shown = Number(await number.textContent());
    expect(await verify.getByTestId('push-status').getAttribute('data-state')).toBe('WAITING');
    await shoot('verify-push-waiting');

    const isaac = await userId('isaac@example.org');
    const [push] = await waitingPushes(isaac);
    expect(push?.correctAnswer).toBe(shown);
    await org('POST', `/sandbox/v1/pushes/${push?.transactionId}/approve`, { answer: shown });

    const status = verify.getByTestId('push-status');
    await expect.poll(() => status.getAttribute('data-state'), LIVE).toBe('SUCCESS');
    expect(await verify.getByTestId('verify-result-detail').textContent()).toMatch(/Counts as caller verification until \d{1,2}:\d{2}/);
    await shoot('verify-push-success');
  });

  it('resets one factor with the recent test push filled in as caller verification', async () => {
    await app.page.keyboard.press('Escape');
    await dialog('verify-dialog').waitFor({ state: 'detached' });
    await app.page.locator('[data-testid="factor-row"][data-factor-type="sms"]').getByTestId('row-reset-button').click();

    const reset = dialog('reset-factor-dialog');
    expect(await reset.getByTestId('reset-question').textContent()).toMatch(/^Remove SMS.* from Isaac Brock\?$/);
    await reset.getByTestId('recent-verification').waitFor(LIVE);
    expect(await reset.getByTestId('recent-verification').textContent()).toMatch(/Verified by test push at .+ \(valid until .+\)/);
    await shoot('reset-one');
    await reset.getByTestId('confirm-reset').click();
    await reset.getByTestId('reset-done').waitFor(LIVE);
    await reset.getByTestId('reset-close').click();
    await expect.poll(() => app.page.locator('[data-testid="factor-row"][data-factor-type="sms"]').count(), LIVE).toBe(0);

    // One factor left: "Reset all" says so in words, not "all 1 factors".
    await app.page.getByTestId('reset-all-button').click();
    const resetAll = dialog('reset-all-dialog');
    expect(await resetAll.getByTestId('reset-all-warning').textContent()).toContain('This removes their only factor');
    await app.page.keyboard.press('Escape');
    await resetAll.waitFor({ state: 'detached' });
  });

  it('test push denied on the phone shows REJECTED', async () => {
    await app.page.getByTestId('verify-button').click();
    const verify = dialog('verify-dialog');
    await verify.locator('[data-testid="verify-factor-option"][data-factor-type="push"]').click();
    await verify.getByTestId('send-push').click();
    await verify.getByTestId('push-number').waitFor(LIVE);

    const isaac = await userId('isaac@example.org');
    const [push] = await waitingPushes(isaac);
    await org('POST', `/sandbox/v1/pushes/${push?.transactionId}/deny`, {});
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('REJECTED');
    expect(await verify.getByTestId('verify-result').textContent()).toContain('The caller denied the push');
    await shoot('verify-push-rejected');
  });

  it("test push while Okta can't be reached: a warning under the waiting status, gone once Okta answers again", async () => {
    const verify = dialog('verify-dialog');
    await verify.getByTestId('send-push').click();
    await verify.getByTestId('push-number').waitFor(LIVE);
    const trouble = verify.getByTestId('watch-trouble');
    expect(await trouble.count()).toBe(0);
    try {
      // Every poll of the push transaction loses its connection.
      await org('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, paths: '/transactions/' });
      await trouble.waitFor(LIVE);
      expect(await trouble.textContent()).toContain("Can't reach Okta right now — still trying…");
      expect(await verify.getByTestId('push-status').getAttribute('data-state')).toBe('WAITING');
      await shoot('verify-push-unreachable');
    } finally {
      await org('DELETE', '/sandbox/v1/faults');
    }
    await trouble.waitFor({ state: 'detached', ...LIVE });
    expect(await verify.getByTestId('push-status').getAttribute('data-state')).toBe('WAITING');
    await verify.getByTestId('cancel-push').click();
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('CANCELLED');
  });

  it('test push with no answer ends in TIMEOUT once the org clock passes its expiry', async () => {
    const verify = dialog('verify-dialog');
    await verify.getByTestId('send-push').click();
    await verify.getByTestId('push-number').waitFor(LIVE);
    await app.page.emulateMedia({ colorScheme: 'dark' }); // the app follows the OS theme by default
    await shoot('verify-push-waiting-dark');
    await org('POST', '/sandbox/v1/clock/advance', { seconds: 301 });
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('TIMEOUT');
    expect(await verify.getByTestId('verify-result').textContent()).toContain('No answer in time');
    await shoot('verify-push-timeout-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.page.keyboard.press('Escape');
    await verify.waitFor({ state: 'detached' });
  });

  it('verifies the caller with an SMS code from the outbox', async () => {
    await openUser('Dade', 'Dade Murphy');
    await app.page.locator('[data-testid="factor-row"][data-factor-type="sms"]').getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    await verify.getByTestId('send-challenge').click();
    await verify.getByTestId('code-sent-to').waitFor(LIVE);
    const messages = await org<OutboxMessage[]>('GET', `/sandbox/v1/outbox?to=${encodeURIComponent('+15554152600')}`);
    const code = messages.at(-1)?.code as string;
    await fillCode(code);
    const result = verify.getByTestId('verify-result');
    await result.waitFor(LIVE);
    expect(await result.getAttribute('data-outcome')).toBe('SUCCESS');
    expect(await result.textContent()).toMatch(/Caller verified by SMS code.*Counts as caller verification until/);
    await shoot('verify-sms-success');
    await app.page.keyboard.press('Escape');
    await verify.waitFor({ state: 'detached' });
    // The History panel catches up when the dialog closes, without a manual refresh, in words for an SMS code.
    await expect
      .poll(() => app.page.getByTestId('history-summary').allTextContents(), LIVE)
      .toContain("Caller's SMS code checked: correct");
  });

  it('resets all factors after typing the login and recording a manual verification', async () => {
    await app.page.getByTestId('reset-all-button').click();
    const reset = dialog('reset-all-dialog');
    const confirm = reset.getByTestId('confirm-reset');
    const verification = reset.getByTestId('caller-verification');
    // The list names the Okta Verify device once, with what it holds, then the other factors.
    expect(await reset.getByTestId('reset-all-warning').textContent()).toContain('This removes all 5 factors');
    const listed = await reset.getByTestId('reset-all-list').locator('li').allTextContents();
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatch(/^Okta Verify on 'Dade Pixel' \(Android 14\): push, code, FastPass/);

    // The SMS check just passed and is offered; the agent records a manual one instead. The button waits for login and method.
    await verification.getByTestId('recent-verification').waitFor(LIVE);
    expect(await verification.getByTestId('recent-verification').textContent()).toMatch(/Verified by SMS code at/);
    await verification.getByTestId('use-manual-verification').click();
    // The manual fields do not claim that no check passed: one did, the agent chose otherwise.
    expect(await verification.getByTestId('manual-verification-reason').textContent()).not.toContain('No test push or code check passed');
    expect(await confirm.isDisabled()).toBe(true);
    await reset.getByTestId('confirm-login-input').locator('input').fill('dade.murphy@example.org');
    expect(await confirm.isDisabled()).toBe(true);
    await verification.getByTestId('verification-method').click();
    await app.page.locator('.n-base-select-option').filter({ hasText: 'ID checked' }).click();
    await verification.getByTestId('ticket-input').locator('input').fill('INC-4242');
    expect(await confirm.isDisabled()).toBe(false);
    await shoot('reset-all');

    await confirm.click();
    await reset.getByTestId('reset-done').waitFor(LIVE);
    // Okta Verify's push, code and FastPass, the SMS and the authenticator app.
    expect(await reset.getByTestId('reset-done').textContent()).toContain('5 factors removed from Dade Murphy');
    await reset.getByTestId('reset-close').click();
    await expect.poll(() => app.page.getByTestId('factor-row').count(), LIVE).toBe(0);
    expect((await factorsOf(await userId('dade.murphy@example.org'))).length).toBe(0);
  });

  it('enrolls a security question; a wrong answer is called a wrong answer, not a wrong code', async () => {
    await app.page.getByTestId('enroll-button').click();
    const enroll = dialog('enroll-dialog');
    await enroll.locator('[data-testid="catalog-option"][data-factor-type="question"]').click();
    await enroll.getByTestId('question-select').click();
    await app.page.locator('.n-base-select-option').first().click();
    await enroll.getByTestId('answer-input').locator('input').fill('Blue Falcon');
    await enroll.getByTestId('enroll-submit').click();
    await enroll.getByTestId('enroll-done').waitFor(LIVE);
    await app.page.keyboard.press('Escape');
    await enroll.waitFor({ state: 'detached' });
    await app.page.locator('[data-testid="factor-row"][data-factor-type="question"]').waitFor(LIVE);

    await app.page.locator('[data-testid="factor-row"][data-factor-type="question"]').getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    const answer = verify.getByTestId('answer-input').locator('input');
    await answer.fill('Red Falcon');
    await answer.press('Enter');
    const error = verify.getByTestId('error-notice');
    await error.waitFor(LIVE);
    expect(await error.textContent()).toContain('That answer is not right');
    expect(await error.textContent()).not.toContain('code');
    await shoot('verify-question-wrong');
    await answer.fill('Blue Falcon');
    await answer.press('Enter');
    const result = verify.getByTestId('verify-result');
    await result.waitFor(LIVE);
    expect(await result.getAttribute('data-outcome')).toBe('SUCCESS');
    await app.page.keyboard.press('Escape');
    await verify.waitFor({ state: 'detached' });
  });
});
