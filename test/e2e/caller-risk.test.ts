// The start of a help-desk call in real Chromium, on the browser shell with the sandbox org behind
// it: the caller found by the number on the phone display (three ways of writing it), the risk
// card on an attack in progress (seeded by the control API) and its absence on a quiet user, a
// high-risk reset that needs a second verification and a reason, unlocking with the lock reason,
// the band that says which org this is (practice or production), and the org picker held still
// while a dialog is open. Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../main/core/audit';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Caller and risk E2E ${NO_CHROMIUM_MESSAGE}`);

/** Ceilings for a stuck screen, not speed requirements. */
const LIVE = { timeout: 20_000 };
const POLL = { timeout: 20_000 };
const ISAAC = '00ub0oNGTSWTBKOLGLNR';

describe.skipIf(!hasChromium)('finding the caller and spotting an attack, in the browser', { timeout: 120_000 }, () => {
  const app = useBrowserShell({ name: 'caller-risk', sandbox: { users: 60 } });
  const shoot = (name: string) => saveScreenshot(app.page, `caller-risk-${name}`);
  const text = async (locator: Locator): Promise<string> => (await locator.textContent())?.replace(/\s+/g, ' ').trim() ?? '';
  /** A computed style of the element, read in the page (this file has no DOM types). */
  const styleOf = (locator: Locator, property: 'backgroundImage' | 'backgroundColor'): Promise<string> =>
    locator.evaluate((element, name) => (globalThis as unknown as { getComputedStyle(target: unknown): Record<string, string> }).getComputedStyle(element)[name] ?? '', property);

  async function org<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${app.sandbox.url}${path}`, {
      method,
      headers: { authorization: `SSWS ${app.sandbox.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    const raw = await response.text();
    return (raw ? JSON.parse(raw) : undefined) as T;
  }

  /** Type into the search box and wait until the results are this query's. */
  async function search(query: string): Promise<void> {
    await app.page.getByTestId('user-search').fill(query);
    await expect.poll(() => app.page.getByTestId('search-results').getAttribute('data-results-query'), POLL).toBe(query);
  }

  async function openUser(query: string, displayName: string): Promise<void> {
    await search(query);
    await app.page.getByTestId('user-option').filter({ hasText: displayName }).first().click();
    await expect.poll(() => app.page.getByTestId('user-name').textContent(), POLL).toBe(displayName);
    await app.page.locator('[data-testid="factor-table"][data-loading="false"]').waitFor(LIVE);
  }

  const pageRiskCard = () => app.page.locator('[data-testid="risk-card"][data-variant="page"]');
  const pageRiskClear = () => app.page.locator('[data-testid="risk-clear"][data-variant="page"]');

  it('finds Isaac Brock by the number on the phone display, however it is written, and says it matched his mobile', async () => {
    for (const typed of ['5554151337', '+1-555-415-1337', '(555) 415-1337']) {
      await search(typed);
      const first = app.page.getByTestId('user-option').first();
      expect(await text(first), typed).toContain('Isaac Brock');
      expect(await text(first.getByTestId('phone-match')), typed).toBe('phone matches mobile');
      expect(await first.getByTestId('phone-match').getAttribute('title')).toBe('+1-555-415-1337');
      expect(await text(app.page.getByTestId('phone-search-note'))).toBe('· phone searched as +15554151337');
    }
    await shoot('01-phone-search');
    // A name is searched as a name: no phone matching.
    await search('Isaac');
    expect(await app.page.getByTestId('phone-match').count()).toBe(0);
  });

  it('a quiet user has no risk card, one line saying so', async () => {
    await openUser('Dade', 'Dade Murphy');
    await pageRiskClear().waitFor(LIVE);
    expect(await text(pageRiskClear())).toContain('No signs of attack in the last 72 hours');
    expect(await pageRiskCard().count()).toBe(0);
  });

  it('an attack in progress: the card says so in plain words, and each signal opens its History entry', async () => {
    await org('POST', '/sandbox/v1/scenarios/attack', { userId: ISAAC });
    await openUser('isaac', 'Isaac Brock');
    const card = pageRiskCard();
    await card.waitFor(LIVE);
    expect(await card.getAttribute('data-level')).toBe('high');
    expect(await text(card.getByTestId('risk-headline'))).toBe('High risk: this account may be under attack right now');
    expect(await text(card.getByTestId('risk-rule'))).toContain('verify the caller a second way');
    const kinds = await card.getByTestId('risk-signal').evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['push_fatigue', 'suspicious_activity', 'anonymizer', 'new_country']));
    const fatigue = card.locator('[data-testid="risk-signal"][data-kind="push_fatigue"]');
    expect(await text(fatigue)).toMatch(/5 pushes denied in 7 minutes .*possible MFA fatigue attack/);
    expect(await text(fatigue)).toContain('Amsterdam, Netherlands · Example Anonymizer VPN (AS64511) · anonymizing proxy');
    expect(await text(card.locator('[data-testid="risk-signal"][data-kind="suspicious_activity"]'))).toContain('The user reported suspicious activity (a push they did not start)');
    await shoot('02-risk-card');

    await card.locator('[data-testid="risk-signal"][data-kind="suspicious_activity"]').getByTestId('risk-signal-history').click();
    const focused = app.page.locator('[data-testid="history-entry"][data-focused="true"]');
    await focused.waitFor(LIVE);
    expect(await focused.getAttribute('data-kind')).toBe('suspicious_activity');
    expect(await text(focused.getByTestId('history-summary'))).toBe('The user reported suspicious activity (a push they did not start from 203.0.113.77, Amsterdam, Netherlands)');
    await shoot('03-risk-signal-in-history');
  });

  it('a high-risk reset asks for a second, different verification and a reason, and journals them', async () => {
    await app.page.locator('[data-testid="factor-row"][data-factor-type="sms"]').getByTestId('row-reset-button').click();
    const dialog = app.page.getByTestId('reset-factor-dialog');
    await dialog.waitFor(LIVE);
    await dialog.locator('[data-testid="risk-card"][data-variant="dialog"][data-level="high"]').waitFor(LIVE);
    const confirm = dialog.getByTestId('confirm-reset');
    const second = dialog.getByTestId('second-verification');
    await second.waitFor(LIVE);

    const verification = dialog.getByTestId('caller-verification');
    await verification.getByTestId('verification-method').click();
    await app.page.locator('.n-base-select-option').filter({ hasText: 'ID checked' }).click();
    await verification.getByTestId('ticket-input').locator('input').fill('INC-5151');
    // The first menu has gone (it fades out), so the options listed next are the second select's.
    await expect.poll(() => app.page.locator('.n-base-select-option:visible').count(), POLL).toBe(0);
    // The first verification alone is not enough here.
    expect(await confirm.isDisabled()).toBe(true);

    await second.getByTestId('second-method').click();
    const menu = app.page.locator('.n-base-select-option:visible');
    await menu.first().waitFor(LIVE);
    const offered = (await menu.allTextContents()).map((option) => option.trim());
    expect(offered).toContain('Test push or code check that passed just now');
    expect(offered).not.toContain('ID checked');
    await menu.filter({ hasText: 'Manager confirmed by callback' }).click();
    await second.getByTestId('risk-reason').locator('textarea').fill('short');
    expect(await confirm.isDisabled()).toBe(true);
    const reason = 'Manager confirmed by phone: Isaac lost his phone, the pushes were not him';
    await second.getByTestId('risk-reason').locator('textarea').fill(reason);
    expect(await confirm.isDisabled()).toBe(false);
    await shoot('04-high-risk-reset');

    await confirm.click();
    await dialog.getByTestId('reset-done').waitFor(LIVE);
    const { records } = await readJournal(app.dataDir);
    const reset = records.find((record) => record.action === 'reset_factor' && record.outcome === 'success');
    expect(reset?.callerVerification).toMatchObject({ method: 'id_check', ticket: 'INC-5151' });
    expect(reset?.riskCheck).toMatchObject({ level: 'high', secondMethod: 'manager_callback', reason });
    await dialog.getByTestId('reset-close').click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('a temporary access code for the high-risk user asks the same second verification and reason', async () => {
    await app.page.getByTestId('tac-button').click();
    const dialog = app.page.getByTestId('tac-dialog');
    await dialog.locator('[data-testid="risk-card"][data-variant="dialog"][data-level="high"]').waitFor(LIVE);
    const issue = dialog.getByTestId('tac-issue');
    const second = dialog.getByTestId('second-verification');
    await second.waitFor(LIVE);

    const verification = dialog.getByTestId('caller-verification');
    await verification.getByTestId('verification-method').click();
    await app.page.locator('.n-base-select-option').filter({ hasText: 'ID checked' }).click();
    await verification.getByTestId('ticket-input').locator('input').fill('INC-5152');
    await expect.poll(() => app.page.locator('.n-base-select-option:visible').count(), POLL).toBe(0);
    expect(await issue.isDisabled()).toBe(true);

    await second.getByTestId('second-method').click();
    await app.page.locator('.n-base-select-option:visible').filter({ hasText: 'Manager confirmed by callback' }).click();
    const reason = 'Manager confirmed by phone: Isaac has no factor left and is travelling';
    await second.getByTestId('risk-reason').locator('textarea').fill(reason);
    expect(await issue.isDisabled()).toBe(false);
    await issue.click();
    await dialog.getByTestId('tac-issued').waitFor(LIVE);
    const code = (await dialog.getByTestId('tac-code').locator('.glyph').allTextContents()).join('');
    expect(code.length).toBeGreaterThan(0);

    const { records } = await readJournal(app.dataDir);
    const issued = records.find((record) => record.action === 'issue_tac' && record.outcome === 'success');
    expect(issued?.riskCheck).toMatchObject({ level: 'high', secondMethod: 'manager_callback', reason });
    expect(JSON.stringify(records)).not.toContain(code);
    await dialog.getByTestId('tac-done').click();
    await dialog.getByTestId('tac-close-confirm').waitFor(LIVE);
    await dialog.getByTestId('tac-done').click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('holds the org picker still while a dialog is open, saying why', async () => {
    const picker = app.page.getByTestId('org-picker');
    expect(await picker.locator('.n-base-selection--disabled').count()).toBe(0);
    await app.page.getByTestId('enroll-button').click();
    await app.page.getByTestId('enroll-dialog').waitFor(LIVE);
    await expect.poll(() => picker.locator('.n-base-selection--disabled').count(), POLL).toBe(1);
    expect(await text(app.page.getByTestId('org-picker-blocked'))).toBe('Close the open dialog first: it is working in this org.');
    await shoot('05-org-picker-held');
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('enroll-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => picker.locator('.n-base-selection--disabled').count(), POLL).toBe(0);
    expect(await app.page.getByTestId('org-picker-blocked').count()).toBe(0);
  });

  it('unlocks a locked-out user, saying why Okta locked them', async () => {
    const dade = await org<{ id: string }>('GET', '/api/v1/users/dade.murphy%40example.org');
    await org('POST', '/sandbox/v1/scenarios/lockout', { userId: dade.id });
    await openUser('Dade', 'Dade Murphy');
    const notice = app.page.getByTestId('lockout-notice');
    await notice.getByTestId('lockout-reason').waitFor(LIVE);
    const reason = await text(notice.getByTestId('lockout-reason'));
    expect(reason).toMatch(/^Locked at .+ after 10 wrong passwords \(.+\) from 192\.0\.2\.10 · San Francisco, United States/);
    await shoot('06-locked-out');

    await notice.getByTestId('unlock-button').click();
    const dialog = app.page.getByTestId('unlock-dialog');
    await dialog.waitFor(LIVE);
    expect(await text(dialog.getByTestId('unlock-reason'))).toBe(reason);
    await dialog.getByTestId('confirm-unlock').click();
    await dialog.getByTestId('unlock-done').waitFor(LIVE);
    expect(await text(dialog.getByTestId('unlock-done'))).toContain('Okta says ACTIVE');
    // The next step: check the caller's factor works now (or enroll one).
    const next = dialog.locator('[data-testid="next-steps"][data-outcome="unlocked"]');
    await next.waitFor(LIVE);
    expect(await next.locator('[data-testid="next-step"][data-step="enroll"]').count()).toBe(1);
    await dialog.getByTestId('unlock-close').click();
    await notice.waitFor({ state: 'detached', ...LIVE });
    expect((await org<{ status: string }>('GET', `/api/v1/users/${dade.id}`)).status).toBe('ACTIVE');
    const { records } = await readJournal(app.dataDir);
    expect(records.filter((record) => record.action === 'unlock_user')).toEqual([expect.objectContaining({ outcome: 'success', userId: dade.id })]);
  });

  it('marks the practice org unmistakably, and a production org with its colour and label', async () => {
    const band = app.page.getByTestId('org-band');
    expect(await band.getAttribute('data-practice')).toBe('true');
    expect(await text(band.getByTestId('org-band-label'))).toBe('Practice org — not real users');
    const stripes = await styleOf(band, 'backgroundImage');
    expect(stripes).toContain('repeating-linear-gradient');

    // A real org: red "Production" until someone chooses otherwise.
    await app.page.getByTestId('add-org').click();
    const dialog = app.page.getByTestId('org-dialog');
    await dialog.waitFor(LIVE);
    await app.page.getByLabel('Org name').fill('Acme');
    await app.page.getByLabel('Org URL').fill('https://acme.okta.com');
    await dialog.getByTestId('method-ssws').click();
    await app.page.getByLabel('API token', { exact: true }).fill('placeholder-token-for-the-band-test');
    expect(await text(dialog.getByTestId('band-preview').locator('strong'))).toBe('Production');
    await dialog.getByTestId('save-org').click();
    await dialog.waitFor({ state: 'detached', ...LIVE });
    await expect.poll(() => band.getAttribute('data-color'), POLL).toBe('#c62828');
    expect(await band.getAttribute('data-practice')).toBeNull();
    expect(await text(band.getByTestId('org-band-label'))).toBe('Production');
    expect(await text(band.getByTestId('org-band-org'))).toBe('Acme · acme.okta.com');
    const red = await styleOf(band, 'backgroundColor');
    expect(red).toBe('rgb(198, 40, 40)');
    await shoot('07-production-band');

    // Its colour and label are the agent's to set, in the connection dialog.
    await app.page.getByTestId('edit-org').click();
    await dialog.waitFor(LIVE);
    await dialog.getByTestId('band-color-blue').click();
    await dialog.getByTestId('band-label').locator('input').fill('Staging');
    await dialog.getByTestId('save-org').click();
    await dialog.waitFor({ state: 'detached', ...LIVE });
    await expect.poll(() => text(band.getByTestId('org-band-label')), POLL).toBe('Staging');
    expect(await band.getAttribute('data-color')).toBe('#1565c0');
    await shoot('08-staging-band');

    // Back to the practice org: the striped band again.
    await app.page.getByTestId('org-picker').click();
    await app.page.locator('.n-base-select-option').filter({ hasText: 'Sandbox org' }).click();
    await expect.poll(() => band.getAttribute('data-practice'), POLL).toBe('true');
  });
});
