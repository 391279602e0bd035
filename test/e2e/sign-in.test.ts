// "Sign in with Okta" from the agent's side: real Chromium on the browser shell, the sandbox org's
// sign-in page in a new tab, back through the shell's loopback listener; then the agent's work is
// theirs in Okta's System Log, and no credential ever crosses the bridge or lands in a file.
// Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../support/files-under';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { signInOnOrgPage, useBrowserShell } from './support/browser-shell';
import { saveScreenshot } from './support/screenshots';

if (!hasChromium) console.warn(`Sign-in E2E ${NO_CHROMIUM_MESSAGE}`);

const LIVE = { timeout: 20_000 };
const SAM = 'sam.shaw@example.org';
/** Token-shaped text: a JWT (access or ID token), a private JWK member. */
const TOKEN_SHAPES = [/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}/, /"d"\s*:\s*"[A-Za-z0-9_-]{20,}"/, /refresh_token/i];

/** Everything the bridge carried: request bodies and answers of every /bridge/ call. */
function captureBridge(page: Page): string[] {
  const traffic: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/bridge/')) traffic.push(request.postData() ?? '');
  });
  page.on('response', (response: Response) => {
    if (!new URL(response.url()).pathname.startsWith('/bridge/') || response.url().includes('/bridge/events')) return;
    void response.text().then((text) => traffic.push(text), () => undefined);
  });
  return traffic;
}

async function secretOf(store: { get(account: string): Promise<string | null> }, account: string): Promise<string> {
  const text = await store.get(account);
  if (!text) throw new Error(`nothing kept under ${account}`);
  return (JSON.parse(text) as { secret: string }).secret;
}

describe.skipIf(!hasChromium)('signing in with Okta in the browser', { timeout: 90_000 }, () => {
  const app = useBrowserShell({ name: 'sign-in', sandbox: { users: 30 }, open: 'welcome', signIn: { login: SAM } });

  async function org<T>(path: string): Promise<T> {
    const response = await fetch(`${app.sandbox.url}${path}`, { headers: { authorization: `SSWS ${app.sandbox.token}`, accept: 'application/json' } });
    return (await response.json()) as T;
  }

  it('connects the sandbox org by signing in on its page in a new tab, then works as the agent', async () => {
    const { page, context } = app;
    const bridge = captureBridge(page);
    const tab = context.waitForEvent('page', LIVE);
    await page.getByTestId('use-sandbox').click();
    const signInTab = await tab;
    await page.getByTestId('sign-in-dialog').waitFor(LIVE);
    await saveScreenshot(page, 'sign-in-waiting');
    expect(new URL(signInTab.url()).origin).toBe(app.sandbox.url);
    const { signInPage, landing } = await signInOnOrgPage(signInTab, SAM);
    expect(signInPage).toContain('sam.shaw@example.org'); // the sandbox lists its practice agents
    expect(landing).toContain('You are signed in as Sam Shaw (sam.shaw@example.org). You can close this tab and return to FactorDesk.');

    await page.getByTestId('user-search').waitFor(LIVE);
    await page.getByTestId('sign-in-dialog').waitFor({ state: 'detached', ...LIVE });
    expect((await page.getByTestId('signed-in-agent').textContent())?.trim()).toBe('Sam Shaw');
    await page.getByTestId('signed-in-agent').click();
    expect(await page.getByTestId('signed-in-login').textContent()).toBe(SAM);
    await saveScreenshot(page, 'sign-in-agent');
    await page.keyboard.press('Escape');

    // Search works, and a reset is the agent's own in Okta's System Log.
    await page.getByTestId('user-search').fill('Isaac');
    await page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' }).first().click();
    const smsRow = page.locator('[data-testid="factor-row"][data-factor-type="sms"]');
    await smsRow.waitFor(LIVE);
    await smsRow.getByTestId('row-reset-button').click();
    const reset = page.getByTestId('reset-factor-dialog');
    const verification = reset.getByTestId('caller-verification');
    await verification.getByTestId('verification-method').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'ID checked' }).click();
    await verification.getByTestId('ticket-input').locator('input').fill('INC-500');
    await reset.getByTestId('confirm-reset').click();
    await reset.getByTestId('reset-done').waitFor(LIVE);
    await reset.getByTestId('reset-close').click();

    const isaac = await org<{ id: string }>('/api/v1/users/isaac@example.org');
    const events = await org<Array<{ actor: { alternateId: string; type: string }; client: { id?: string } }>>(
      `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.mfa.factor.deactivate" and target.id eq "${isaac.id}"`)}`,
    );
    expect(events.map((event) => event.actor)).toEqual([expect.objectContaining({ alternateId: SAM, type: 'User' })]);
    expect(events[0]?.client.id).toBe(app.sandbox.oauth.nativeClientId);

    // No credential crossed the bridge or reached a file: not the refresh token, not the DPoP key, nothing token-shaped.
    const refreshToken = (JSON.parse(await secretOf(app.sessionStore, 'sandbox:refresh-token')) as { refreshToken: string }).refreshToken;
    const dpopKey = JSON.parse(await secretOf(app.sessionStore, 'sandbox:dpop-key')) as { d: string };
    await expect.poll(() => bridge.length, LIVE).toBeGreaterThan(5);
    const files = await filesUnder(app.dataDir);
    for (const [where, text] of [...bridge.map((body, index) => [`bridge #${index}`, body] as const), ...files]) {
      expect(text, where).not.toContain(refreshToken);
      expect(text, where).not.toContain(dpopKey.d);
      for (const shape of TOKEN_SHAPES) expect(text, where).not.toMatch(shape);
    }
  });

  it('signs out from the header, and the workspace asks to sign in again', async () => {
    const { page } = app;
    await page.getByTestId('signed-in-agent').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor(LIVE);
    expect(await page.getByTestId('missing-token').textContent()).toContain('Sign in with Okta to work in Sandbox org');
    expect(await app.sessionStore.get('sandbox:refresh-token')).toBeNull();

    // Signing in again from the workspace.
    const tab = app.context.waitForEvent('page', LIVE);
    await page.getByTestId('sign-in').click();
    await signInOnOrgPage(await tab, 'remy.reed@example.org');
    await page.getByTestId('user-search').waitFor(LIVE);
    expect((await page.getByTestId('signed-in-agent').textContent())?.trim()).toBe('Remy Reed');
  });
});

describe.skipIf(!hasChromium)('a fresh sign-in before a risky action, in the browser', { timeout: 90_000 }, () => {
  // The desk's policy allows a 1-minute-old sign-in; the shell's clock moves on 2 minutes, so the
  // first sign-in is "old" by the time the agent resets (and back, for the fresh one).
  let clockOffsetMs = 0;
  const app = useBrowserShell({
    name: 'step-up',
    sandbox: { users: 30 },
    signIn: { login: SAM },
    policy: { stepUpMaxAgeMinutes: 1 },
    now: () => new Date(Date.now() + clockOffsetMs),
  });

  it('asks to sign in again before resetting all factors, then finishes the reset', async () => {
    const { page } = app;
    await page.getByTestId('user-search').fill('Isaac');
    await page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' }).first().click();
    await page.locator('[data-testid="factor-row"]').first().waitFor(LIVE);
    clockOffsetMs = 2 * 60_000;

    await page.getByTestId('reset-all-button').click();
    const reset = page.getByTestId('reset-all-dialog');
    await reset.getByTestId('confirm-login-input').locator('input').fill('isaac@example.org');
    const verification = reset.getByTestId('caller-verification');
    await verification.getByTestId('verification-method').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'ID checked' }).click();
    await verification.getByTestId('ticket-input').locator('input').fill('INC-501');
    await reset.getByTestId('confirm-reset').click();
    const notice = reset.getByTestId('error-notice');
    await notice.waitFor(LIVE);
    expect(await notice.getAttribute('data-code')).toBe('STEP_UP_REQUIRED');
    expect(await notice.textContent()).toContain('needs a recent sign-in');
    await saveScreenshot(page, 'step-up-asked');

    clockOffsetMs = 0;
    const tab = app.context.waitForEvent('page', LIVE);
    await reset.getByTestId('error-sign-in').click();
    const { signInPage } = await signInOnOrgPage(await tab, SAM);
    expect(signInPage).toContain('For your security, sign in again to continue.');
    await reset.getByTestId('reset-done').waitFor(LIVE);
    expect(await reset.getByTestId('reset-done').textContent()).toContain('removed from Isaac Brock');
  });
});

describe.skipIf(!hasChromium)('connecting with a service app in the browser', { timeout: 90_000 }, () => {
  const app = useBrowserShell({ name: 'service-app', sandbox: { users: 30 }, window: { permissions: ['clipboard-read', 'clipboard-write'] } });

  it('makes a key, shows its public JWK to paste into Okta, and then works as the app', async () => {
    const { page } = app;
    await page.getByTestId('edit-org').click();
    const dialog = page.getByTestId('org-dialog');
    await dialog.getByTestId('method-service').click();
    await dialog.getByTestId('create-service-key').click();
    const shown = dialog.getByTestId('service-public-key');
    await shown.waitFor(LIVE);
    const publicJwk = JSON.parse((await shown.textContent()) ?? '{}') as Record<string, string>;
    expect(publicJwk).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' });
    await dialog.getByTestId('copy-public-key').click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(JSON.stringify(publicJwk, null, 2));

    // The Okta admin creates the API service app with that key, its scopes and a role.
    const response = await fetch(`${app.sandbox.url}/sandbox/v1/apps`, {
      method: 'POST',
      headers: { authorization: `SSWS ${app.sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'service', name: 'Desk robot', jwks: { keys: [publicJwk] }, scopes: ['okta.users.read', 'okta.users.manage', 'okta.roles.read'], roles: ['HELP_DESK_ADMIN'] }),
    });
    const { clientId } = (await response.json()) as { clientId: string };
    await dialog.getByLabel('Client ID').fill(clientId);
    await dialog.getByTestId('scope-okta.roles.read').click();
    await saveScreenshot(page, 'service-app-dialog');
    await dialog.getByTestId('save-org').click();
    await dialog.waitFor({ state: 'detached', ...LIVE });

    await page.getByTestId('user-search').fill('isaac@example.org');
    await page.getByTestId('user-option').filter({ hasText: 'Isaac Brock' }).first().waitFor(LIVE);

    await page.getByTestId('edit-org').click();
    await page.getByTestId('test-connection').click();
    await page.getByTestId('connection-ok').waitFor(LIVE);
    expect(await page.getByTestId('power-actor').textContent()).toBe(`Service app ${clientId}`);
    expect(await page.getByTestId('power-roles').textContent()).toContain('Help Desk administrator — all users');
    expect(await page.getByTestId('power-system-log').getAttribute('data-level')).toBe('no');
    await saveScreenshot(page, 'service-app-power');
  });
});
