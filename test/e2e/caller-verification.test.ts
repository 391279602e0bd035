// The caller's verification as the agent sees it, in real Chromium on the browser shell with the
// sandbox org behind it: the header badge after a passed test push, "End call" clearing it, and a
// denied push after a pass making the reset dialog say which check failed and when, and demand a
// method and a ticket. Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../main/core/audit';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Caller verification E2E ${NO_CHROMIUM_MESSAGE}`);

/** Live states arrive through polling; this is a ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };

interface WaitingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

describe.skipIf(!hasChromium)('caller verification in the browser', { timeout: 90_000 }, () => {
  const app = useBrowserShell({ name: 'caller-verification', sandbox: { users: 40 } });

  async function org<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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
  const shoot = (name: string) => saveScreenshot(app.page, `caller-verification-${name}`);
  const dialog = (testId: string): Locator => app.page.getByTestId(testId);
  const badge = () => app.page.getByTestId('caller-verified-badge');

  async function openUser(query: string, displayName: string): Promise<void> {
    const search = app.page.getByTestId('user-search');
    await search.fill(query);
    await app.page.getByTestId('user-option').filter({ hasText: displayName }).first().click();
    await expect.poll(() => app.page.getByTestId('user-name').textContent()).toBe(displayName);
    await app.page.getByTestId('factor-table').locator('[data-testid="factor-row"], [data-testid="empty-state"]').first().waitFor(LIVE);
  }

  /** A test push from the push row, answered on the simulated phone; the dialog stays open on its result. */
  async function testPush(decision: 'approve' | 'deny'): Promise<void> {
    await app.page.locator('[data-testid="factor-row"][data-factor-type="push"]').getByTestId('row-test-button').click();
    const verify = dialog('verify-dialog');
    await verify.getByTestId('send-push').click();
    await verify.getByTestId('push-number').waitFor(LIVE);
    const isaac = await userId('isaac@example.org');
    const [push] = await org<WaitingPush[]>('GET', `/sandbox/v1/users/${isaac}/pushes`);
    await org('POST', `/sandbox/v1/pushes/${push?.transactionId}/${decision}`, decision === 'approve' ? { answer: push?.correctAnswer } : {});
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe(decision === 'approve' ? 'SUCCESS' : 'REJECTED');
  }

  async function closeVerify(): Promise<void> {
    await app.page.keyboard.press('Escape');
    await dialog('verify-dialog').waitFor({ state: 'detached' });
  }

  it('shows "Caller verified by test push until HH:MM" in the header once a test push passes', async () => {
    await openUser('Isaac', 'Isaac Brock');
    expect(await badge().count()).toBe(0);
    await testPush('approve');
    // The header hears of it at once, behind the open dialog.
    await badge().waitFor(LIVE);
    await closeVerify();
    expect(await badge().textContent()).toMatch(/Caller verified by test push until \d{1,2}:\d{2}/);
    await shoot('badge');
  });

  it('does not show one user\'s pass on another user', async () => {
    await openUser('Dade', 'Dade Murphy');
    await app.page.getByTestId('user-header').waitFor();
    expect(await badge().count()).toBe(0);
    await openUser('Isaac', 'Isaac Brock');
    await badge().waitFor(LIVE);
  });

  it('"End call" clears the badge, and the journal records it', async () => {
    await badge().getByTestId('end-call').click();
    await badge().waitFor({ state: 'detached', ...LIVE });
    const isaac = await userId('isaac@example.org');
    const ended = (await readJournal(app.dataDir, { userId: isaac })).records.filter((record) => record.action === 'end_call');
    expect(ended).toHaveLength(1);
    // The reset dialog no longer offers the ended pass either.
    await app.page.locator('[data-testid="factor-row"][data-factor-type="sms"]').getByTestId('row-reset-button').click();
    const reset = dialog('reset-factor-dialog');
    await reset.getByTestId('manual-verification-reason').waitFor(LIVE);
    expect(await reset.getByTestId('recent-verification').count()).toBe(0);
    await app.page.keyboard.press('Escape');
    await reset.waitFor({ state: 'detached' });
  });

  it('a denied push after a pass: the badge goes, and the reset dialog names the failed check and demands method and ticket', async () => {
    await testPush('approve');
    await closeVerify();
    await badge().waitFor(LIVE);
    await testPush('deny');
    await closeVerify();
    await badge().waitFor({ state: 'detached', ...LIVE });
    const failedBadge = app.page.getByTestId('failed-check-badge');
    await failedBadge.waitFor(LIVE);
    expect(await failedBadge.textContent()).toMatch(/Test push denied on the phone at \d{1,2}:\d{2}( [AP]M)?: verify the caller another way/);

    await app.page.locator('[data-testid="factor-row"][data-factor-type="sms"]').getByTestId('row-reset-button').click();
    const reset = dialog('reset-factor-dialog');
    const notice = reset.getByTestId('failed-check-notice');
    await notice.waitFor(LIVE);
    expect(await notice.getAttribute('data-reason')).toBe('denied');
    expect(await notice.getByTestId('failed-check-words').textContent()).toMatch(/^Test push denied on the phone at \d{1,2}:\d{2}( [AP]M)?\. The test push passed at \d{1,2}:\d{2}( [AP]M)? no longer counts\.$/);
    expect(await reset.getByTestId('recent-verification').count()).toBe(0);
    expect(await reset.getByTestId('manual-verification-reason').textContent()).toContain('Verify the caller another way');
    const confirm = reset.getByTestId('confirm-reset');
    expect(await confirm.isDisabled()).toBe(true);
    await shoot('reset-after-denied-push');

    await reset.getByTestId('verification-method').click();
    await app.page.locator('.n-base-select-option').filter({ hasText: 'ID checked' }).click();
    expect(await confirm.isDisabled()).toBe(true);
    await reset.getByTestId('ticket-input').locator('input').fill('INC-5150');
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();
    await reset.getByTestId('reset-done').waitFor(LIVE);
    await reset.getByTestId('reset-close').click();

    const isaac = await userId('isaac@example.org');
    const resets = (await readJournal(app.dataDir, { userId: isaac })).records.filter((record) => record.action === 'reset_factor' && record.outcome === 'success');
    expect(resets.at(-1)?.callerVerification).toEqual({ method: 'id_check', automatic: false, ticket: 'INC-5150' });
  });
});
