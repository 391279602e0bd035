// The journal acknowledges a record only once it is on disk: the line is written, then fsynced, and
// only then does `append` resolve. A SIGKILL test cannot see a missing fsync (the kernel's page cache
// outlives the process), so this one watches the file handle itself: every write and sync the journal
// makes goes through a wrapper that logs it and holds the sync until the test lets it finish.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AuditJournal, journalPath, readJournal } from '../../../main/core/audit';
import { useTempDirs } from '../../support/temp-dirs';
import { expectedEntry } from './fixtures/crash-records';

const tempDataDir = useTempDirs('journal-order');

interface HeldSync {
  release(): void;
  fail(error: Error): void;
}

/** A file-handle factory whose handles report writes and syncs to `log`, and whose syncs wait for the test. */
function watchedFiles(log: string[]) {
  const held: HeldSync[] = [];
  const waiters: Array<() => void> = [];
  const openFile = async (path: string, flags: string, mode: number): Promise<FileHandle> => {
    const real = await open(path, flags, mode);
    return new Proxy(real, {
      get(target, property, receiver) {
        if (property === 'write') {
          return async (...args: Parameters<FileHandle['write']>) => {
            const result = await (target.write as (...a: unknown[]) => ReturnType<FileHandle['write']>)(...args);
            log.push('write');
            return result;
          };
        }
        if (property === 'sync' || property === 'datasync') {
          return async () => {
            log.push(`${String(property)} started`);
            await new Promise<void>((resolve, reject) => {
              held.push({ release: resolve, fail: reject });
              waiters.splice(0).forEach((wake) => wake());
            });
            await target.sync();
            log.push(`${String(property)} done`);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  /** The next sync the journal is waiting on. */
  const nextSync = async (): Promise<HeldSync> => {
    while (held.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    return held.shift() as HeldSync;
  };
  return { openFile, nextSync };
}

/** Lets every pending promise callback run, so an append that could resolve early would have. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('audit journal: write → fsync → acknowledge', () => {
  it('writes the line, syncs it, and only then resolves append', async () => {
    const dataDir = await tempDataDir();
    const log: string[] = [];
    const files = watchedFiles(log);
    const journal = new AuditJournal({ dataDir, agent: 'order-test', now: () => new Date(), openFile: files.openFile });

    const appending = journal.append(expectedEntry(1)).then((record) => {
      log.push('acknowledged');
      return record;
    });
    const sync = await files.nextSync();
    // The line is in the file before the sync starts, and the caller has heard nothing yet.
    expect(log).toEqual(['write', 'sync started']);
    expect(await readFile(journalPath(dataDir), 'utf8')).toContain('"record 1"');
    await settle();
    expect(log).not.toContain('acknowledged');

    sync.release();
    const record = await appending;
    expect(log).toEqual(['write', 'sync started', 'sync done', 'acknowledged']);
    expect((await readJournal(dataDir)).records.map((each) => each.id)).toEqual([record.id]);
    await journal.close();
  });

  it('a failed fsync is a failed append: never acknowledged, and the next record is synced on its own', async () => {
    const dataDir = await tempDataDir();
    const log: string[] = [];
    const files = watchedFiles(log);
    const journal = new AuditJournal({ dataDir, agent: 'order-test', now: () => new Date(), openFile: files.openFile });

    const failing = journal.append(expectedEntry(1)).then(
      () => log.push('acknowledged'),
      (error: unknown) => log.push(`rejected: ${(error as Error).message}`),
    );
    (await files.nextSync()).fail(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await failing;
    expect(log.at(-1)).toMatch(/^rejected: .*could not write it to the audit journal \(EIO\)/);
    expect(log).not.toContain('acknowledged');

    log.length = 0;
    const next = journal.append(expectedEntry(2)).then(() => log.push('acknowledged'));
    const sync = await files.nextSync();
    await settle();
    expect(log).toEqual(['write', 'sync started']);
    sync.release();
    await next;
    expect(log).toEqual(['write', 'sync started', 'sync done', 'acknowledged']);
    await journal.close();
  });

  it('concurrent appends are each acknowledged only after their own sync', async () => {
    const dataDir = await tempDataDir();
    const log: string[] = [];
    const files = watchedFiles(log);
    const journal = new AuditJournal({ dataDir, agent: 'order-test', now: () => new Date(), openFile: files.openFile });

    const appends = [1, 2, 3].map((n) => journal.append(expectedEntry(n)).then(() => log.push(`acknowledged ${n}`)));
    for (let n = 1; n <= 3; n++) {
      const sync = await files.nextSync();
      await settle();
      // Record n is written and waiting for its sync; nothing from n onwards is acknowledged.
      expect(log.filter((line) => line.startsWith('acknowledged'))).toEqual([1, 2, 3].slice(0, n - 1).map((k) => `acknowledged ${k}`));
      sync.release();
    }
    await Promise.all(appends);
    expect(log).toEqual([
      'write', 'sync started', 'sync done', 'acknowledged 1',
      'write', 'sync started', 'sync done', 'acknowledged 2',
      'write', 'sync started', 'sync done', 'acknowledged 3',
    ]);
    await journal.close();
  });
});
