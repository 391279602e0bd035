import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { containsHeldSecret, findSecretField } from './secret-guard';
import { syncDirectory } from './store-files';

/**
 * Replace a small file so a crash leaves either the old or the new content, never half: write a
 * temporary file beside it (0600), fsync it, rename it over, fsync the folder. The one atomic
 * writer of the app (settings, observation snapshots).
 */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** `writeFileAtomically` for a JSON value; a value holding a secret-shaped field is refused (a caller bug). */
export async function writeJsonFileAtomically(path: string, value: unknown, options: { pretty?: boolean } = {}): Promise<void> {
  const secretField = findSecretField(value);
  if (secretField) throw new Error(`Refusing to store a value with a secret-shaped field (${secretField}).`);
  const text = options.pretty ? `${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value);
  if (containsHeldSecret(text)) throw new Error('Refusing to store a value that contains a secret being handed out (a temporary access code).');
  await writeFileAtomically(path, text);
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
