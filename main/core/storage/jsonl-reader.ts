import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { storeFilesOldestFirst } from './store-files';

export interface JsonlReadResult<T> {
  /** Records in the order they were written, oldest first, across rotated files. */
  records: T[];
  /** Lines that were not a whole record (a torn last line after a crash, or damage); skipped, never fatal. */
  skippedLines: number;
}

/**
 * Accepts one parsed line: answer the record to keep it, `null` when it is damaged (counted as
 * skipped), or `undefined` to leave an intact record out (a filter).
 */
export type LineParser<T> = (value: unknown) => T | null | undefined;

/** Read every file of a store (see JsonlStore) oldest first, line by line. */
export async function readJsonlStore<T>(dir: string, name: string, parse: LineParser<T>): Promise<JsonlReadResult<T>> {
  const result: JsonlReadResult<T> = { records: [], skippedLines: 0 };
  for (const file of await storeFilesOldestFirst(dir, name)) {
    await readJsonlFile(file, parse, result);
  }
  return result;
}

/** Read one JSON-lines file into `into`; a missing file reads as empty (it may have been rotated away). */
export async function readJsonlFile<T>(
  path: string,
  parse: LineParser<T>,
  into: JsonlReadResult<T> = { records: [], skippedLines: 0 },
): Promise<JsonlReadResult<T>> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const missing = await new Promise<boolean>((resolve, reject) => {
    stream.once('open', () => resolve(false));
    stream.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(true) : reject(error)));
  });
  if (missing) return into;

  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      into.skippedLines += 1;
      continue;
    }
    const record = parse(value);
    if (record === null) into.skippedLines += 1;
    else if (record !== undefined) into.records.push(record);
  }
  return into;
}
