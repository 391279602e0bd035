// The audit journal on the shared store: it rotates, stays bounded, and reads across files in order.
import { readdir } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { AuditJournal, auditDir, readJournal, readJournalSince } from '../../../main/core/audit';
import { useTempDirs } from '../../support/temp-dirs';

const tempDataDir = useTempDirs('journal-rotation');


it('rotates the journal past its size, keeps N files, and reads the newest records in order', async () => {
  const dataDir = await tempDataDir();
  let tick = Date.parse('2026-04-01T08:00:00Z');
  const journal = new AuditJournal({ dataDir, agent: 'jdoe', now: () => new Date((tick += 1000)), maxFileBytes: 2000, maxFiles: 3 });
  const written: string[] = [];
  for (let n = 0; n < 40; n += 1) {
    const record = await journal.append({
      orgId: 'org1',
      orgUrl: 'https://acme.okta.com',
      userId: `00u${n % 2}`,
      userLogin: null,
      action: 'verify_push',
      outcome: 'success',
      detail: `record ${n}`,
    });
    written.push(record.id);
  }
  await journal.close();

  expect((await readdir(auditDir(dataDir))).sort()).toEqual(['journal.1.jsonl', 'journal.2.jsonl', 'journal.jsonl']);
  const { records, skippedLines } = await readJournal(dataDir);
  expect(skippedLines).toBe(0);
  const ids = records.map((record) => record.id);
  // The oldest were dropped with the oldest file; what is left is the newest, contiguous and in order.
  expect(ids.length).toBeLessThan(written.length);
  expect(ids).toEqual(written.slice(written.length - ids.length));
  const onlyUser1 = await readJournal(dataDir, { userId: '00u1' });
  expect(onlyUser1.records.every((record) => record.userId === '00u1')).toBe(true);

  // The recent tail, across the rotation boundary, in order: exactly the records at or after `since`.
  for (const since of [records[0], records[Math.floor(records.length / 2)], records.at(-1)]) {
    const time = since?.time ?? '';
    const tail = await readJournalSince(dataDir, { since: time });
    expect(tail.records.map((record) => record.id)).toEqual(records.filter((record) => record.time >= time).map((record) => record.id));
  }
  expect((await readJournalSince(dataDir, { since: new Date((tick += 1000)) })).records).toEqual([]);
  const user1Tail = await readJournalSince(dataDir, { since: records[0]?.time ?? '', userId: '00u1' });
  expect(user1Tail.records).toEqual(onlyUser1.records);
});
