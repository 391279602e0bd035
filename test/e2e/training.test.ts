// Training calls played in real Chromium on the browser shell, with the sandbox org behind it, using
// only the UI: the trainee starts each scenario from "Training calls", works the call in the console
// (the phone panel beside it, pinned to the caller, with the caller's script), ends it, and reads the
// debrief. The test never calls the sandbox's control API. Needs the built renderer (`npx
// electron-vite build`, which `npm test` runs first).
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { addApiTokenOrg } from './support/org-dialog';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Training E2E ${NO_CHROMIUM_MESSAGE}`);


const LIVE = { timeout: 20_000 };

describe.skipIf(!hasChromium)('training calls in the browser', { timeout: 120_000 }, () => {
  const app = useBrowserShell({ name: 'training', sandbox: { users: 40 } });
  const page = (): Page => app.page;
  const phone = (): Locator => page().getByTestId('phone-panel');
  const script = (): Locator => page().getByTestId('caller-script');
  const dialog = (testId: string): Locator => page().getByTestId(testId);
  const debrief = (): Locator => page().getByTestId('training-debrief');
  const shoot = (name: string) => saveScreenshot(page(), `training-${name}`);

  async function openTraining(): Promise<void> {
    if ((await page().getByTestId('training-view').count()) === 0) await page().getByTestId('nav-training').click();
    await page().getByTestId('training-scenario').first().waitFor(LIVE);
  }

  /** Starts a scenario: the console shows the caller, their phone and the script beside it. */
  async function start(scenario: string, caller: string): Promise<string> {
    await openTraining();
    await page().locator(`[data-testid="training-scenario"][data-scenario="${scenario}"]`).getByTestId('training-start').click();
    await expect.poll(() => page().getByTestId('user-name').textContent(), LIVE).toBe(caller);
    await page().getByTestId('factor-table').locator('[data-testid="factor-row"]').first().waitFor(LIVE);
    await expect.poll(() => phone().getByTestId('phone-owner').textContent(), LIVE).toBe(`${caller}'s phone`);
    await script().waitFor(LIVE);
    const kicker = (await script().textContent()) ?? '';
    const ticket = kicker.match(/INC-\d{6}/)?.[0];
    expect(ticket).toBeDefined();
    return ticket as string;
  }

  const row = (type: string): Locator => page().locator(`[data-testid="factor-row"][data-factor-type="${type}"]`).first();

  async function closeDialog(testId: string): Promise<void> {
    await page().keyboard.press('Escape');
    await dialog(testId).waitFor({ state: 'detached' });
  }

  async function copyTicketNote(): Promise<void> {
    await page().getByTestId('copy-ticket-note').click();
    await page().getByTestId('show-ticket-note').waitFor(LIVE);
  }

  /** Resets one factor from its row; `manual` records a manual verification with a ticket. */
  async function resetRow(type: string, manual?: { method: string; ticket: string }): Promise<void> {
    await row(type).getByTestId('row-reset-button').click();
    const reset = dialog('reset-factor-dialog');
    if (manual) {
      await reset.getByTestId('verification-method').click();
      await page().locator('.n-base-select-option').filter({ hasText: manual.method }).click();
      await reset.getByTestId('ticket-input').locator('input').fill(manual.ticket);
    } else {
      await reset.getByTestId('recent-verification').waitFor(LIVE);
    }
    expect(await reset.getByTestId('sign-out-everywhere').getAttribute('aria-checked')).toBe('true');
    await reset.getByTestId('confirm-reset').click();
    await reset.getByTestId('reset-done').waitFor(LIVE);
    await reset.getByTestId('reset-close').click();
    await reset.waitFor({ state: 'detached' });
  }

  /** Sends a test push and answers it on the phone as the caller (the number read out), or leaves it to the phone. */
  async function testPush(answer: 'tap-right-number' | 'phone-decides'): Promise<string> {
    await row('push').getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    await verify.getByTestId('send-push').click();
    const number = verify.getByTestId('push-number');
    await number.waitFor(LIVE);
    if (answer === 'tap-right-number') {
      const shown = ((await number.textContent()) ?? '').trim();
      await phone().getByTestId('phone-push').last().locator(`[data-testid="phone-number"][data-number="${shown}"]`).click();
    }
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).not.toBe('WAITING');
    const state = (await verify.getByTestId('push-status').getAttribute('data-state')) ?? '';
    await closeDialog('verify-dialog');
    return state;
  }

  /** Ends the call (optionally saying it was escalated) and answers the debrief's checks by id. */
  async function endCall(escalated = false): Promise<Record<string, string>> {
    if (escalated) await script().getByTestId('training-escalated').click();
    await script().getByTestId('training-end').click();
    await debrief().waitFor(LIVE);
    const checks = debrief().getByTestId('debrief-check');
    const results: Record<string, string> = {};
    for (const check of await checks.all()) results[(await check.getAttribute('data-check')) as string] = (await check.getAttribute('data-result')) as string;
    return results;
  }

  const why = (check: string): Promise<string | null> => debrief().locator(`[data-testid="debrief-check"][data-check="${check}"]`).getByTestId('debrief-why').textContent();

  async function backToList(): Promise<void> {
    await debrief().getByTestId('debrief-close').click();
    await page().getByTestId('training-scenario').first().waitFor(LIVE);
  }

  it('lists the six training calls in the sandbox org', async () => {
    await openTraining();
    expect(await page().getByTestId('training-scenario').locator('h2').allTextContents()).toEqual([
      'Lost my phone',
      'New phone, move Okta Verify',
      'Locked out after too many pushes',
      'Caller who cannot pass verification',
      'MFA fatigue attack in progress',
      'SMS only, number changed',
    ]);
    await shoot('list');
  });

  it('"Caller who cannot pass verification": the phone denies, the trainee wrongly resets, and the debrief says so', async () => {
    const ticket = await start('failed-verification', 'Daniel Brooks');
    expect(await script().getByTestId('caller-script-phone').getAttribute('data-phone')).toBe('owner-denies');
    // The real owner's phone denies the push by itself.
    expect(await testPush('phone-decides')).toBe('REJECTED');
    await expect.poll(() => phone().getByTestId('phone-outcome').getAttribute('data-kind'), LIVE).toBe('denied');
    // Under pressure, the trainee records a manager callback and resets anyway.
    await resetRow('push', { method: 'Manager confirmed by callback', ticket });
    await shoot('wrong-reset-call');
    const results = await endCall();
    expect(results).toMatchObject({ verified_before_reset: 'fail', no_reset: 'fail', no_tac: 'pass', no_enrollment: 'pass', ticket_noted: 'fail' });
    expect(await debrief().getAttribute('data-passed')).toBe('false');
    expect(await why('no_reset')).toMatch(/^Reset Okta Verify \(push\) at \d{2}:\d{2}:\d{2} \S+ \(success\): wrong in this call, because the caller never passed a check/);
    expect(await why('verified_before_reset')).toMatch(/manager callback recorded after Okta Verify \(push\) was denied at \d{2}:\d{2}:\d{2}/);
    expect(await debrief().getByTestId('debrief-verdict').textContent()).toContain('Not handled by the desk’s policy');
    await shoot('wrong-reset-debrief');

    // Exported through the browser's download, as History exports are.
    const [download] = await Promise.all([page().waitForEvent('download'), debrief().getByTestId('debrief-export-markdown').click()]);
    expect(download.suggestedFilename()).toMatch(/^factordesk-training-failed-verification-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.md$/);
    const markdown = await readFile((await download.path()) as string, 'utf8');
    expect(markdown).toContain('# Training call debrief: Caller who cannot pass verification');
    expect(markdown).toMatch(/\| No reset \| Fail \| Reset Okta Verify \(push\) at/);
    await backToList();
  });

  it('"Lost my phone", handled: the security question, the lost phone reset with a sign-out, the ticket noted', async () => {
    await start('lost-phone', 'Maya Chen');
    const answer = (await script().getByTestId('caller-line').allTextContents()).join(' ').match(/That was (.+?)\./)?.[1];
    expect(answer).toBe('Mister Biscuit');
    await row('question').getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    const input = verify.getByTestId('answer-input').locator('input');
    await input.fill(answer as string);
    await input.press('Enter');
    await expect.poll(() => verify.getByTestId('verify-result').getAttribute('data-outcome'), LIVE).toBe('SUCCESS');
    await closeDialog('verify-dialog');
    await resetRow('push');
    await copyTicketNote();
    const results = await endCall();
    expect(results).toEqual({ verified_before_reset: 'pass', old_device_removed: 'pass', sessions_sealed: 'pass', ticket_noted: 'pass' });
    expect(await debrief().getAttribute('data-passed')).toBe('true');
    expect(await debrief().getByTestId('debrief-action').allTextContents()).toEqual([
      expect.stringMatching(/Started a check on Security question: success$/),
      expect.stringMatching(/Code check on Security question: success$/),
      expect.stringMatching(/Reset Okta Verify \(push\): success$/),
      expect.stringMatching(/Signed out everywhere: success$/),
    ]);
    expect(await debrief().textContent()).not.toContain('Mister Biscuit');
    await shoot('lost-phone-debrief');
    await backToList();
  });

  it('"New phone, move Okta Verify": verified on the old phone, old one reset, the new iPhone scanned from the phone panel', async () => {
    await start('new-phone', 'Omar Haddad');
    expect(await testPush('tap-right-number')).toBe('SUCCESS');
    await resetRow('push');
    await page().getByTestId('enroll-button').click();
    const enroll = dialog('enroll-dialog');
    await enroll.locator('[data-testid="catalog-option"][data-factor-type="push"]').click();
    await enroll.getByTestId('push-qr').waitFor(LIVE);
    const scan = phone().getByTestId('phone-activation');
    await scan.waitFor(LIVE);
    await scan.getByTestId('phone-device-name').fill("Omar's iPhone 15");
    await scan.getByTestId('phone-scan').click();
    await expect.poll(() => enroll.getByTestId('activation-status').getAttribute('data-state'), LIVE).toBe('ACTIVE');
    await enroll.getByTestId('enroll-close').click();
    await dialog('enroll-dialog').waitFor({ state: 'detached' });
    await copyTicketNote();
    const results = await endCall();
    expect(results).toEqual({ verified_before_reset: 'pass', old_device_removed: 'pass', new_factor_enrolled: 'pass', sessions_sealed: 'pass', ticket_noted: 'pass' });
    await backToList();
  });

  it('"SMS only, number changed": the manager confirms, the old number goes, the new one is activated with the code off the phone', async () => {
    const ticket = await start('sms-number-changed', 'Carlos Mendes');
    await resetRow('sms', { method: 'Manager confirmed by callback', ticket });
    await page().getByTestId('enroll-button').click();
    const enroll = dialog('enroll-dialog');
    await enroll.locator('[data-testid="catalog-option"][data-factor-type="sms"]').click();
    const number = enroll.getByTestId('phone-input').locator('input');
    await number.fill('+1 555 019 2288');
    await number.press('Enter');
    await enroll.getByTestId('code-sent-to').waitFor(LIVE);
    // Carlos reads the code off his new phone.
    const message = phone().locator('[data-testid="phone-message"][data-channel="sms"]').first();
    await message.waitFor(LIVE);
    expect(await message.textContent()).toContain('+15550192288');
    const code = ((await message.getByTestId('phone-message-code').textContent()) ?? '').trim();
    const input = enroll.getByTestId('code-input').locator('input');
    await input.fill(code);
    await input.press('Enter');
    await enroll.getByTestId('enroll-done').waitFor(LIVE);
    await closeDialog('enroll-dialog');
    await copyTicketNote();
    const results = await endCall();
    expect(results).toEqual({ verified_before_reset: 'pass', old_factor_removed: 'pass', new_factor_enrolled: 'pass', sessions_sealed: 'pass', ticket_noted: 'pass' });
    expect(await debrief().textContent()).not.toContain(code);
    await backToList();
  });

  it('"Locked out after too many pushes": verified on her phone and unlocked, no reset', async () => {
    await start('push-lockout', 'Lena Novak');
    // Why she is locked out, as the console reads it from the System Log: the pushes she denied.
    const reason = page().getByTestId('lockout-notice').getByTestId('lockout-reason');
    await reason.waitFor(LIVE);
    expect(await reason.textContent()).toMatch(/^Locked at .+ after 5 denied Okta Verify pushes \(.+\) from 192\.0\.2\.10/);
    expect(await testPush('tap-right-number')).toBe('SUCCESS');
    await page().getByTestId('unlock-button').click();
    await dialog('unlock-dialog').getByTestId('confirm-unlock').click();
    await dialog('unlock-dialog').getByTestId('unlock-done').waitFor(LIVE);
    await dialog('unlock-dialog').getByTestId('unlock-close').click();
    await dialog('unlock-dialog').waitFor({ state: 'detached' });
    await copyTicketNote();
    const results = await endCall();
    expect(results).toEqual({ caller_verified: 'pass', verified_before_reset: 'pass', no_reset: 'pass', no_tac: 'pass', unlocked: 'pass', sessions_sealed: 'not_applicable', ticket_noted: 'pass' });
    await backToList();
  });

  it('"MFA fatigue attack in progress": verified, signed out everywhere (no reset), escalated', async () => {
    await start('mfa-fatigue', 'Priya Shah');
    expect(await testPush('tap-right-number')).toBe('SUCCESS');
    await page().getByTestId('sign-out-everywhere-button').click();
    const signOut = dialog('sign-out-dialog');
    await signOut.getByTestId('confirm-sign-out').click();
    await expect.poll(() => signOut.getByTestId('sign-out-step').getAttribute('data-outcome'), LIVE).toBe('success');
    await signOut.getByTestId('sign-out-close').click();
    await signOut.waitFor({ state: 'detached' });
    await copyTicketNote();
    const results = await endCall(true);
    expect(results).toEqual({ caller_verified: 'pass', verified_before_reset: 'not_applicable', no_reset: 'pass', no_tac: 'pass', no_enrollment: 'pass', signed_out: 'pass', sessions_sealed: 'not_applicable', escalated: 'pass', ticket_noted: 'pass' });
    await shoot('mfa-fatigue-debrief');
    await backToList();
  });

  it('is absent for a real org', async () => {
    await page().getByTestId('nav-training').waitFor(LIVE);
    await addApiTokenOrg(page(), { name: 'Acme', url: 'https://acme.okta.com', token: 'acme-token-for-the-test-0123456789' });
    await expect.poll(() => page().getByTestId('org-picker').textContent(), LIVE).toContain('Acme');
    await page().getByTestId('user-search').waitFor(LIVE);
    expect(await page().getByTestId('nav-training').count()).toBe(0);
    expect(await page().getByTestId('training-view').count()).toBe(0);
    // Back in the sandbox org, training calls are offered again.
    await page().getByTestId('org-picker').click();
    await page().locator('.n-base-select-option').filter({ hasText: 'Sandbox org' }).click();
    await page().getByTestId('nav-training').waitFor(LIVE);
  });
});
