// A secret FactorDesk holds for a moment (a temporary access code between Okta's answer and the
// agent's screen) is refused by every local store by value, not only by field name, and redacted
// from log lines, until it is released; the audit journal refuses a record that carries it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditJournal } from '../../../main/core/audit';
import { safeLog } from '../../../main/core/safe-log';
import { holdSecret, JsonlStore, StoreWriteError, writeJsonFileAtomically } from '../../../main/core/storage';
import { useTempDirs } from '../../support/temp-dirs';

const tempDir = useTempDirs('held-secrets');
const CODE = '4&^CnBV^3^u4b^Hg';

const entry = (detail: string) => ({ orgId: 'sandbox', orgUrl: 'http://127.0.0.1:1', userId: '00ub0oNGTSWTBKOLGLNR', userLogin: 'isaac@example.org', action: 'issue_tac' as const, outcome: 'success' as const, detail });

describe('a secret being handed out', () => {
  it('is refused by the audit journal while held, wherever in the record it is, and accepted text never contains it', async () => {
    const dataDir = await tempDir();
    const journal = new AuditJournal({ dataDir, agent: 'agent', now: () => new Date() });
    const release = holdSecret(CODE);
    try {
      await expect(journal.append(entry(`code ${CODE} issued`))).rejects.toThrow(/could not write it to the audit journal/);
      await expect(journal.append({ ...entry('fine'), bulkJob: { jobId: 'j', row: 1, ticket: `x${CODE}x` } })).rejects.toThrow(/audit journal/);
      await journal.append(entry('single-use code for 2 hours'));
    } finally {
      release();
    }
    // Released: the same text is no longer known to be secret (by value) — the field-name guard still stands.
    await journal.append(entry('released'));
    await expect(journal.append({ ...entry('x'), ...({ tac: CODE } as object) })).rejects.toThrow(/audit journal/);
    await journal.close();
    const text = await readFile(journal.path, 'utf8');
    expect(text).not.toContain(CODE);
    expect(text.trim().split('\n')).toHaveLength(2);
  });

  it('is refused by the JSON-lines and settings writers with a reason that does not quote it', async () => {
    const dir = await tempDir();
    const store = new JsonlStore({ dir, name: 'observations' });
    const release = holdSecret(CODE);
    const failure = await store.append({ n: 1, note: CODE }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreWriteError);
    expect((failure as StoreWriteError).reason).toBe('secret_value');
    expect((failure as StoreWriteError).message).not.toContain(CODE);
    await expect(writeJsonFileAtomically(join(dir, 'settings.json'), { name: CODE })).rejects.toThrow(/secret being handed out/);
    release();
    await store.close();
  });

  it('is redacted from log lines and error texts while held, and two holders keep it held until both release', async () => {
    const lines: string[] = [];
    const log = safeLog((message, error) => lines.push(`${message} | ${String(error ?? '')}`), () => []);
    const first = holdSecret(CODE);
    const second = holdSecret(CODE);
    first();
    log(`message with ${CODE}`, new Error(`failure with ${CODE}`));
    log(`plain ${CODE}`);
    second();
    expect(lines.join('\n')).not.toContain(CODE);
    expect(lines[0]).toContain('[redacted]');
    expect(lines[1]).toBe('plain [redacted] | ');
  });
});
