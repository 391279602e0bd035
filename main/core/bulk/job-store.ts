import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BULK_JOB_ID_PATTERN } from '../../../contract/bulk';
import { JsonlStore, readJsonFile, readJsonlFile, writeJsonFileAtomically } from '../storage';
import type { JobJournalLine, JobRecord, RowPlan } from './bulk-job-record';

/** Time-ordered (base36 ms) plus randomness: sorts by creation and never collides. */
export function newJobId(now: Date): string {
  return `job-${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

/** Which process holds a job: only that one may run it (the app and the headless command share the folder). */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * The bulk jobs of one data folder: `bulk-jobs/<id>/job.json` (the job, rewritten atomically),
 * `plan.json` (the dry run's rows, written once), `rows.jsonl` (the job's own journal: attempts and
 * outcomes, each fsynced on the durable JSONL store) and `run.lock` (the process running it now).
 */
export class JobStore {
  readonly root: string;
  private readonly journals = new Map<string, JsonlStore>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'bulk-jobs');
  }

  private dir(jobId: string): string {
    if (!BULK_JOB_ID_PATTERN.test(jobId)) throw new Error(`Not a bulk job id: ${jobId}`);
    return join(this.root, jobId);
  }

  async listIds(): Promise<string[]> {
    try {
      return (await readdir(this.root)).filter((name) => BULK_JOB_ID_PATTERN.test(name)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async saveJob(job: JobRecord): Promise<void> {
    await writeJsonFileAtomically(join(this.dir(job.id), 'job.json'), job, { pretty: true });
  }

  async readJob(jobId: string): Promise<JobRecord | undefined> {
    const value = (await readJsonFile(join(this.dir(jobId), 'job.json'))) as JobRecord | undefined;
    return value?.version === 1 && value.id === jobId ? value : undefined;
  }

  async savePlans(jobId: string, plans: RowPlan[]): Promise<void> {
    await writeJsonFileAtomically(join(this.dir(jobId), 'plan.json'), { rows: plans });
  }

  async readPlans(jobId: string): Promise<RowPlan[] | undefined> {
    const value = (await readJsonFile(join(this.dir(jobId), 'plan.json'))) as { rows?: RowPlan[] } | undefined;
    return Array.isArray(value?.rows) ? value.rows : undefined;
  }

  /** Append one line to the job's journal and fsync it. */
  append(jobId: string, line: JobJournalLine): Promise<void> {
    let store = this.journals.get(jobId);
    if (!store) {
      // Never rotated: a job's journal is read whole on resume (a 50 000-row inventory is a few MB).
      store = new JsonlStore({ dir: this.dir(jobId), name: 'rows', maxFileBytes: 1024 * 1024 * 1024, maxFiles: 2 });
      this.journals.set(jobId, store);
    }
    return store.append(line);
  }

  async readJournal(jobId: string): Promise<JobJournalLine[]> {
    const parsed = await readJsonlFile<JobJournalLine>(join(this.dir(jobId), 'rows.jsonl'), (value) =>
      typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as JobJournalLine) : null,
    );
    return parsed.records;
  }

  async closeJournal(jobId: string): Promise<void> {
    const store = this.journals.get(jobId);
    this.journals.delete(jobId);
    await store?.close();
  }

  /**
   * Take the job for this process. A lock left by a process that no longer runs (a crash, a killed
   * headless command) is taken over; one held by a live process is not. Answers the holder then.
   */
  async lock(jobId: string): Promise<{ held: true } | { held: false; owner: LockOwner }> {
    const path = join(this.dir(jobId), 'run.lock');
    await mkdir(this.dir(jobId), { recursive: true, mode: 0o700 });
    for (let tries = 0; tries < 3; tries += 1) {
      try {
        const handle = await open(path, 'wx', 0o600);
        try {
          await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockOwner));
          await handle.sync();
        } finally {
          await handle.close();
        }
        return { held: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = await this.lockOwner(jobId);
        if (owner && owner.pid === process.pid && owner.host === hostname()) return { held: true };
        if (owner && isAlive(owner)) return { held: false, owner };
        await rm(path, { force: true });
      }
    }
    throw new Error(`Could not take the lock of ${jobId}.`);
  }

  /** The live process holding the job, if another one does. */
  async heldElsewhere(jobId: string): Promise<LockOwner | undefined> {
    const owner = await this.lockOwner(jobId);
    if (!owner || (owner.pid === process.pid && owner.host === hostname())) return undefined;
    return isAlive(owner) ? owner : undefined;
  }

  async unlock(jobId: string): Promise<void> {
    const owner = await this.lockOwner(jobId);
    if (owner && owner.pid === process.pid && owner.host === hostname()) await rm(join(this.dir(jobId), 'run.lock'), { force: true });
  }

  private async lockOwner(jobId: string): Promise<LockOwner | undefined> {
    try {
      const value = JSON.parse(await readFile(join(this.dir(jobId), 'run.lock'), 'utf8')) as Partial<LockOwner>;
      return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host, since: String(value.since) } : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.journals.keys()].map((id) => this.closeJournal(id)));
  }
}

/** Whether the lock's process still runs (only knowable on this host: elsewhere it counts as running). */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
