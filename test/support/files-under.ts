import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file below `dir` (recursively) with its text: for checking that nothing secret was written anywhere. */
export async function filesUnder(dir: string): Promise<Array<[string, string]>> {
  const files: Array<[string, string]> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.push([path, await readFile(path, 'latin1')]);
  }
  return files;
}
