// What the first-screen benchmark counts: index.html's module scripts and modulepreloads and what
// they import statically, each file once; never a chunk only reached by a dynamic import().
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { measureFirstScreen } from '../../bench/first-screen';

const built = mkdtempSync(join(tmpdir(), 'factordesk-first-screen-'));
afterAll(() => rmSync(built, { recursive: true, force: true }));

const chunks: Record<string, string> = {
  'index-a1.js': 'import{s as a}from"./shared-b2.js";import"./side-c3.js";const l=()=>import("./Lazy-d4.js");a(l);',
  'shared-b2.js': 'export*from"./deep-e5.js";export const s=x=>x;',
  'side-c3.js': 'console.log("side effect");',
  'deep-e5.js': 'export const d=1;',
  'preloaded-f6.js': 'import{s}from"./shared-b2.js";export const p=s;',
  'Lazy-d4.js': 'import{s}from"./shared-b2.js";import("./LazierStill-g7.js");export default s;',
  'LazierStill-g7.js': 'export default 2;',
};
mkdirSync(join(built, 'assets'));
for (const [name, code] of Object.entries(chunks)) writeFileSync(join(built, 'assets', name), code.repeat(20));
writeFileSync(
  join(built, 'index.html'),
  `<!doctype html><html><head>
    <script type="module" crossorigin src="./assets/index-a1.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/preloaded-f6.js">
    <link rel="stylesheet" crossorigin href="./assets/index.css">
  </head><body></body></html>`,
);

describe('the first-screen measure', () => {
  it('counts the entry, its modulepreloads and their static imports once each, and no lazy chunk', async () => {
    const size = await measureFirstScreen(built);
    const counted = ['index-a1.js', 'shared-b2.js', 'side-c3.js', 'deep-e5.js', 'preloaded-f6.js'];
    expect(size.files.map((file) => file.file).sort()).toEqual(counted.map((name) => `assets/${name}`).sort());
    const gzipBytes = counted.reduce((sum, name) => sum + gzipSync(Buffer.from((chunks[name] ?? '').repeat(20))).length, 0);
    expect(size.gzipKb).toBe(Math.round(gzipBytes / 100) / 10);
    expect(size.withinBudget).toBe(true);
  });

  it('refuses a folder whose index.html loads no module script', async () => {
    const empty = join(built, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    await expect(measureFirstScreen(empty)).rejects.toThrow(/loads no module script/);
  });
});
