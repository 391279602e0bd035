import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Answers a function that makes a fresh folder under the OS temp dir (named `factordesk-<label>-…`);
 * every folder it made is removed after each test. Call it at module or describe level.
 */
export function useTempDirs(label: string): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), `factordesk-${label}-`));
    made.push(dir);
    return dir;
  };
}
