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
import { control, runJourney, type Journey } from '../core/history/support/journey';
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

  it('tells the story on one timeline with source badges, a status strip, and the raw event on demand', async () => {
    const panel = app.page.getByTestId('history-panel');
    const entries = panel.getByTestId('history-entry');
    await panel.getByTestId('history-end').waitFor(LIVE);
    const summaries = await panel.getByTestId('history-summary').allTextContents();
    // Newest first: the re-enrollment on the Pixel is at the top, the first enrollment at the bottom.
    expect(summaries.findIndex((text) => text.includes("enrolled on 'Dade Pixel' (Android 14)"))).toBeLessThan(
      summaries.findIndex((text) => text === 'Push denied on the phone'),
    );
    expect(summaries.findIndex((text) => text === 'Push denied on the phone')).toBeLessThan(
      summaries.findIndex((text) => text.includes("enrolled on 'Dade iPhone' (iOS 17.4)")),
    );
    // Identity Engine: the device's code and FastPass went with the push, and the journal says which.
    expect(summaries).toContainEqual(
      expect.stringMatching(/^Okta Verify \(push\) reset by the helpdesk \(agent: jdoe\); caller verified by id check \(ticket INC-1337\) \(Okta also removed Okta Verify \(code\) ost\w{17}, Okta FastPass crp\w{17}\)$/),
    );
    const sources = new Set(await panel.getByTestId('history-source').allTextContents());
    expect([...sources].map((text) => text.trim()).sort()).toEqual(['Helpdesk journal', 'Observed', 'System Log']);
    await expect.poll(() => panel.getByTestId('system-log-notice').count()).toBe(0);

    // One lane for Okta Verify (push, code and FastPass of a device): enrolled, active, challenged, reset, re-enrolled, active now.
    const strip = panel.getByTestId('factor-strip');
    expect(await strip.count()).toBe(1);
    expect(await strip.textContent()).toContain('Okta Verify');
    expect(await strip.getAttribute('data-state')).toBe('active');
    for (const kind of ['enrolled', 'challenge', 'verified', 'denied', 'reset', 're_enrolled']) {
      expect(await strip.locator(`[data-kind="${kind}"]`).count(), kind).toBeGreaterThan(0);
    }

    const denied = entries.filter({ hasText: 'Push denied on the phone' }).filter({ hasText: 'System Log' }).first();
    await denied.getByTestId('raw-toggle').click();
    const raw = JSON.parse((await denied.getByTestId('raw-event').textContent()) ?? '{}') as { eventType?: string };
    expect(raw.eventType).toBe('user.mfa.okta_verify.deny_push');
    await shootPanel('history');
    await denied.getByTestId('raw-toggle').click();
  });

  it('filters by event kind and exports what is shown as CSV and JSON', async () => {
    const panel = app.page.getByTestId('history-panel');
    await panel.getByTestId('filter-kind').click();
    await app.page.locator('.n-base-select-option').filter({ hasText: /^Denied$/ }).click();
    await app.page.keyboard.press('Escape');
    await expect.poll(() => panel.getByTestId('history-entry').count()).toBe(2);
    expect(await panel.getByTestId('history-count').textContent()).toMatch(/^\s*2 of \d+\s*$/);
    const shown = await panel.getByTestId('history-summary').allTextContents();

    const [csvDownload] = await Promise.all([app.page.waitForEvent('download'), panel.getByTestId('export-csv').click()]);
    expect(csvDownload.suggestedFilename()).toMatch(new RegExp(`^factordesk-history-${journey.userId}-\\d{8}T\\d{6}Z\\.csv$`));
    const csv = await readFile((await csvDownload.path()) ?? '', 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,source,factor,factorId,factorType,kind,outcome,actor,summary,id');
    expect(lines.slice(1).map((line) => line.split(',')[8])).toEqual(shown);

    const [jsonDownload] = await Promise.all([app.page.waitForEvent('download'), panel.getByTestId('export-json').click()]);
    const document = JSON.parse(await readFile((await jsonDownload.path()) ?? '', 'utf8')) as { entries: Array<{ summary: string; kind: string }>; filters: unknown };
    expect(document.entries.map((entry) => entry.summary)).toEqual(shown);
    expect(document.filters).toEqual({ factorIds: [], kinds: ['denied'], outcomes: [], sources: [] });
    await shootPanel('history-filtered');

    await panel.getByTestId('filter-kind').locator('.n-base-clear').click();
    await expect.poll(() => panel.getByTestId('history-entry').count()).toBeGreaterThan(10);
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
