import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * File naming for a rotating store: `<name>.jsonl` is the active file, `<name>.1.jsonl` the most
 * recently rotated one, `<name>.2.jsonl` older, and so on.
 */
export function activeFile(dir: string, name: string): string {
  return join(dir, `${name}.jsonl`);
}

export function rotatedFile(dir: string, name: string, generation: number): string {
  return join(dir, `${name}.${generation}.jsonl`);
}

/** Every file of the store that exists now, oldest first (highest generation first, active last). */
export async function storeFilesOldestFirst(dir: string, name: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rotated = new RegExp(`^${escaped}\\.(\\d+)\\.jsonl$`);
  const generations: number[] = [];
  let hasActive = false;
  for (const entry of entries) {
    if (entry === `${name}.jsonl`) hasActive = true;
    const match = rotated.exec(entry);
    if (match) generations.push(Number(match[1]));
  }
  generations.sort((a, b) => b - a);
  const files = generations.map((generation) => rotatedFile(dir, name, generation));
  if (hasActive) files.push(activeFile(dir, name));
  return files;
}

/** Make renames and new files durable (POSIX); harmless to skip where directories cannot be opened. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open directories; each file's own fsync still holds its data.
  }
}
