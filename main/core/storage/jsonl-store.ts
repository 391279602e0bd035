import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { containsHeldSecret, findSecretField } from './secret-guard';
import { activeFile, rotatedFile, syncDirectory } from './store-files';

export interface JsonlStoreOptions {
  /** Folder of the store; created (0700) on first append. */
  dir: string;
  /** Base file name: `<name>.jsonl`, rotated to `<name>.1.jsonl`, `<name>.2.jsonl`, ... */
  name: string;
  /** Rotate when the active file would grow past this many bytes. Default 4 MiB. */
  maxFileBytes?: number;
  /** Files kept in all, the active one included; the oldest is deleted on rotation. Default 5. */
  maxFiles?: number;
  /** Opens the active file; `fs.promises.open` unless a test needs to watch the writes and syncs. */
  openFile?: OpenFile;
}

/** How the store opens its active file (the shape of `fs.promises.open`). */
export type OpenFile = (path: string, flags: string, mode: number) => Promise<FileHandle>;

export const defaultMaxFileBytes = 4 * 1024 * 1024;
export const defaultMaxFiles = 5;

/** Why an append failed: `secret_field` is a caller bug, `io` is the disk (errno in `errno`). */
export class StoreWriteError extends Error {
  readonly reason: 'secret_field' | 'secret_value' | 'io' | 'closed';
  readonly errno?: string;
  constructor(reason: 'secret_field' | 'secret_value' | 'io' | 'closed', message: string, errno?: string) {
    super(message);
    this.name = 'StoreWriteError';
    this.reason = reason;
    this.errno = errno;
  }
}

const NEWLINE = 0x0a;

/**
 * Durable, size-bounded, append-only JSON-lines store.
 *
 * - Each record is one line written with a single `write` of one buffer, then `fsync`ed before
 *   `append` resolves: a record reported as written survives a kill or a power cut.
 * - A crash mid-write leaves at most one torn final line; readers skip it, and the next append
 *   starts on a fresh line.
 * - When the active file would exceed `maxFileBytes` it is renamed to `<name>.1.jsonl` (older ones
 *   shift up) and a new active file begins; only `maxFiles` files are kept, so disk use is bounded.
 * - Records holding secret-shaped fields (token, passCode, answer, sharedSecret, ...) are refused.
 * - Appends are queued so concurrent callers never interleave lines.
 */
export class JsonlStore {
  readonly dir: string;
  readonly name: string;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  private handle: Promise<FileHandle> | null = null;
  /** Size of the active file as we know it (after the tail check on open). */
  private activeBytes = 0;
  private needsLeadingNewline = false;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly openFile: OpenFile;

  constructor(options: JsonlStoreOptions) {
    this.openFile = options.openFile ?? open;
    this.dir = options.dir;
    this.name = options.name;
    this.maxFileBytes = positiveInteger(options.maxFileBytes ?? defaultMaxFileBytes, 'maxFileBytes');
    this.maxFiles = positiveInteger(options.maxFiles ?? defaultMaxFiles, 'maxFiles');
  }

  get activePath(): string {
    return activeFile(this.dir, this.name);
  }

  /** Write one record and flush it to disk. Rejects with StoreWriteError. */
  append(record: object): Promise<void> {
    const secretField = findSecretField(record);
    if (secretField) {
      return Promise.reject(
        new StoreWriteError('secret_field', `Refusing to store a record with a secret-shaped field (${secretField}).`),
      );
    }
    const text = `${JSON.stringify(record)}\n`;
    if (containsHeldSecret(text)) {
      return Promise.reject(new StoreWriteError('secret_value', 'Refusing to store a record that contains a secret being handed out (a temporary access code).'));
    }
    const line = Buffer.from(text, 'utf8');
    const written = this.queue.then(() => this.writeLine(line));
    // Keep the queue going even when one write fails; the failure goes to this caller only.
    this.queue = written.catch(() => undefined);
    return written;
  }

  /** Waits for queued appends, then releases the file. Later appends are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.closeHandle();
  }

  private async writeLine(line: Buffer): Promise<void> {
    if (this.closed) throw new StoreWriteError('closed', `The ${this.name} store has been closed.`);
    try {
      let fd = await this.openActive();
      const leading = this.needsLeadingNewline ? 1 : 0;
      if (this.activeBytes > 0 && this.activeBytes + leading + line.length > this.maxFileBytes) {
        await this.rotate();
        fd = await this.openActive();
      }
      const buffer = this.needsLeadingNewline ? Buffer.concat([Buffer.from('\n'), line]) : line;
      let offset = 0;
      // One write call in practice; the loop only covers a short write (disk full, signals).
      while (offset < buffer.length) {
        const { bytesWritten } = await fd.write(buffer, offset, buffer.length - offset);
        offset += bytesWritten;
      }
      this.needsLeadingNewline = false;
      this.activeBytes += buffer.length;
      await fd.sync();
    } catch (error) {
      // Do not keep a handle that may be broken; the next append reopens and re-checks the tail.
      await this.closeHandle();
      throw new StoreWriteError('io', `Could not write to the ${this.name} store: ${describe(error)}`, errnoOf(error));
    }
  }

  private openActive(): Promise<FileHandle> {
    this.handle ??= this.openAndCheckTail();
    return this.handle;
  }

  private async openAndCheckTail(): Promise<FileHandle> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const fd = await this.openFile(this.activePath, 'a+', 0o600);
    try {
      const { size } = await fd.stat();
      this.activeBytes = size;
      this.needsLeadingNewline = false;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fd.read(last, 0, 1, size - 1);
        this.needsLeadingNewline = last[0] !== NEWLINE;
      } else {
        await syncDirectory(this.dir);
      }
      return fd;
    } catch (error) {
      await fd.close().catch(() => undefined);
      throw error;
    }
  }

  /** Shift `<name>.k` to `<name>.k+1` (dropping the oldest), then the active file to `<name>.1`. */
  private async rotate(): Promise<void> {
    await this.closeHandle();
    const oldest = this.maxFiles - 1;
    if (oldest < 1) {
      // Only one file allowed: start it over.
      await rm(this.activePath, { force: true });
    } else {
      await rm(rotatedFile(this.dir, this.name, oldest), { force: true });
      for (let generation = oldest - 1; generation >= 1; generation -= 1) {
        await renameIfPresent(rotatedFile(this.dir, this.name, generation), rotatedFile(this.dir, this.name, generation + 1));
      }
      await renameIfPresent(this.activePath, rotatedFile(this.dir, this.name, 1));
    }
    await syncDirectory(this.dir);
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle.catch(() => null))?.close().catch(() => undefined);
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer (got ${value}).`);
  return value;
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  const errno = errnoOf(error);
  if (errno) return errno;
  return error instanceof Error ? error.message : String(error);
}
