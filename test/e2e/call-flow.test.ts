// A whole call from the keyboard in real Chromium on the browser shell, the sandbox org playing
// the caller's phone: find the caller (Ctrl+K), verify them with a test push, reset a factor from
// the next steps, copy the ticket note; then the "?" overlay, the History row of that push, and
// the copy buttons. Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { control } from '../core/history/support/journey';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Call flow E2E ${NO_CHROMIUM_MESSAGE}`);

/** Live states arrive through polling; a ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };
const SEARCH_SHORTCUT = process.platform === 'darwin' ? 'Meta+K' : 'Control+K';

interface WaitingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

/** The test id of the focused element, or its tag when it has none. */
function focused(page: Page): Promise<string> {
  return page.evaluate<string>(
    "(() => { const active = document.activeElement; return active?.closest('[data-testid]')?.getAttribute('data-testid') ?? active?.tagName.toLowerCase() ?? ''; })()",
  );
}

function clipboard(page: Page): Promise<string> {
  return page.evaluate<string>('navigator.clipboard.readText()');
}

describe.skipIf(!hasChromium)('a call from the keyboard', { timeout: 120_000 }, () => {
  const app = useBrowserShell({
    name: 'call-flow',
    // Isaac has Okta Verify (push) and SMS, nothing else, in either engine.
    sandbox: { users: 30 },
    agentName: 'mrossi',
    window: { permissions: ['clipboard-read', 'clipboard-write'] },
  });

  const org = <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => control<T>(app.sandbox, method, path, body);

  it('find → test push → reset → ticket note, without the mouse', async () => {
    const { page } = app;
    const keys = page.keyboard;

    // Find the caller: Ctrl/Cmd+K, type, arrow to Isaac Brock, Enter.
    await keys.press(SEARCH_SHORTCUT);
    await keys.type('isaac');
    await page.locator('[data-testid="search-results"][data-results-query="isaac"][aria-busy="false"]').waitFor(LIVE);
    const isaac = page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' });
    for (let step = 0; step < 20 && (await isaac.getAttribute('aria-selected')) !== 'true'; step++) await keys.press('ArrowDown');
    await keys.press('Enter');
    await page.getByTestId('user-name').filter({ hasText: 'Isaac Brock' }).waitFor(LIVE);
    await page.locator('[data-testid="factor-table"][data-loading="false"] [data-testid="factor-row"]').first().waitFor(LIVE);
    // The page took the focus, so single keys act on Isaac now.
    expect(await focused(page)).toBe('user-name');
    expect(await page.getByTestId('verify-button').getAttribute('aria-keyshortcuts')).toBe('V');
    expect((await page.getByTestId('verify-button').innerText()).replace(/\s+/g, ' ')).toContain('Verify caller V');

    // V: verify. Okta Verify is chosen and its Send button has the focus: Enter sends the push.
    await keys.press('v');
    const verify = page.getByTestId('verify-dialog');
    await verify.waitFor(LIVE);
    await expect.poll(() => focused(page), LIVE).toBe('send-push');
    await keys.press('Enter');
    const number = verify.getByTestId('push-number');
    await number.waitFor(LIVE);
    const isaacId = (await org<{ id: string }>('GET', '/api/v1/users/isaac%40example.org')).id;
    const [push] = await org<WaitingPush[]>('GET', `/sandbox/v1/users/${isaacId}/pushes`);
    await org('POST', `/sandbox/v1/pushes/${push?.transactionId}/approve`, { answer: Number(await number.textContent()) });
    await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('SUCCESS');

    // The next steps follow the success, the first of them focused: reset a factor, enroll one.
    const next = verify.getByTestId('next-steps');
    expect(await next.getByTestId('next-step').evaluateAll((steps) => steps.map((step) => step.getAttribute('data-step')))).toEqual(['reset-factor', 'enroll', 'issue-tac']);
    await expect.poll(() => focused(page), LIVE).toBe('next-step');
    await saveScreenshot(page, 'call-flow-verified-next-steps');
    await keys.press('Enter');
    // The menu of factors: arrow keys move, Enter picks.
    await page.getByTestId('next-step-choice').first().waitFor(LIVE);
    const highlighted = page.locator('.n-dropdown-option-body--pending');
    for (let step = 0; step < 5 && !(await highlighted.count() && (await highlighted.innerText()).includes('SMS')); step++) await keys.press('ArrowDown');
    expect(await highlighted.innerText()).toContain('SMS');
    await keys.press('Enter');

    // The reset opens for the same user and factor, the test push filled in; it starts on Cancel,
    // and only Tab to the red button and Enter resets.
    const reset = page.getByTestId('reset-factor-dialog');
    await reset.waitFor(LIVE);
    expect(await reset.getByTestId('reset-question').textContent()).toMatch(/^Remove SMS.* from Isaac Brock\?$/);
    await reset.getByTestId('recent-verification').waitFor(LIVE);
    await expect.poll(() => focused(page), LIVE).toBe('reset-cancel');
    await keys.press('Tab');
    expect(await focused(page)).toBe('confirm-reset');
    await keys.press('Enter');
    await reset.getByTestId('reset-done').waitFor(LIVE);
    expect(await reset.getByTestId('next-step').evaluateAll((steps) => steps.map((step) => step.getAttribute('data-step')))).toEqual(['enroll', 'issue-tac']);
    await expect.poll(() => focused(page), LIVE).toBe('next-step');
    await keys.press('Escape');
    await reset.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-testid="factor-row"][data-factor-type="sms"]').count(), LIVE).toBe(0);

    // R: reset all, where typing the login and pressing Enter does not reset anything.
    await page.getByTestId('user-name').focus();
    await keys.press('r');
    const resetAll = page.getByTestId('reset-all-dialog');
    await resetAll.waitFor(LIVE);
    await expect.poll(() => focused(page), LIVE).toBe('confirm-login-input');
    await keys.type('isaac@example.org');
    await keys.press('Enter');
    await page.waitForTimeout(500);
    expect(await resetAll.getByTestId('reset-done').count()).toBe(0);
    await keys.press('Escape');
    await resetAll.waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="factor-row"][data-factor-type="push"]').count()).toBe(1);

    // C: the ticket note of the call, on the clipboard.
    await page.getByTestId('user-name').focus();
    await keys.press('c');
    await page.getByTestId('show-ticket-note').waitFor(LIVE);
    const note = await clipboard(page);
    const lines = note.split('\n');
    expect(lines[0]).toBe('MFA help desk call: Isaac Brock');
    expect(lines[1]).toBe(`Caller: Isaac Brock (isaac@example.org, Okta user ${isaacId})`);
    expect(lines[2]).toMatch(/^When: \d{1,2} \w{3} \d{4}, \d{2}:\d{2}(–\d{2}:\d{2})? \S+$/);
    expect(lines[3]).toBe('Agent: mrossi');
    expect(note).toMatch(/How verified: test push approved on Okta Verify \(push\) on 'Isaac iPhone' at \d{2}:\d{2} \S+/);
    expect(note).toMatch(/- \d{2}:\d{2} \S+ {2}Test push sent to Okta Verify \(push\) on 'Isaac iPhone' with number matching: approved by the caller after \d+ s \(caller verified\)\n/);
    expect(note).toMatch(/- \d{2}:\d{2} \S+ {2}Reset SMS \(\+1•••1337\); caller verified by test push at \d{2}:\d{2} \S+\n/);
    // The phone number is masked as in the journal.
    expect(note).not.toContain('555-415-1337');
    expect(note).not.toContain('5554151337');
    // The same note is on screen under "Show".
    await page.getByTestId('show-ticket-note').click();
    await page.getByTestId('ticket-note-text').waitFor({ state: 'visible', ...LIVE });
    expect(await page.getByTestId('ticket-note-text').textContent()).toBe(note);
    await saveScreenshot(page, 'call-flow-ticket-note');
    await page.getByTestId('show-ticket-note').click();
    await page.getByTestId('ticket-note-text').waitFor({ state: 'hidden', ...LIVE });
  });

  it('"?" lists every shortcut; single keys are typing in a text field and do nothing under a dialog', async () => {
    const { page } = app;
    await page.getByTestId('user-name').focus();
    await page.keyboard.type('?');
    const overlay = page.getByTestId('shortcuts-dialog');
    await overlay.waitFor(LIVE);
    const rows = overlay.getByTestId('shortcut-row');
    const ids = await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-shortcut')).filter(Boolean));
    expect(ids).toEqual(['search', 'help', 'verify', 'enroll', 'reset', 'tac', 'refresh', 'ticket-note']);
    const text = (await overlay.innerText()).replace(/\s+/g, ' ');
    for (const words of ['V Verify the caller', 'E Enroll a factor', 'T Issue a temporary access code', 'F5 or Shift+R Refresh', 'C Copy the ticket note', 'Enter in a field never resets']) expect(text).toContain(words);
    await saveScreenshot(page, 'call-flow-shortcuts');
    // While it is open, V does not open a dialog behind it.
    await page.keyboard.press('v');
    expect(await page.getByTestId('verify-dialog').count()).toBe(0);
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });

    // In the search box, "v" is a letter of a name.
    await page.keyboard.press(SEARCH_SHORTCUT);
    await page.keyboard.type('v');
    expect(await page.getByTestId('user-search').inputValue()).toBe('v');
    expect(await page.getByTestId('verify-dialog').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('History shows the test push as one row that expands into its four steps', async () => {
    const { page } = app;
    const panel = page.getByTestId('history-panel');
    await panel.getByTestId('refresh-history').click();
    const row = panel.locator('[data-testid="history-entry"][data-action="test_push"]');
    await expect.poll(() => row.getAttribute('data-parts'), LIVE).toBe('4');
    expect(await row.getByTestId('history-summary').textContent()).toBe('Test push approved on the phone: caller verified');
    await row.getByTestId('row-toggle').click();
    const parts = row.getByTestId('row-part');
    expect(await parts.evaluateAll((items) => items.map((item) => `${item.getAttribute('data-source')}:${item.getAttribute('data-part')}`))).toEqual([
      'journal:started',
      'system_log:sent',
      'system_log:answered',
      'journal:result',
    ]);
    const reset = panel.locator('[data-testid="history-entry"][data-action="reset"]');
    expect(Number(await reset.getAttribute('data-parts'))).toBeGreaterThanOrEqual(2);
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'call-flow-history-row');
  });

  it('an enrollment offers to test the new factor at once (a wrong code first, its Okta error id copied); F5 refreshes the user, not the page', async () => {
    const { page } = app;
    const keys = page.keyboard;
    await page.getByTestId('user-name').focus();
    await keys.press('e');
    const enroll = page.getByTestId('enroll-dialog');
    await enroll.waitFor(LIVE);
    // The first type that can be enrolled has the focus; Tab walks the others.
    await expect.poll(() => focused(page), LIVE).toBe('catalog-option');
    const sms = enroll.locator('[data-testid="catalog-option"][data-factor-type="sms"]');
    for (let step = 0; step < 8 && !(await sms.evaluate((option) => option === option.ownerDocument.activeElement)); step++) await keys.press('Tab');
    await keys.press('Enter');
    await expect.poll(() => focused(page), LIVE).toBe('phone-input');
    await keys.press('ControlOrMeta+A');
    await keys.type('+1 555 415 1337');
    await keys.press('Enter');
    await enroll.getByTestId('code-sent-to').waitFor(LIVE);
    const [message] = await org<Array<{ code: string | null }>>('GET', `/sandbox/v1/outbox?to=${encodeURIComponent('+15554151337')}`);
    await expect.poll(() => focused(page), LIVE).toBe('code-input');
    // A wrong code first: Okta's error id, for a support ticket, copies with one click.
    const code = message?.code ?? '';
    await keys.type(code.replace(/^./, (digit) => String((Number(digit) + 1) % 10)));
    await keys.press('Enter');
    const error = enroll.getByTestId('error-notice');
    await error.waitFor(LIVE);
    const errorId = /error id (\S+)/.exec((await error.getByTestId('error-reference').textContent()) ?? '')?.[1];
    expect(errorId).toBeTruthy();
    await error.locator('[data-testid="copy-button"][data-copies="Okta error id"]').click();
    await expect.poll(() => clipboard(page)).toBe(errorId);
    await enroll.getByTestId('code-input').locator('input').focus();
    await keys.press('ControlOrMeta+A');
    await keys.type(code);
    await keys.press('Enter');
    await enroll.getByTestId('enroll-done').waitFor(LIVE);
    const next = enroll.getByTestId('next-step');
    expect(await next.getAttribute('data-step')).toBe('test-now');
    expect(await next.textContent()).toContain('Check a code now');
    await expect.poll(() => focused(page), LIVE).toBe('next-step');
    await keys.press('Enter');
    const verify = page.getByTestId('verify-dialog');
    await verify.getByTestId('verify-code').waitFor(LIVE);
    expect(await verify.getByTestId('verify-code').getAttribute('data-factor-type')).toBe('sms');
    await keys.press('Escape');
    await verify.waitFor({ state: 'detached' });

    // F5 asks Okta for the user again and keeps the console as it is (no reload).
    await page.evaluate('window.__stillThisPage = true');
    const userPage = page.getByTestId('user-page');
    const before = await userPage.getAttribute('data-fetched-at');
    await page.getByTestId('user-name').focus();
    await keys.press('F5');
    await expect.poll(() => userPage.getAttribute('data-fetched-at'), LIVE).not.toBe(before);
    expect(await page.evaluate('window.__stillThisPage === true')).toBe(true);
  });

  it('shows exact times beside relative ones, and copies the login and the user id', async () => {
    const { page } = app;
    const header = page.getByTestId('user-header');
    const created = (await header.locator('dd').filter({ has: page.getByTestId('exact-time') }).first().innerText()).replace(/\s+/g, ' ');
    expect(created).toMatch(/^\S.* · .*\d{1,2}:\d{2}.* [A-Z]{2,5}([+-]\d+)?$/);
    await header.locator('[data-testid="copy-button"][data-copies="user id"]').click();
    await expect.poll(() => clipboard(page)).toBe(await header.getByTestId('user-id').textContent());
    await header.locator('[data-testid="copy-button"][data-copies="login"]').click();
    await expect.poll(() => clipboard(page)).toBe('isaac@example.org');
  });
});
