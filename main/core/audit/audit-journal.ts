import { randomBytes } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { FactorDeskError } from '../../../contract/errors';
import type { AuditEntry, AuditRecord } from './audit-record';
import { auditDir, journalPath } from './journal-path';

export interface AuditJournalOptions {
  dataDir: string;
  agent: string;
  now(): Date;
}

const NEWLINE = 0x0a;

/**
 * Append-only JSON-lines journal.
 *
 * Crash safety: each record is one line written with a single `write` of one buffer and then
 * `fsync`ed before `append` resolves, so a record reported as written survives a kill or power cut.
 * A crash mid-write can leave at most one torn final line: the reader skips it, and when the journal
 * is opened again a newline is written first so the next record starts on a line of its own.
 * Appends are queued so records from concurrent handlers never interleave.
 */
export class AuditJournal {
  private readonly options: AuditJournalOptions;
  private handle: Promise<FileHandle> | null = null;
  /** True when the file ends without a newline (a torn last line from a crash). */
  private needsLeadingNewline = false;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: AuditJournalOptions) {
    this.options = options;
  }

  get path(): string {
    return journalPath(this.options.dataDir);
  }

  /** Write one record and flush it to disk; resolves with the record as stored. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    const record: AuditRecord = {
      id: newAuditId(this.options.now()),
      time: this.options.now().toISOString(),
      agent: this.options.agent,
      ...entry,
    };
    const written = this.queue.then(() => this.writeLine(record));
    // Keep the queue going even when one write fails; the failure goes to this caller only.
    this.queue = written.catch(() => undefined);
    return written;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle).close().catch(() => undefined);
  }

  private async writeLine(record: AuditRecord): Promise<AuditRecord> {
    if (this.closed) throw journalError(new Error('journal closed'));
    try {
      const fd = await this.openOnce();
      const line = `${this.needsLeadingNewline ? '\n' : ''}${JSON.stringify(record)}\n`;
      const buffer = Buffer.from(line, 'utf8');
      let offset = 0;
      // One write call in practice; the loop only covers a short write (disk full, signals).
      while (offset < buffer.length) {
        const { bytesWritten } = await fd.write(buffer, offset, buffer.length - offset);
        offset += bytesWritten;
      }
      this.needsLeadingNewline = false;
      await fd.sync();
      return record;
    } catch (error) {
      // Do not keep a handle that may be broken; the next append reopens and re-checks the tail.
      this.resetHandle();
      throw journalError(error);
    }
  }

  private openOnce(): Promise<FileHandle> {
    this.handle ??= this.openJournal();
    return this.handle;
  }

  private resetHandle(): void {
    const handle = this.handle;
    this.handle = null;
    void handle?.then((fd) => fd.close()).catch(() => undefined);
  }

  private async openJournal(): Promise<FileHandle> {
    await mkdir(auditDir(this.options.dataDir), { recursive: true, mode: 0o700 });
    const fd = await open(this.path, 'a+', 0o600);
    const { size } = await fd.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fd.read(last, 0, 1, size - 1);
      this.needsLeadingNewline = last[0] !== NEWLINE;
    }
    if (size === 0) await syncDirectory(auditDir(this.options.dataDir));
    return fd;
  }
}

/** Time-ordered (base36 ms) plus randomness, so ids sort by time and never collide. */
function newAuditId(time: Date): string {
  return `${time.getTime().toString(36).padStart(9, '0')}-${randomBytes(5).toString('hex')}`;
}

/** Make the new file's directory entry durable too (POSIX); harmless to skip where unsupported. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open directories; the file's own fsync still holds the data.
  }
}

function journalError(cause: unknown): FactorDeskError {
  const reason = cause instanceof Error && 'code' in cause ? ` (${String((cause as NodeJS.ErrnoException).code)})` : '';
  return new FactorDeskError({
    code: 'INTERNAL',
    message: `The action may have happened at Okta, but FactorDesk could not write it to the audit journal${reason}.`,
    action: 'Check that the app data folder is writable and has free space, then refresh the user to see the current state.',
  });
}
