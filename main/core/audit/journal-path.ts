import { join } from 'node:path';

/** The journal lives in its own folder, beside its rotated `journal.<n>.jsonl` files. */
export const auditDir = (dataDir: string): string => join(dataDir, 'audit');
export const journalPath = (dataDir: string): string => join(auditDir(dataDir), 'journal.jsonl');
