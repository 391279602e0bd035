import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditRecord } from './audit-record';
import { journalPath } from './journal-path';

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

/** Read the journal (streamed line by line), keeping intact records that match the query. */
export async function readJournal(dataDir: string, query: JournalQuery = {}): Promise<JournalReadResult> {
  return readJournalFile(journalPath(dataDir), query);
}

export async function readJournalFile(path: string, query: JournalQuery = {}): Promise<JournalReadResult> {
  const since = query.since === undefined ? -Infinity : new Date(query.since).getTime();
  const until = query.until === undefined ? Infinity : new Date(query.until).getTime();
  const records: AuditRecord[] = [];
  let skippedLines = 0;

  const stream = createReadStream(path, { encoding: 'utf8' });
  const missing = await new Promise<boolean>((resolve, reject) => {
    stream.once('open', () => resolve(false));
    stream.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(true) : reject(error)));
  });
  if (missing) return { records, skippedLines };

  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (!record) {
      skippedLines += 1;
      continue;
    }
    const time = Date.parse(record.time);
    if (query.userId !== undefined && record.userId !== query.userId) continue;
    if (time < since || time >= until) continue;
    records.push(record);
  }
  return { records, skippedLines };
}

function parseRecord(line: string): AuditRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<Record<keyof AuditRecord, unknown>>;
  const complete =
    typeof candidate.id === 'string' &&
    typeof candidate.time === 'string' &&
    !Number.isNaN(Date.parse(candidate.time)) &&
    typeof candidate.userId === 'string' &&
    typeof candidate.action === 'string' &&
    typeof candidate.outcome === 'string';
  return complete ? (value as AuditRecord) : null;
}
