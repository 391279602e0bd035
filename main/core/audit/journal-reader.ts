import { hasRecordShape, readJsonlFile, readJsonlStore, storeFilesOldestFirst, type LineParser } from '../storage';
import type { AuditRecord } from './audit-record';
import { auditDir } from './journal-path';

export interface JournalQuery {
  userId?: string;
  /** Inclusive lower bound on `time`. */
  since?: Date | string;
  /** Exclusive upper bound on `time`. */
  until?: Date | string;
}

export interface JournalReadResult {
  /** Matching records, oldest first. */
  records: AuditRecord[];
  /** Lines that were not a whole record (a torn last line after a crash, or damage); skipped, never fatal. */
  skippedLines: number;
}

/** Read the journal (streamed line by line, rotated files first), keeping intact records that match the query. */
export async function readJournal(dataDir: string, query: JournalQuery = {}): Promise<JournalReadResult> {
  return readJsonlStore(auditDir(dataDir), 'journal', matching(query));
}

/**
 * Like `readJournal`, for a query that starts at `since`. The journal is written in time order, so
 * files are read newest first and reading stops at the first file that reaches back before
 * `since`: a look at the last few minutes or days reads the active file (and the rotated ones the
 * range covers), not the whole journal.
 */
export async function readJournalSince(dataDir: string, query: JournalQuery & { since: Date | string }): Promise<JournalReadResult> {
  const since = new Date(query.since).getTime();
  const keep = matching(query);
  const newestFirst: JournalReadResult[] = [];
  for (const file of (await storeFilesOldestFirst(auditDir(dataDir), 'journal')).reverse()) {
    let reachesBack = false;
    const fromFile = await readJsonlFile<AuditRecord>(file, (value) => {
      const record = parseRecord(value);
      if (record && Date.parse(record.time) < since) reachesBack = true;
      return keep(value);
    });
    newestFirst.push(fromFile);
    if (reachesBack) break;
  }
  const inOrder = newestFirst.reverse();
  return { records: inOrder.flatMap((result) => result.records), skippedLines: inOrder.reduce((sum, result) => sum + result.skippedLines, 0) };
}

/** Read one journal file (no rotation). */
export async function readJournalFile(path: string, query: JournalQuery = {}): Promise<JournalReadResult> {
  return readJsonlFile(path, matching(query));
}

function matching(query: JournalQuery): LineParser<AuditRecord> {
  const since = query.since === undefined ? -Infinity : new Date(query.since).getTime();
  const until = query.until === undefined ? Infinity : new Date(query.until).getTime();
  return (value) => {
    const record = parseRecord(value);
    if (!record) return null;
    const time = Date.parse(record.time);
    if (query.userId !== undefined && record.userId !== query.userId) return undefined;
    if (time < since || time >= until) return undefined;
    return record;
  };
}

const requiredFields = ['id', 'userId', 'action', 'outcome'] as const;

function parseRecord(value: unknown): AuditRecord | null {
  return hasRecordShape(value, 'time', requiredFields) ? (value as unknown as AuditRecord) : null;
}
