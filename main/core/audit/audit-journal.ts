import { randomBytes } from 'node:crypto';
import { FactorDeskError } from '../../../contract/errors';
import { JsonlStore, StoreWriteError, type OpenFile } from '../storage';
import type { AuditEntry, AuditRecord } from './audit-record';
import { auditDir, journalPath } from './journal-path';

export interface AuditJournalOptions {
  dataDir: string;
  agent: string;
  now(): Date;
  /** Rotate `journal.jsonl` past this size (default 8 MiB) ... */
  maxFileBytes?: number;
  /** ... keeping this many files in all (default 10), so the journal stays bounded. */
  maxFiles?: number;
  /** How the journal file is opened (tests watch the write → fsync → acknowledge order through it). */
  openFile?: OpenFile;
}

/**
 * Append-only JSON-lines journal, on the shared durable store (main/core/storage).
 *
 * Crash safety: each record is one line written with a single `write` of one buffer and then
 * `fsync`ed before `append` resolves, so a record reported as written survives a kill or power cut.
 * A crash mid-write can leave at most one torn final line: the reader skips it, and when the journal
 * is opened again a newline is written first so the next record starts on a line of its own.
 * Appends are queued so records from concurrent handlers never interleave. The active file rotates
 * to `journal.1.jsonl`, `journal.2.jsonl`, ... and the oldest is dropped past `maxFiles`.
 */
export class AuditJournal {
  private readonly options: AuditJournalOptions;
  private readonly store: JsonlStore;

  constructor(options: AuditJournalOptions) {
    this.options = options;
    this.store = new JsonlStore({
      dir: auditDir(options.dataDir),
      name: 'journal',
      maxFileBytes: options.maxFileBytes ?? 8 * 1024 * 1024,
      maxFiles: options.maxFiles ?? 10,
      ...(options.openFile ? { openFile: options.openFile } : {}),
    });
  }

  get path(): string {
    return journalPath(this.options.dataDir);
  }

  /** Write one record and flush it to disk; resolves with the record as stored. */
  async append(entry: AuditEntry): Promise<AuditRecord> {
    const record: AuditRecord = {
      id: newAuditId(this.options.now()),
      time: this.options.now().toISOString(),
      agent: this.options.agent,
      ...entry,
    };
    try {
      await this.store.append(record);
    } catch (error) {
      throw journalError(error);
    }
    return record;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Time-ordered (base36 ms) plus randomness, so ids sort by time and never collide. */
function newAuditId(time: Date): string {
  return `${time.getTime().toString(36).padStart(9, '0')}-${randomBytes(5).toString('hex')}`;
}

function journalError(cause: unknown): FactorDeskError {
  const reason = cause instanceof StoreWriteError && cause.errno ? ` (${cause.errno})` : '';
  return new FactorDeskError({
    code: 'INTERNAL',
    message: `The action may have happened at Okta, but FactorDesk could not write it to the audit journal${reason}.`,
    action: 'Check that the app data folder is writable and has free space, then refresh the user to see the current state.',
  });
}
