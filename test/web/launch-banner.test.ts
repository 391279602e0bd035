// The standalone browser shell (what `npm start` serves where Electron cannot run): its banner, and
// a new single-use address whenever Enter is pressed in its terminal.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADDRESS = /http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{43}/g;

let folder: string;
let shell: ChildProcessWithoutNullStreams;
let printed = '';

/** Waits until the shell has printed this many addresses; answers them all. */
async function addresses(count: number): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  while ((printed.match(ADDRESS) ?? []).length < count) {
    if (Date.now() > deadline || shell.exitCode !== null) throw new Error(`The shell printed only:\n${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return printed.match(ADDRESS) ?? [];
}

/**
 * Waits until every one of these texts has been printed, or a deadline passes (the assertions
 * that follow then say what is missing). The banner is several writes, and the address can
 * arrive in one chunk of output with the lines after it still on their way.
 */
async function printedAll(texts: string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!texts.every((text) => printed.includes(text)) && Date.now() <= deadline && shell.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'factordesk-banner-'));
  shell = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'main/web/index.ts'], {
    env: { ...process.env, FACTORDESK_DATA_DIR: folder, FACTORDESK_PORT: '' },
  });
  shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
});

afterAll(async () => {
  if (shell && shell.exitCode === null) {
    const exited = new Promise((resolve) => shell.once('exit', resolve));
    shell.kill('SIGTERM');
    await exited;
  }
  await rm(folder, { recursive: true, force: true });
});

describe('the browser shell started from a terminal', () => {
  it('prints one address, says it works once and briefly, and how to get another', async () => {
    const [first] = await addresses(1);
    const banner = ['The address opens FactorDesk once, within 2 minutes.', 'Press Enter here for a new address'];
    await printedAll(banner);
    for (const line of banner) expect(printed).toContain(line);
    const exchange = await fetch(first as string, { redirect: 'manual' });
    expect(exchange.status).toBe(303);
    expect((await fetch(first as string, { redirect: 'manual' })).status).toBe(403);
  });

  it('prints a new, unused address each time Enter is pressed', async () => {
    const [first] = await addresses(1);
    shell.stdin.write('\n');
    const [, second] = await addresses(2);
    shell.stdin.write('url\n');
    const [, , third] = await addresses(3);
    expect(new Set([first, second, third]).size).toBe(3);
    for (const address of [second, third]) expect((await fetch(address as string, { redirect: 'manual' })).status).toBe(303);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => shell.once('exit', resolve));
    shell.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
