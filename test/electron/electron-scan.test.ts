// The Electronegativity gate `npm test` runs: it finds what it should in known-bad code, honours a
// justified `eng-disable`, fails on code it cannot parse, and passes FactorDesk's own sources.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_SOURCES, isBlocking, scanElectronSource } from '../../scripts/scan-electron';

const root = resolve(import.meta.dirname, '../..');
let fixtures: string;

/** Guards the scanner's global checks look for, so each fixture shows only its own problem. */
const GUARDS = `import { app, session } from 'electron';
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
`;

async function fixture(name: string, source: string): Promise<string> {
  const dir = join(fixtures, name);
  await mkdir(join(dir, 'main/electron'), { recursive: true });
  await writeFile(join(dir, 'main/electron/guards.ts'), GUARDS);
  await writeFile(join(dir, 'main/electron/window.ts'), source);
  return dir;
}

beforeAll(async () => {
  fixtures = await mkdtemp(join(tmpdir(), 'factordesk-scan-'));
});

afterAll(async () => {
  await rm(fixtures, { recursive: true, force: true });
});

describe('the Electronegativity gate', () => {
  it('counts webPreferences built by a helper as missing (HIGH and MEDIUM)', async () => {
    const dir = await fixture(
      'helper',
      `import { BrowserWindow, type WebPreferences } from 'electron';
function securePreferences(): WebPreferences {
  return { contextIsolation: true, sandbox: true, disableBlinkFeatures: 'Auxclick' };
}
export const open = (): BrowserWindow => new BrowserWindow({ webPreferences: securePreferences() });
`,
    );
    const { findings } = await scanElectronSource(dir, ['main/electron']);
    const blocking = findings.filter(isBlocking).map((finding) => `${finding.severity} ${finding.id}`);
    expect(blocking).toEqual(expect.arrayContaining(['HIGH CONTEXT_ISOLATION_JS_CHECK', 'MEDIUM SANDBOX_JS_CHECK', 'MEDIUM AUXCLICK_JS_CHECK']));
  }, 60_000);

  it('passes the same options written as one literal', async () => {
    const dir = await fixture(
      'literal',
      `import { BrowserWindow } from 'electron';
export const open = (): BrowserWindow =>
  new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
`,
    );
    const { findings, unparsed } = await scanElectronSource(dir, ['main/electron']);
    expect(findings.filter(isBlocking)).toEqual([]);
    expect(unparsed).toEqual([]);
  }, 60_000);

  it('flags openExternal with a variable, unless the line carries a justified eng-disable', async () => {
    const flagged = await fixture('open-external', `import { shell } from 'electron';\nexport const open = (href: string) => shell.openExternal(href);\n`);
    expect((await scanElectronSource(flagged, ['main/electron'])).findings.map((finding) => finding.id)).toContain('OPEN_EXTERNAL_JS_CHECK');
    const justified = await fixture(
      'open-external-justified',
      `import { shell } from 'electron';\n// checked by the caller\nexport const open = (href: string) => shell.openExternal(href); // eng-disable OPEN_EXTERNAL_JS_CHECK\n`,
    );
    expect((await scanElectronSource(justified, ['main/electron'])).findings).toEqual([]);
  }, 60_000);

  it('reports a file it cannot parse, so no file goes unscanned', async () => {
    const dir = await fixture('broken', 'export const = = ;\n');
    expect((await scanElectronSource(dir, ['main/electron'])).unparsed).toEqual([{ file: 'main/electron/window.ts', message: expect.any(String) }]);
  }, 60_000);

  it("finds no HIGH or MEDIUM issue in FactorDesk's Electron code", async () => {
    const { findings, unparsed } = await scanElectronSource(root, ELECTRON_SOURCES);
    expect(unparsed).toEqual([]);
    expect(findings.filter(isBlocking)).toEqual([]);
  }, 60_000);
});
