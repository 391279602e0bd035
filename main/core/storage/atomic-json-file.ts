import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { findSecretField } from './secret-guard';
import { syncDirectory } from './store-files';

/**
 * Replace a small JSON file so a crash leaves either the old or the new content, never half:
 * write a temporary file beside it, fsync it, rename it over, fsync the folder.
 */
export async function writeJsonFileAtomically(path: string, value: unknown): Promise<void> {
  const secretField = findSecretField(value);
  if (secretField) throw new Error(`Refusing to store a value with a secret-shaped field (${secretField}).`);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(value), 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
  await syncDirectory(dir);
}

/** The parsed file, or `undefined` when it is missing or not JSON (a damaged file is treated as absent). */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
