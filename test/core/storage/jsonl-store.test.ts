import { appendFile, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonlStore, readJsonlStore, StoreWriteError, writeJsonFileAtomically, readJsonFile } from '../../../main/core/storage';
import { runWriterUntilKilled } from '../../support/killed-writer';
import { useTempDirs } from '../../support/temp-dirs';
import { crashRecord, type CrashRecord } from './fixtures/crash-record';

const childScript = fileURLToPath(new URL('./fixtures/store-writer-child.ts', import.meta.url));
const tempDir = useTempDirs('store');

interface Numbered {
  n: number;
  pad?: string;
}

const numbered = (value: unknown): Numbered | null =>
  typeof value === 'object' && value !== null && typeof (value as { n?: unknown }).n === 'number' ? (value as Numbered) : null;

describe('JsonlStore', () => {
  it('rotates when the active file would exceed the size, keeps N files, and reads across them in order', async () => {
    const dir = await tempDir();
    const store = new JsonlStore({ dir, name: 'obs', maxFileBytes: 1000, maxFiles: 3 });
    // Each line is ~110 bytes, so ~9 per file; 60 records overflow 3 files and drop the oldest.
    for (let n = 0; n < 60; n += 1) await store.append({ n, pad: 'p'.repeat(90) });
    await store.close();

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['obs.1.jsonl', 'obs.2.jsonl', 'obs.jsonl']);
    for (const file of files) expect((await stat(join(dir, file))).size).toBeLessThanOrEqual(1000);

    const { records, skippedLines } = await readJsonlStore(dir, 'obs', numbered);
    expect(skippedLines).toBe(0);
    const ns = records.map((record) => record.n);
    // The newest records survive, contiguous and in write order, ending with the last one written.
    expect(ns.at(-1)).toBe(59);
    expect(ns).toEqual(Array.from({ length: ns.length }, (_, i) => 60 - ns.length + i));
    expect(ns.length).toBeGreaterThan(18);
    expect(ns.length).toBeLessThan(30);
  });

  it('writes a record larger than the limit into a file of its own instead of refusing it', async () => {
    const dir = await tempDir();
    const store = new JsonlStore({ dir, name: 'big', maxFileBytes: 100, maxFiles: 4 });
    await store.append({ n: 1 });
    await store.append({ n: 2, pad: 'x'.repeat(500) });
    await store.append({ n: 3 });
    await store.close();
    const { records } = await readJsonlStore(dir, 'big', numbered);
    expect(records.map((record) => record.n)).toEqual([1, 2, 3]);
    expect((await readdir(dir)).sort()).toEqual(['big.1.jsonl', 'big.2.jsonl', 'big.jsonl']);
  });

  it('skips a torn final line and starts the next record on a fresh line', async () => {
    const dir = await tempDir();
    const first = new JsonlStore({ dir, name: 'torn' });
    await first.append({ n: 1 });
    await first.close();
    await appendFile(join(dir, 'torn.jsonl'), '{"n":2,"pad":"half a rec');

    const second = new JsonlStore({ dir, name: 'torn' });
    await second.append({ n: 3 });
    await second.close();

    expect(await readFile(join(dir, 'torn.jsonl'), 'utf8')).toBe('{"n":1}\n{"n":2,"pad":"half a rec\n{"n":3}\n');
    const { records, skippedLines } = await readJsonlStore(dir, 'torn', numbered);
    expect(records.map((record) => record.n)).toEqual([1, 3]);
    expect(skippedLines).toBe(1);
  });

  it('refuses records with secret-shaped fields, anywhere in the record, and writes nothing', async () => {
    const dir = await tempDir();
    const store = new JsonlStore({ dir, name: 'secrets' });
    const attempts: object[] = [
      { n: 1, token: '00abc' },
      { n: 2, request: { passCode: '123456' } },
      { n: 3, steps: [{ answer: 'blue' }] },
      { n: 4, enrollment: { sharedSecret: 'JBSWY3DP' } },
    ];
    for (const attempt of attempts) {
      const failure = await store.append(attempt).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreWriteError);
      expect((failure as StoreWriteError).reason).toBe('secret_field');
      expect((failure as StoreWriteError).message).not.toMatch(/00abc|123456|blue|JBSWY3DP/);
    }
    await store.append({ n: 5, tokenStorage: 'keychain', answered: true });
    await store.close();
    const { records } = await readJsonlStore(dir, 'secrets', numbered);
    expect(records.map((record) => record.n)).toEqual([5]);
  });

  it('keeps appends from concurrent callers on separate, whole lines', async () => {
    const dir = await tempDir();
    const store = new JsonlStore({ dir, name: 'busy', maxFileBytes: 4096, maxFiles: 100 });
    await Promise.all(Array.from({ length: 200 }, (_, n) => store.append({ n, pad: 'q'.repeat(n % 50) })));
    await store.close();
    const { records, skippedLines } = await readJsonlStore(dir, 'busy', numbered);
    expect(skippedLines).toBe(0);
    expect(records.map((record) => record.n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });

  it('reads a store that does not exist yet as empty', async () => {
    const dir = await tempDir();
    expect(await readJsonlStore(join(dir, 'nothing-here'), 'obs', numbered)).toEqual({ records: [], skippedLines: 0 });
  });

  it('keeps every record flushed before a SIGKILL, across rotations, and stays appendable', async () => {
    const dir = await tempDir();
    let flushed = -1;
    await runWriterUntilKilled(childScript, [dir], (line) => {
      const match = /^flushed (\d+)$/.exec(line);
      if (match) flushed = Number(match[1]);
      // Enough to have rotated several times (every 7th record is ~48 KiB, files are 256 KiB).
      return flushed >= 120;
    });
    expect((await readdir(dir)).filter((file) => /^crash\.\d+\.jsonl$/.test(file)).length).toBeGreaterThan(1);

    const parse = (value: unknown): CrashRecord | null => numbered(value) as CrashRecord | null;
    const before = await readJsonlStore(dir, 'crash', parse);
    expect(before.skippedLines).toBeLessThanOrEqual(1);
    // Every record acknowledged is there, intact, and in order with nothing missing in between.
    const ns = before.records.map((record) => record.n);
    expect(ns.slice(0, flushed + 1)).toEqual(Array.from({ length: flushed + 1 }, (_, n) => n));
    for (const record of before.records) expect(record).toEqual(crashRecord(record.n));

    const store = new JsonlStore({ dir, name: 'crash', maxFileBytes: 256 * 1024, maxFiles: 50 });
    await store.append(crashRecord(1_000_000));
    await store.close();
    const after = await readJsonlStore(dir, 'crash', parse);
    expect(after.records.at(-1)).toEqual(crashRecord(1_000_000));
    expect(after.records.length).toBe(before.records.length + 1);
    expect(after.skippedLines).toBe(before.skippedLines);
  });
});

describe('writeJsonFileAtomically', () => {
  it('replaces the whole file and refuses secrets', async () => {
    const dir = await tempDir();
    const path = join(dir, 'nested', 'snap.json');
    await writeJsonFileAtomically(path, { a: 1 });
    await writeJsonFileAtomically(path, { a: 2 });
    expect(await readJsonFile(path)).toEqual({ a: 2 });
    await expect(writeJsonFileAtomically(path, { a: 3, token: 'x' })).rejects.toThrow(/secret-shaped field \(token\)/);
    expect(await readJsonFile(path)).toEqual({ a: 2 });
    expect((await readdir(join(dir, 'nested'))).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});
