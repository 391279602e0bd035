import { join } from 'node:path';

/** The journal lives in its own folder so rotation (issue 5) can add `journal.<n>.jsonl` files beside it. */
export const auditDir = (dataDir: string): string => join(dataDir, 'audit');
export const journalPath = (dataDir: string): string => join(auditDir(dataDir), 'journal.jsonl');
