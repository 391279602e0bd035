// `npm test` step: Doyensec's Electronegativity over FactorDesk's Electron code (main/electron and
// preload, scanned together so its global checks see the whole app). Any HIGH or MEDIUM finding
// fails the step, and so does a file it cannot parse (an unparsed file is an unscanned file).
// A finding we accept is justified where it is, with `eng-disable CHECK_ID` on the flagged line.
//
// It runs offline: Electronegativity fetches translations and Electron's release list on every
// run; here its HTTP client (got) answers "offline" at once, so nothing leaves the machine.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Finding {
  id: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  confidence: string;
  file: string;
  line: number;
  description: string;
  manualReview: boolean;
}

export interface ScanResult {
  findings: Finding[];
  /** Files Electronegativity could not parse. */
  unparsed: { file: string; message: string }[];
}

/** Checks left out, each with why; everything else Electronegativity has runs. */
export const EXCLUDED_CHECKS: Readonly<Record<string, string>> = {
  AvailableSecurityFixesGlobalCheck:
    "downloads Electron's release list, which this machine cannot reach; the Electron version is pinned in package-lock.json and follows npm's advisories.",
  CSPGlobalCheck:
    'the CSP is a response header the app:// handler sends (built in main/core/bridge/csp.ts), which this check cannot see: it only reads CSPs written literally into webRequest headers or <meta> tags. test/electron checks the header on every app:// answer.',
};

/** Folders of the repository that make up the Electron app. */
export const ELECTRON_SOURCES = ['main/electron', 'preload'];

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  description: string;
  severity: { name: Finding['severity'] };
  confidence: { name: string };
  manualReview?: boolean;
}
interface RunOptions {
  input: string;
  customScan: string[];
  excludeFromScan: string[];
  electronVersionOverride: string;
  isRelative: boolean;
  parserPlugins: string[];
}
type Run = (options: RunOptions, forCli: boolean) => Promise<{ issues: RawIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const require = createRequire(import.meta.url);

function offlineElectronegativity(): Run {
  const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = require.resolve('got', { paths: [packageDir] });
  const offline = Object.assign(() => Promise.reject(new Error('offline')), { head: () => Promise.reject(new Error('offline')) });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) } as unknown as NodeJS.Module;
  const runner = require(join(packageDir, 'dist', 'runner.js')) as { default?: Run } & Run;
  return runner.default ?? runner;
}

/** Scans these folders (relative to `base`) as one app. */
export async function scanElectronSource(base: string, folders: readonly string[]): Promise<ScanResult> {
  const staging = mkdtempSync(join(tmpdir(), 'factordesk-electronegativity-'));
  const quiet = console.log;
  try {
    for (const folder of folders) cpSync(join(base, folder), join(staging, folder), { recursive: true });
    const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    const run = offlineElectronegativity();
    // Only its network chatter goes to the console outside CLI mode; the findings come back as data.
    console.log = () => {};
    const result = await run(
      { input: staging, customScan: [], excludeFromScan: Object.keys(EXCLUDED_CHECKS), electronVersionOverride: electronVersion, isRelative: true, parserPlugins: [] },
      false,
    );
    return {
      findings: result.issues.map((issue) => ({
        id: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file,
        line: issue.location.line,
        description: issue.description,
        manualReview: issue.manualReview === true,
      })),
      unparsed: result.errors.filter((error) => !error.tolerable).map(({ file, message }) => ({ file: file.replace(`${staging}/`, ''), message })),
    };
  } finally {
    console.log = quiet;
    rmSync(staging, { recursive: true, force: true });
  }
}

export const isBlocking = (finding: Finding) => finding.severity === 'HIGH' || finding.severity === 'MEDIUM';

async function main(): Promise<void> {
  const { findings, unparsed } = await scanElectronSource(root, ELECTRON_SOURCES);
  for (const [check, why] of Object.entries(EXCLUDED_CHECKS)) console.log(`  not run: ${check}: ${why}`);
  for (const finding of findings) {
    const mark = isBlocking(finding) ? '✖' : finding.manualReview ? 'review' : 'note';
    console.log(`  ${mark} ${finding.severity} ${finding.id} ${finding.file}:${finding.line} ${finding.description}`);
  }
  for (const { file, message } of unparsed) console.log(`  ✖ could not parse ${file}: ${message}`);
  const blocking = findings.filter(isBlocking).length + unparsed.length;
  console.log(`electronegativity: ${ELECTRON_SOURCES.join(', ')}: ${blocking} blocking (HIGH, MEDIUM or unparsed), ${findings.length - findings.filter(isBlocking).length} lower`);
  if (blocking > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
