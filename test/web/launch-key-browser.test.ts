// What Chromium keeps of a launch address once it has been opened: the tab's history and address
// bar never show the key, and the key its History database does keep opens nothing any more.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSecretStore } from '../../main/core/secrets/session-store';
import { startWebShell, type WebShell } from '../../main/web/server';
import { CHROMIUM_PATH, hasChromium, launchChromium, NO_CHROMIUM_MESSAGE } from '../e2e/support/browser';

const title = hasChromium ? 'a launch address in Chromium' : `a launch address in Chromium (${NO_CHROMIUM_MESSAGE})`;

describe.skipIf(!hasChromium)(title, () => {
  let folder: string;
  let shell: WebShell;
  let browser: Browser;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'factordesk-launch-key-'));
    const rendererDir = join(folder, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>FactorDesk</title><div id="app">console</div>');
    shell = await startWebShell({ dataDir: join(folder, 'data'), rendererDir, secretStore: createSessionSecretStore(), agentName: 'test' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('leaves no key in the tab: address bar, history entries and Back all show the bare address', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const lengthBefore = await page.evaluate<number>('history.length');
    await page.goto(shell.newLaunchUrl());
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await page.locator('#app').innerText()).toBe('console');
    // One entry for the page, none for the keyed address the server redirected from.
    expect(await page.evaluate<number>('history.length')).toBe(lengthBefore + 1);
    const cdp = await context.newCDPSession(page);
    const { entries } = await cdp.send('Page.getNavigationHistory');
    expect(entries.map((entry) => entry.url)).toEqual(['about:blank', `${shell.origin}/`]);
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await page.goForward();
    expect(page.url()).toBe(`${shell.origin}/`);
    await page.reload(); // the session cookie, not the key, keeps the page open
    expect(await page.locator('#app').innerText()).toBe('console');
    await context.close();
  });

  it('refuses the same address in a second browser, and says why', async () => {
    const launchUrl = shell.newLaunchUrl();
    const first = await browser.newContext();
    await (await first.newPage()).goto(launchUrl);
    const second = await browser.newContext();
    const page = await second.newPage();
    const answer = await page.goto(launchUrl);
    expect(answer?.status()).toBe(403);
    expect(await page.locator('h1').innerText()).toBe('This address has already been used');
    expect(await page.locator('#app').count()).toBe(0);
    await first.close();
    await second.close();
  });

  it("keeps the key only in the profile's History database, where it is already spent", async () => {
    const profile = join(folder, 'profile');
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
    const launchUrl = shell.newLaunchUrl();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(launchUrl);
    expect(page.url()).toBe(`${shell.origin}/`);
    await context.close(); // flushes History

    // Chromium records the typed address (the redirect's start) in History: someone reading the profile later finds it...
    const historyDb = new DatabaseSync(join(profile, 'Default', 'History'), { readOnly: true });
    const recorded = (historyDb.prepare('SELECT url FROM urls').all() as { url: string }[]).map((row) => row.url);
    historyDb.close();
    const keyed = recorded.filter((url) => url.includes('key='));
    expect(keyed).toEqual([launchUrl]);
    // ...and it opens nothing.
    const thief = await browser.newContext();
    const stolen = await thief.newPage();
    expect((await stolen.goto(keyed[0] as string))?.status()).toBe(403);
    expect(await stolen.locator('h1').innerText()).toBe('This address has already been used');
    await thief.close();
  });
});
