import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run sandbox` itself: it prints a phone page link per person of interest, and the printed
// link (its key) opens that person's phone and no other.

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/** Runs the CLI until it has printed everything, answers its output, and stops it. */
async function sandboxCliOutput(): Promise<{ output: string; stop(): Promise<void> }> {
  const child = spawn(TSX, ['sandbox/cli.ts', '--port', '0', '--users', '30', '--seed', 'printed-phones'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the sandbox CLI printed no end line:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ctrl+C stops it')) {
        clearTimeout(timer);
        done();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => fail(new Error(`the sandbox CLI exited (${code}):\n${output}`)));
  });
  return {
    output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('npm run sandbox', () => {
  it("prints each phone's page with a key that opens that phone only", { timeout: 60_000 }, async () => {
    const cli = await sandboxCliOutput();
    try {
      const links = [...cli.output.matchAll(/^ {2}(\S+@example\.org) +(http:\/\/127\.0\.0\.1:\d+\/sandbox\/phone\/(\w{20})#key=(\S+))$/gm)].map((match) => ({
        login: match[1] as string,
        url: match[2] as string,
        userId: match[3] as string,
        key: decodeURIComponent(match[4] as string),
      }));
      expect(links.slice(0, 3).map((link) => link.login)).toEqual(['isaac@example.org', 'dade.murphy@example.org', 'zoe.angstrom@example.org']);
      expect(links.length).toBeGreaterThan(8);
      expect(cli.output).toContain("Anyone else's:  POST /sandbox/v1/users/{id or login}/phone-key");
      const [isaac, dade] = links;
      if (!isaac || !dade) throw new Error('no phone links printed');
      const origin = new URL(isaac.url).origin;
      const read = (userId: string, key: string) => fetch(`${origin}/sandbox/phone/${userId}/v1/phone`, { headers: { authorization: `PhoneKey ${key}` } });
      const phone = (await (await read(isaac.userId, isaac.key)).json()) as { user: { login: string } };
      expect(phone.user.login).toBe('isaac@example.org');
      expect((await read(dade.userId, isaac.key)).status).toBe(403);
      expect(new Set(links.map((link) => link.key)).size).toBe(links.length);
      // The page itself opens from the printed address.
      expect((await fetch(isaac.url)).status).toBe(200);
    } finally {
      await cli.stop();
    }
  });
});
