import { appendFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AuditJournal, journalPath, readJournal } from '../../../main/core/audit';
import { runWriterUntilKilled } from '../../support/killed-writer';
import { useTempDirs } from '../../support/temp-dirs';
import { expectedEntry } from './fixtures/crash-records';

const childScript = fileURLToPath(new URL('./fixtures/journal-writer-child.ts', import.meta.url));
const tempDataDir = useTempDirs('journal');

/** Run the writer child, SIGKILL it once `killAfter` records were reported flushed; answer the flushed ids by n. */
async function runAndKillWriter(dataDir: string, killAfter: number): Promise<Map<number, string>> {
  const flushed = new Map<number, string>();
  await runWriterUntilKilled(childScript, [dataDir], (line) => {
    const match = /^flushed (\d+) (\S+)$/.exec(line);
    if (match) flushed.set(Number(match[1]), match[2] as string);
    return flushed.size >= killAfter;
  });
  return flushed;
}

describe('audit journal crash safety', () => {
  it('keeps every record flushed before a SIGKILL intact, and stays readable and appendable', async () => {
    const dataDir = await tempDataDir();
    const flushed = await runAndKillWriter(dataDir, 60);
    expect(flushed.size).toBeGreaterThanOrEqual(60);

    const before = await readJournal(dataDir);
    // At most the one line being written at the moment of the kill can be torn.
    expect(before.skippedLines).toBeLessThanOrEqual(1);
    const byId = new Map(before.records.map((record) => [record.id, record]));
    for (const [n, id] of flushed) {
      const record = byId.get(id);
      expect(record, `record ${n} (${id}) was reported flushed`).toBeDefined();
      expect(record).toMatchObject({ ...expectedEntry(n), id, agent: 'crash-test' });
    }

    // A new writer after the crash appends on a fresh line; everything old is still there.
    const journal = new AuditJournal({ dataDir, agent: 'after-crash', now: () => new Date() });
    const after = await journal.append({ ...expectedEntry(100_000), action: 'reset_factor' });
    await journal.close();
    const reread = await readJournal(dataDir);
    expect(reread.records.map((record) => record.id)).toContain(after.id);
    expect(reread.records.length).toBe(before.records.length + 1);
    expect(reread.skippedLines).toBe(before.skippedLines);
  });

  it('skips a torn final line and starts the next record on a new line', async () => {
    const dataDir = await tempDataDir();
    const first = new AuditJournal({ dataDir, agent: 'agent', now: () => new Date('2026-01-01T10:00:00Z') });
    const kept = await first.append(expectedEntry(1));
    await first.close();
    // What a crash in the middle of a write leaves behind: half a JSON object, no newline.
    await appendFile(journalPath(dataDir), '{"id":"torn","time":"2026-01-01T10:00:01Z","userId":"00u2","act');

    const second = new AuditJournal({ dataDir, agent: 'agent', now: () => new Date('2026-01-01T10:00:02Z') });
    const next = await second.append(expectedEntry(3));
    await second.close();

    const text = await readFile(journalPath(dataDir), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const result = await readJournal(dataDir);
    expect(result.skippedLines).toBe(1);
    expect(result.records.map((record) => record.id)).toEqual([kept.id, next.id]);
  });

  it('filters by user and time range', async () => {
    const dataDir = await tempDataDir();
    let clock = new Date('2026-03-01T09:00:00Z');
    const journal = new AuditJournal({ dataDir, agent: 'agent', now: () => clock });
    await journal.append(expectedEntry(1));
    clock = new Date('2026-03-01T10:00:00Z');
    const wanted = await journal.append(expectedEntry(2));
    await journal.append(expectedEntry(1));
    await journal.close();

    const byUser = await readJournal(dataDir, { userId: '00u2' });
    expect(byUser.records.map((record) => record.id)).toEqual([wanted.id]);
    const byTime = await readJournal(dataDir, { userId: '00u1', since: '2026-03-01T09:30:00Z' });
    expect(byTime.records).toHaveLength(1);
    expect((await readJournal(dataDir, { until: '2026-03-01T09:30:00Z' })).records).toHaveLength(1);
  });

  it('reads a journal that does not exist yet as empty', async () => {
    const dataDir = await tempDataDir();
    expect(await readJournal(dataDir)).toEqual({ records: [], skippedLines: 0 });
  });
});
