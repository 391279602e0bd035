// "I lost my phone", taken from the keyboard alone in real Chromium on the browser shell: find the
// caller by the number on the agent's phone display, a test push, reset every factor and sign them
// out everywhere, a temporary access code read back, the ticket note copied. The test plays the
// caller (approving the push, signing in with the code) over the sandbox's HTTP API; everything the
// agent does is a key press. Run twice: in the practice org, and in a production org ("Acme",
// https://acme.okta.com, an API token) whose Okta client the test points at the same sandbox — the
// console sees a real org, so nothing of the loop may depend on the practice org.
// Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../main/core/audit';
import { OktaClient } from '../../main/core/okta';
import { filesUnder } from '../support/files-under';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell, type BrowserShell } from './support/browser-shell';
import { addApiTokenOrg } from './support/org-dialog';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Lost-phone call E2E ${NO_CHROMIUM_MESSAGE}`);

/** Live states arrive through polling; a ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };
const SEARCH_SHORTCUT = process.platform === 'darwin' ? 'Meta+K' : 'Control+K';
const ISAAC = 'isaac@example.org';
/** Isaac's mobile, as the agent's phone display shows the incoming call (his profile has "+1-555-415-1337"). */
const CALLER_ID = '(555) 415-1337';
const ACME_URL = 'https://acme.okta.com';

interface WaitingPush {
  transactionId: string;
  factorId: string;
}

interface SessionsView {
  sessions: unknown[];
  oauthTokens: unknown[];
  rememberedDevices: unknown[];
}

/** The test id of the focused element, or its tag when it has none. */
function focused(page: Page): Promise<string> {
  return page.evaluate<string>(
    "(() => { const active = document.activeElement; return active?.closest('[data-testid]')?.getAttribute('data-testid') ?? active?.tagName.toLowerCase() ?? ''; })()",
  );
}

/** Tab until the element with `testId` has the focus (a bounded walk: a focus trap or a missing control fails). */
async function tabTo(page: Page, testId: string, limit = 12): Promise<void> {
  for (let step = 0; step < limit && (await focused(page)) !== testId; step++) await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(testId);
}

/** The sandbox org's admin and control API, as the test (the caller's side) uses it. */
async function orgApi<T>(app: BrowserShell, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${app.sandbox.url}${path}`, {
    method,
    headers: { authorization: `SSWS ${app.sandbox.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * The whole call, from the keyboard. Answers what the test checks afterwards: Isaac's id, the
 * code shown on screen and the ticket note on the clipboard.
 */
async function takeLostPhoneCall(
  app: BrowserShell,
  shoot: (name: string) => Promise<void>,
  /** How the agent gets to the code after the reset: its next step, or Esc and T on the user's page. */
  tacFrom: 'next-step' | 'shortcut',
): Promise<{ isaacId: string; code: string; note: string }> {
  const { page } = app;
  const keys = page.keyboard;
  const isaacId = (await orgApi<{ id: string }>(app, 'GET', `/api/v1/users/${encodeURIComponent(ISAAC)}`)).id;
  const before = await orgApi<SessionsView>(app, 'GET', `/sandbox/v1/users/${isaacId}/sessions`);
  // Whoever has the phone is signed in somewhere: that is what the call must end.
  expect(before.sessions.length).toBeGreaterThan(0);
  expect(before.oauthTokens.length).toBeGreaterThan(0);

  // Caller ID: Ctrl/Cmd+K, the number as the phone display shows it, the match is first.
  await keys.press(SEARCH_SHORTCUT);
  await keys.type(CALLER_ID);
  await page.locator(`[data-testid="search-results"][data-results-query="${CALLER_ID}"][aria-busy="false"]`).waitFor(LIVE);
  const isaac = page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' });
  expect(await isaac.getByTestId('phone-match').textContent()).toBe('phone matches mobile');
  for (let step = 0; step < 20 && (await isaac.getAttribute('aria-selected')) !== 'true'; step++) await keys.press('ArrowDown');
  await keys.press('Enter');
  await page.getByTestId('user-name').filter({ hasText: 'Isaac Brock' }).waitFor(LIVE);
  await page.locator('[data-testid="factor-table"][data-loading="false"] [data-testid="factor-row"]').first().waitFor(LIVE);
  expect(await focused(page)).toBe('user-name');

  // V: a test push, Enter sends it; the caller approves it with the number on screen.
  await keys.press('v');
  const verify = page.getByTestId('verify-dialog');
  await verify.waitFor(LIVE);
  await expect.poll(() => focused(page), LIVE).toBe('send-push');
  await keys.press('Enter');
  const number = verify.getByTestId('push-number');
  await number.waitFor(LIVE);
  const [push] = await orgApi<WaitingPush[]>(app, 'GET', `/sandbox/v1/users/${isaacId}/pushes`);
  await orgApi(app, 'POST', `/sandbox/v1/pushes/${push?.transactionId}/approve`, { answer: Number(await number.textContent()) });
  await expect.poll(() => verify.getByTestId('push-status').getAttribute('data-state'), LIVE).toBe('SUCCESS');

  // Next: "Reset a factor ▾" has the focus; its menu ends with every factor at once.
  await expect.poll(() => focused(page), LIVE).toBe('next-step');
  await keys.press('Enter');
  await page.getByTestId('next-step-choice').first().waitFor(LIVE);
  const highlighted = page.locator('.n-dropdown-option-body--pending');
  for (let step = 0; step < 6 && !((await highlighted.count()) && (await highlighted.innerText()).startsWith('All ')); step++) await keys.press('ArrowDown');
  expect(await highlighted.innerText()).toBe('All 2 factors');
  await keys.press('Enter');

  // Reset all: the login typed, "Sign them out everywhere" on (Space would untick it: left alone), Tab to the red button.
  const reset = page.getByTestId('reset-all-dialog');
  await reset.waitFor(LIVE);
  await reset.getByTestId('recent-verification').waitFor(LIVE);
  await expect.poll(() => focused(page), LIVE).toBe('confirm-login-input');
  await keys.type(ISAAC);
  await tabTo(page, 'sign-out-everywhere');
  expect(await reset.getByTestId('sign-out-everywhere').getAttribute('aria-checked')).toBe('true');
  await tabTo(page, 'confirm-reset');
  await shoot('reset-and-seal');
  await keys.press('Enter');
  await reset.getByTestId('reset-done').waitFor(LIVE);
  await expect.poll(() => reset.getByTestId('sign-out-step').getAttribute('data-outcome'), LIVE).toBe('success');
  // Really gone at the org: sessions, the tokens apps held, remembered devices.
  expect(await orgApi<SessionsView>(app, 'GET', `/sandbox/v1/users/${isaacId}/sessions`)).toEqual({ userId: isaacId, sessions: [], oauthTokens: [], rememberedDevices: [] });

  // Next: enroll, or the code; T is the same from the user's page.
  expect(await reset.getByTestId('next-step').evaluateAll((steps) => steps.map((step) => step.getAttribute('data-step')))).toEqual(['enroll', 'issue-tac']);
  await expect.poll(() => focused(page), LIVE).toBe('next-step');
  if (tacFrom === 'next-step') {
    await keys.press('Tab');
    expect(await page.evaluate<string | null>("document.activeElement?.closest('[data-step]')?.getAttribute('data-step') ?? null")).toBe('issue-tac');
    await keys.press('Enter');
  } else {
    await keys.press('Escape');
    await reset.waitFor({ state: 'detached', ...LIVE });
    expect(await page.getByTestId('tac-button').getAttribute('aria-keyshortcuts')).toBe('T');
    expect((await page.getByTestId('tac-button').innerText()).replace(/\s+/g, ' ')).toContain('Temporary access code T');
    await keys.press('t');
  }

  // The code: the org's lifetimes, one hour chosen from the keyboard; single use (arrow keys move between the two, and back).
  const tac = page.getByTestId('tac-dialog');
  await tac.getByTestId('tac-ttl').waitFor(LIVE);
  await tac.getByTestId('recent-verification').waitFor(LIVE);
  await expect.poll(() => focused(page), LIVE).toBe('tac-ttl');
  await keys.press('Enter');
  const option = page.locator('.n-base-select-option');
  await option.first().waitFor(LIVE);
  const pending = page.locator('.n-base-select-option--pending');
  for (let step = 0; step < 12 && (await pending.innerText()) !== '1 hour'; step++) await keys.press('ArrowUp');
  await keys.press('Enter');
  await expect.poll(() => tac.getByTestId('tac-ttl').innerText(), LIVE).toBe('1 hour');
  await tabTo(page, 'tac-single-use');
  expect(await tac.getByTestId('tac-single-use').locator('input').isChecked()).toBe(true);
  await keys.press('ArrowDown');
  await expect.poll(() => tac.getByTestId('tac-multi-use').locator('input').isChecked(), LIVE).toBe(true);
  await keys.press('ArrowUp');
  await expect.poll(() => tac.getByTestId('tac-single-use').locator('input').isChecked(), LIVE).toBe(true);
  await tabTo(page, 'tac-issue');
  await shoot('tac-choices');
  await keys.press('Enter');

  // Shown once, the read-back field ready for what the caller reads back.
  await tac.getByTestId('tac-issued').waitFor(LIVE);
  expect(await tac.getByTestId('tac-issued-summary').textContent()).toMatch(/Valid until .* \(1 hour\), for one sign-in\./);
  const code = (await tac.getByTestId('tac-code').locator('.glyph').allTextContents()).join('');
  expect(code).toHaveLength(16);
  await expect.poll(() => focused(page), LIVE).toBe('tac-read-back');
  // Escape before the read-back does not throw the code away: it asks first.
  await keys.press('Escape');
  await tac.getByTestId('tac-close-confirm').waitFor(LIVE);
  expect(await tac.count()).toBe(1);
  await expect.poll(() => focused(page), LIVE).toBe('tac-read-back');
  // Copy is one Shift+Tab away (for a chat to the caller); Tab comes back to the read-back.
  await keys.press('Shift+Tab');
  expect(await focused(page)).toBe('tac-copy');
  await keys.press('Enter');
  await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()'), LIVE).toBe(code);
  await tabTo(page, 'tac-read-back');
  await keys.type(code.replace(/(.{4})(?=.)/g, '$1 '));
  await expect.poll(() => tac.getByTestId('tac-read-back-result').getAttribute('data-complete')).toBe('true');
  await shoot('tac-read-back');
  // Enter after a complete read-back closes: the code is gone from the screen.
  await keys.press('Enter');
  await tac.waitFor({ state: 'detached', ...LIVE });

  // C: the ticket note (the focus is back on the user's page, not in a field).
  await keys.press('c');
  await page.getByTestId('show-ticket-note').waitFor(LIVE);
  await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()'), LIVE).toMatch(/^MFA help desk call: Isaac Brock/);
  const note = await page.evaluate<string>('navigator.clipboard.readText()');
  return { isaacId, code, note };
}

/** What every run of the call must leave behind, and must not. */
async function checkTheCall(app: BrowserShell, { isaacId, code, note }: { isaacId: string; code: string; note: string }): Promise<void> {
  // The caller signs in with the code, at the org, as Okta's sign-in would take it.
  const authn = await fetch(`${app.sandbox.url}/api/v1/authn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username: ISAAC, password: code }),
  });
  const signedIn = (await authn.json()) as { status?: string; _embedded?: { user?: { id?: string } } };
  expect(signedIn.status).toBe('SUCCESS');
  expect(signedIn._embedded?.user?.id).toBe(isaacId);

  // The note names the verification, the reset, the sign-out and the code issued — never the code.
  expect(note).toContain(`Caller: Isaac Brock (${ISAAC}, Okta user ${isaacId})`);
  expect(note).toMatch(/How verified: test push approved on Okta Verify \(push\)/);
  const done = note.slice(note.indexOf('What was done:'));
  const lines = done.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.replace(/^- \d{2}:\d{2} \S+ {2}/, ''));
  expect(lines).toEqual([
    expect.stringMatching(/^Test push sent to Okta Verify \(push\) on 'Isaac iPhone' with number matching: approved by the caller after \d+ s \(caller verified\)$/),
    expect.stringMatching(/^Reset all factors \(2 factors: Okta Verify \(push\), SMS\); caller verified by test push at \d{2}:\d{2} \S+$/),
    'Signed the user out everywhere: Okta sessions ended, OAuth tokens revoked, remembered devices forgotten',
    expect.stringMatching(/^Issued a temporary access code \(single-use, 1 hour, valid until \d{2}:\d{2} \S+\); caller verified by test push at \d{2}:\d{2} \S+$/),
  ]);
  expect(note).not.toContain(code);
  expect(note).not.toContain('555-415-1337');

  // The journal has the whole call, one outcome per action, and nothing of the code.
  const records = (await readJournal(app.dataDir)).records.filter((record) => record.userId === isaacId);
  expect(records.filter((record) => record.outcome !== 'attempt').map((record) => `${record.action}:${record.outcome}`)).toEqual([
    'verify_start:sent',
    'verify_push:success',
    'reset_all_factors:success',
    'clear_sessions:success',
    'issue_tac:success',
  ]);
  for (const [path, text] of await filesUnder(app.dataDir)) expect(text.includes(code), path).toBe(false);
  expect(app.logs.join('\n')).not.toContain(code);
}

describe.skipIf(!hasChromium)('a "lost my phone" call from the keyboard, in the practice org', { timeout: 120_000 }, () => {
  const app = useBrowserShell({ name: 'lost-phone', sandbox: { users: 30 }, agentName: 'mrossi', window: { permissions: ['clipboard-read', 'clipboard-write'] } });

  it('caller ID → test push → reset all and sign out everywhere → temporary access code → ticket note, without the mouse', async () => {
    const call = await takeLostPhoneCall(app, (name) => saveScreenshot(app.page, `lost-phone-${name}`), 'next-step');
    await checkTheCall(app, call);
    expect(call.note).toContain('Org: Sandbox org (');
  });
});

describe.skipIf(!hasChromium)('the same call in a production org', { timeout: 120_000 }, () => {
  // Acme is a real org to the console (https, an API token, no phone dock, the red band); only its
  // Okta client, made by the shell, is pointed at the sandbox org so the test can play Okta.
  let sandboxUrl = '';
  const app = useBrowserShell({
    name: 'lost-phone-real-org',
    sandbox: { users: 30 },
    agentName: 'mrossi',
    window: { permissions: ['clipboard-read', 'clipboard-write'] },
    prepare: async ({ sandbox }) => {
      sandboxUrl = sandbox.url;
    },
    createClient: (org) => new OktaClient({ ...org, orgUrl: org.orgUrl === ACME_URL ? sandboxUrl : org.orgUrl }),
  });

  it('works the same from the keyboard: nothing of the loop belongs to the practice org', async () => {
    const { page } = app;
    // The agent connected Acme with an API token (setup, not the call).
    await addApiTokenOrg(page, { name: 'Acme', url: ACME_URL, token: app.sandbox.token });
    const band = page.getByTestId('org-band');
    await expect.poll(() => band.getAttribute('data-practice'), LIVE).toBeNull();
    expect(await band.getByTestId('org-band-label').textContent()).toBe('Production');
    await page.getByTestId('user-search').waitFor(LIVE);
    // No caller's phone in a real org: the test plays it over the org's API instead.
    expect(await page.getByTestId('phone-toggle').count()).toBe(0);
    expect(await page.getByTestId('phone-dock').count()).toBe(0);

    const call = await takeLostPhoneCall(app, (name) => saveScreenshot(page, `lost-phone-real-org-${name}`), 'shortcut');
    await checkTheCall(app, call);
    expect(call.note).toContain(`Org: Acme (${ACME_URL})`);
    const journal = (await readJournal(app.dataDir)).records.filter((record) => record.userId === call.isaacId);
    expect(new Set(journal.map((record) => record.orgUrl))).toEqual(new Set([ACME_URL]));
  });
});
