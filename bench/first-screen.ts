// Benchmark (not a test): how much JavaScript the first screen loads, gzipped. Run by `npm run bench`
// (bench/run.ts), or alone with `npx tsx bench/first-screen.ts`: progress on stderr, one JSON line
// last on stdout.
//
// The renderer is built with electron-vite (the project's own config) into a temporary folder, so
// the figure is always of the current source and out/ is left alone. The first screen is what
// index.html loads before the app can lazily load anything: its module scripts, its modulepreloads,
// and every chunk those import statically (a dynamic `import()` is a lazy chunk and is not counted).
// Each file is counted once, gzipped at zlib's default level, as a server or the agent's disk
// cache would hand it over; kB are 1000 bytes, as Vite's build report prints them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'electron-vite';

/** The budget the issue set for the first screen. */
export const FIRST_SCREEN_BUDGET_KB = 200;

export interface FirstScreenFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstScreenSize {
  /** The JavaScript files the first screen loads, largest first (paths relative to the renderer folder). */
  files: FirstScreenFile[];
  gzipKb: number;
  rawKb: number;
  budgetKb: number;
  withinBudget: boolean;
}

const kb = (bytes: number): number => Math.round(bytes / 100) / 10;

/** The script and modulepreload URLs of index.html, relative to the renderer folder. */
function entryScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1] as string);
  const preloads = [...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((match) => match[1] as string);
  return [...scripts, ...preloads].map((url) => posix.normalize(url.replace(/^\.?\//, '')));
}

/** Chunks a minified ES module imports statically: `import{a}from"./x.js"`, `export*from"./x.js"`, `import"./x.js"`. */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((match) => match[1] as string);
}

/** The first screen's JavaScript in a built renderer folder (the one holding index.html). */
export async function measureFirstScreen(rendererDir: string): Promise<FirstScreenSize> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const pending = entryScripts(html);
  const seen = new Set<string>();
  const files: FirstScreenFile[] = [];
  while (pending.length > 0) {
    const file = pending.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(join(rendererDir, file));
    files.push({ file, bytes: code.length, gzipBytes: gzipSync(code).length });
    for (const imported of staticImports(code.toString('utf8'))) pending.push(posix.join(posix.dirname(file), imported));
  }
  if (files.length === 0) throw new Error(`${rendererDir}/index.html loads no module script: is it a built renderer?`);
  const gzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  const rawBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  return {
    files: files.sort((a, b) => b.gzipBytes - a.gzipBytes),
    gzipKb: kb(gzipBytes),
    rawKb: kb(rawBytes),
    budgetKb: FIRST_SCREEN_BUDGET_KB,
    withinBudget: gzipBytes <= FIRST_SCREEN_BUDGET_KB * 1000,
  };
}

/** Build with the project's electron-vite config into a temporary folder and measure its renderer. */
export async function runFirstScreenBenchmark(progress: (line: string) => void = () => {}): Promise<FirstScreenSize> {
  const root = resolve(import.meta.dirname, '..');
  const outDir = await mkdtemp(join(tmpdir(), 'factordesk-bench-build-'));
  try {
    progress('first screen: building with electron-vite…');
    await build({ root, build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
    return await measureFirstScreen(join(outDir, 'renderer'));
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  console.log(JSON.stringify(await runFirstScreenBenchmark(progress)));
}
