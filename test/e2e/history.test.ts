// The History view in real Chromium on the browser shell. The user's story is made first for real
// (enroll on an iPhone, test push approved and denied, reset, re-enroll on a Pixel) through the core
// against the sandbox org, on the same data folder the shell then serves.
// Needs the built renderer (`npx electron-vite build`, which `npm test` runs first).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../contract';
import { createCore } from '../../main/core/core';
import { createSessionSecretStore } from '../../main/core/secrets/session-store';
import { call } from '../core/orgs/core-harness';
import { control, runJourney, userSignsInWithPush, type Journey } from '../core/history/support/journey';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { useBrowserShell } from './support/browser-shell';
import { SCREENSHOT_DIR } from './support/screenshots';

/** A ceiling for a stuck UI, not a speed requirement. */
const LIVE = { timeout: 20_000 };

if (!hasChromium) console.warn(`History E2E ${NO_CHROMIUM_MESSAGE}`);

describe.skipIf(!hasChromium)('history view in the browser', { timeout: 120_000 }, () => {
  let journey: Journey;
  const app = useBrowserShell({
    name: 'history',
    sandbox: { users: 30 },
    agentName: 'jdoe',
    window: { acceptDownloads: true },
    // The story, made through the core with the agent "jdoe", on the data folder the shell then serves.
    async prepare({ dataDir, sandbox, startSandbox }) {
      const events: EventEnvelope[] = [];
      const core = createCore({
        dataDir,
        secretStore: createSessionSecretStore(),
        agentName: 'jdoe',
        emit: (_clientId, envelope) => events.push(envelope),
        startSandbox,
      });
      await call(core, 'connectSandbox', {});
      journey = await runJourney(core, events, sandbox);
      // Then Dade signs in on his own with the new phone: a push the desk had nothing to do with.
      await userSignsInWithPush(sandbox, journey.login, journey.userId, journey.secondFactorId);
      await core.close();
    },
  });

  beforeAll(async () => {
    const search = app.page.getByTestId('user-search');
    await search.fill('Dade');
    await app.page.getByTestId('user-option').filter({ hasText: 'Dade Murphy' }).first().click();
    await app.page.getByTestId('user-name').filter({ hasText: 'Dade Murphy' }).waitFor(LIVE);
  });

  /** The whole panel: the window is made tall enough for it (it scrolls inside the workspace otherwise). */
  async function shootPanel(name: string): Promise<void> {
    const panel = app.page.getByTestId('history-panel');
    const height = Math.ceil((await panel.boundingBox())?.height ?? 900);
    await app.page.setViewportSize({ width: 1360, height: Math.min(4000, height + 400) });
    // No focus ring left over from the last click in the picture.
    await app.page.evaluate('document.activeElement && document.activeElement.blur()');
    await app.page.mouse.move(0, 0);
    await panel.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
    await app.page.setViewportSize({ width: 1360, height: 900 });
  }

  it('tells the story one row per action, with source badges, a status strip, and each action\'s steps and raw events on demand', async () => {
    const panel = app.page.getByTestId('history-panel');
    const rows = panel.getByTestId('history-entry');
    await panel.getByTestId('history-end').waitFor(LIVE);
    const summaries = await panel.getByTestId('history-summary').allTextContents();
    // The desk's part of the story in five rows, newest first: the re-enrollment on the Pixel first, the first enrollment last.
    const deskRows = await rows.evaluateAll((items) => items.filter((item) => item.getAttribute('data-desk')).map((item) => item.getAttribute('data-action')));
    expect(deskRows).toEqual(['enrollment', 'reset', 'test_push', 'test_push', 'enrollment']);
    // Dade's own sign-in afterwards (its push, and the sign-in itself with where from) is not the desk's, and stays apart at the top.
    expect(await rows.first().getAttribute('data-desk')).toBeNull();
    const firstDesk = await rows.evaluateAll((items) => items.findIndex((item) => item.getAttribute('data-desk')));
    expect(summaries.slice(0, firstDesk)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Push (approved|sent)/), expect.stringMatching(/^Signed in from 127\.0\.0\.1 · San Francisco, United States/)]),
    );
    const pixel = summaries.findIndex((text) => text === "Okta Verify (push) on 'Dade Pixel' (Android 14) activated, seen by the helpdesk");
    const denied = summaries.findIndex((text) => text === 'Test push denied on the phone');
    const iphone = summaries.findIndex((text) => text === "Okta Verify (push) on 'Dade iPhone' (iOS 17.4) activated, seen by the helpdesk");
    expect(pixel).toBeGreaterThanOrEqual(0);
    expect(pixel).toBeLessThan(denied);
    expect(denied).toBeLessThan(iphone);
    // Identity Engine: the device's code and FastPass went with the push, and the journal says which.
    expect(summaries).toContainEqual(
      expect.stringMatching(/^Okta Verify \(push\) reset by the helpdesk \(agent: jdoe\); caller verified by id check \(ticket INC-1337\) \(Okta also removed Okta Verify \(code\) ost\w{17}, Okta FastPass crp\w{17}\)$/),
    );
    const sources = new Set(await panel.getByTestId('history-source').allTextContents());
    expect([...sources].map((text) => text.trim()).sort()).toEqual(['Helpdesk journal', 'Observed', 'System Log']);
    await expect.poll(() => panel.getByTestId('system-log-notice').count()).toBe(0);

    // One row per test push, not four: started and verified by the desk, sent and answered at Okta.
    const pushRows = rows.and(panel.locator('[data-action="test_push"]'));
    expect(await pushRows.count()).toBe(2);
    const deniedRow = pushRows.filter({ hasText: 'Test push denied on the phone' });
    expect(await deniedRow.getAttribute('data-parts')).toBe('4');
    for (const text of ['Helpdesk journal', 'System Log']) expect(await deniedRow.getByTestId('history-source').filter({ hasText: text }).count()).toBe(1);
    await deniedRow.getByTestId('row-toggle').click();
    const parts = deniedRow.getByTestId('row-part');
    expect(await parts.evaluateAll((items) => items.map((item) => `${item.getAttribute('data-source')}:${item.getAttribute('data-part')}`))).toEqual([
      'journal:started',
      'system_log:sent',
      'system_log:answered',
      'journal:result',
    ]);
    expect(await parts.nth(2).getByTestId('row-part-summary').textContent()).toContain('Push denied on the phone');
    await parts.nth(2).getByTestId('raw-toggle').click();
    const raw = JSON.parse((await parts.nth(2).getByTestId('raw-event').textContent()) ?? '{}') as { eventType?: string };
    expect(raw.eventType).toBe('user.mfa.okta_verify.deny_push');

    // The reset: the desk's record, and Okta's deactivations and the listing's removals of the device's push, code and FastPass (Identity Engine).
    const resetRow = rows.and(panel.locator('[data-action="reset"]'));
    expect(await resetRow.getAttribute('data-parts')).toBe('7');
    expect(new Set((await resetRow.getByTestId('history-source').allTextContents()).map((text) => text.trim()))).toEqual(
      new Set(['System Log', 'Helpdesk journal', 'Observed']),
    );

    // One lane for Okta Verify (push, code and FastPass of a device): enrolled, active, challenged, reset, re-enrolled, active now.
    const strip = panel.getByTestId('factor-strip');
    expect(await strip.count()).toBe(1);
    expect(await strip.textContent()).toContain('Okta Verify');
    expect(await strip.getAttribute('data-state')).toBe('active');
    for (const kind of ['enrolled', 'challenge', 'verified', 'denied', 'reset', 're_enrolled']) {
      expect(await strip.locator(`[data-kind="${kind}"]`).count(), kind).toBeGreaterThan(0);
    }
    await shootPanel('history');
    await deniedRow.getByTestId('row-toggle').click();
  });

  it('filters by event kind and exports what is shown as CSV and JSON', async () => {
    const panel = app.page.getByTestId('history-panel');
    await panel.getByTestId('filter-kind').click();
    await app.page.locator('.n-base-select-option').filter({ hasText: /^Denied$/ }).click();
    await app.page.keyboard.press('Escape');
    // The desk's record of the denied push and Okta's: one row, two parts.
    await expect.poll(() => panel.getByTestId('history-entry').count()).toBe(1);
    expect(await panel.getByTestId('history-entry').getAttribute('data-parts')).toBe('2');
    expect(await panel.getByTestId('history-count').textContent()).toMatch(/^\s*1 of \d+\s*$/);

    const [csvDownload] = await Promise.all([app.page.waitForEvent('download'), panel.getByTestId('export-csv').click()]);
    expect(csvDownload.suggestedFilename()).toMatch(new RegExp(`^factordesk-history-${journey.userId}-\\d{8}T\\d{6}Z\\.csv$`));
    const csv = await readFile((await csvDownload.path()) ?? '', 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,source,factor,factorId,factorType,kind,outcome,actor,summary,id');
    expect(lines.slice(1).map((line) => line.split(',')[8]).sort()).toEqual(['Push denied on the phone', 'Test push denied on the phone']);

    const [jsonDownload] = await Promise.all([app.page.waitForEvent('download'), panel.getByTestId('export-json').click()]);
    const document = JSON.parse(await readFile((await jsonDownload.path()) ?? '', 'utf8')) as { entries: Array<{ summary: string; kind: string; group?: { key: string } }>; filters: unknown };
    expect(document.entries.map((entry) => entry.summary).sort()).toEqual(['Push denied on the phone', 'Test push denied on the phone']);
    // Both are parts of one action, and the export says so.
    expect(new Set(document.entries.map((entry) => entry.group?.key)).size).toBe(1);
    expect(document.filters).toEqual({ factorIds: [], kinds: ['denied'], outcomes: [], sources: [] });
    await shootPanel('history-filtered');

    await panel.getByTestId('filter-kind').locator('.n-base-clear').click();
    await expect.poll(() => panel.getByTestId('history-entry').count()).toBeGreaterThan(5);
  });

  it('"Desk actions" shows what this desk did with Okta\'s echoes of it, and exports the same', async () => {
    const panel = app.page.getByTestId('history-panel');
    const everything = await panel.getByTestId('history-entry').count();
    await panel.getByTestId('preset-desk').click();
    await expect.poll(() => panel.getByTestId('history-entry').count()).toBeLessThan(everything);
    const rows = panel.getByTestId('history-entry');
    expect(await rows.evaluateAll((items) => items.every((item) => item.getAttribute('data-desk') === 'true'))).toBe(true);
    expect(await rows.and(panel.locator('[data-action="test_push"]')).count()).toBe(2);
    expect(await panel.getByTestId('history-count').textContent()).toMatch(new RegExp(`^\\s*\\d+ of ${everything}\\s*$`));
    const [jsonDownload] = await Promise.all([app.page.waitForEvent('download'), panel.getByTestId('export-json').click()]);
    const document = JSON.parse(await readFile((await jsonDownload.path()) ?? '', 'utf8')) as { entries: Array<{ source: string; group?: { desk: boolean } }>; filters: unknown };
    expect(document.filters).toEqual({ factorIds: [], kinds: [], outcomes: [], sources: [], deskActions: true });
    expect(document.entries.every((entry) => entry.source === 'journal' || entry.group?.desk === true)).toBe(true);
    await shootPanel('history-desk-actions');
    await panel.getByTestId('preset-all').click();
    await expect.poll(() => panel.getByTestId('history-entry').count()).toBe(everything);
  });

  it('says in one line when the token cannot read the System Log and still shows the local sources', async () => {
    const panel = app.page.getByTestId('history-panel');
    await control(app.sandbox, 'POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 403, paths: '^/api/v1/logs' });
    try {
      await panel.getByTestId('refresh-history').click();
      const notice = panel.getByTestId('system-log-notice');
      await notice.waitFor(LIVE);
      expect((await notice.textContent())?.trim()).toBe("This connection can't read the System Log; showing what FactorDesk recorded.");
      await panel.getByTestId('history-end').waitFor(LIVE);
      const sources = new Set((await panel.getByTestId('history-source').allTextContents()).map((text) => text.trim()));
      expect([...sources].sort()).toEqual(['Helpdesk journal', 'Observed']);
      await shootPanel('history-no-system-log');
    } finally {
      await control(app.sandbox, 'DELETE', '/sandbox/v1/faults');
    }
  });
});
