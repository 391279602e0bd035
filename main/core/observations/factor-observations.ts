import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FactorSummary } from '../../../contract/users';
import { JsonlStore, readJsonlStore } from '../storage';
import { diffFactors, toSnapshot } from './factor-diff';
import { parseObservationRecord, type FactorObservationRecord, type FactorSnapshot } from './observation-record';
import { SnapshotStore } from './snapshot-store';

export interface FactorObservationsOptions {
  dataDir: string;
  now(): Date;
  /** Rotation of observations.jsonl; defaults 2 MiB × 5 files. */
  maxFileBytes?: number;
  maxFiles?: number;
  /** Users whose last snapshot is remembered; default 2000. */
  maxUsers?: number;
}

export interface ObservationQuery {
  orgId: string;
  userId: string;
  /** Inclusive. */
  since?: Date | string;
  /** Exclusive. */
  until?: Date | string;
}

export const observationsDir = (dataDir: string): string => join(dataDir, 'observations');

/**
 * What FactorDesk saw of each user's factors. Each listing is compared with the last snapshot for
 * that org+user and the transitions are appended to a durable rotating store, so the history has
 * them even when Okta's System Log is out of reach or has dropped them.
 */
export class FactorObservations {
  private readonly store: JsonlStore;
  private readonly snapshots: SnapshotStore;
  private readonly now: () => Date;
  private readonly dir: string;
  /** Listings are compared one at a time, so two quick refreshes never both see the same "before". */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: FactorObservationsOptions) {
    this.dir = observationsDir(options.dataDir);
    this.now = options.now;
    this.store = new JsonlStore({
      dir: this.dir,
      name: 'observations',
      maxFileBytes: options.maxFileBytes ?? 2 * 1024 * 1024,
      maxFiles: options.maxFiles ?? 5,
    });
    this.snapshots = new SnapshotStore(this.dir, options.maxUsers ?? 2000);
  }

  /** Compare a fresh listing with the last one and record what changed; answers the new records. */
  recordListing(orgId: string, userId: string, factors: FactorSummary[]): Promise<FactorObservationRecord[]> {
    const done = this.queue.then(() => this.compareAndRecord(orgId, userId, factors.map(toSnapshot)));
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** The factors as last listed, or null when this user was never listed (or has been forgotten). */
  lastKnownFactors(orgId: string, userId: string): Promise<FactorSnapshot[] | null> {
    return this.snapshots.get(orgId, userId);
  }

  /** Observations of one user, oldest first. */
  async read(query: ObservationQuery): Promise<{ records: FactorObservationRecord[]; skippedLines: number }> {
    const since = query.since === undefined ? -Infinity : new Date(query.since).getTime();
    const until = query.until === undefined ? Infinity : new Date(query.until).getTime();
    return readJsonlStore(this.dir, 'observations', (value) => {
      const record = parseObservationRecord(value);
      if (!record) return null;
      const at = Date.parse(record.at);
      const wanted = record.orgId === query.orgId && record.userId === query.userId && at >= since && at < until;
      return wanted ? record : undefined;
    });
  }

  async close(): Promise<void> {
    await this.queue;
    await this.store.close();
  }

  private async compareAndRecord(orgId: string, userId: string, current: FactorSnapshot[]): Promise<FactorObservationRecord[]> {
    const previous = await this.snapshots.get(orgId, userId);
    const transitions = diffFactors(previous, current);
    // The first listing is remembered even when empty, so the next one can tell "new" from "first seen".
    if (transitions.length === 0 && previous !== null) return [];
    const at = this.now();
    const records = transitions.map((transition): FactorObservationRecord => ({
      id: newObservationId(at),
      at: at.toISOString(),
      orgId,
      userId,
      ...transition,
    }));
    // Records first: if the snapshot write fails, the next listing records the change again rather than never.
    for (const record of records) await this.store.append(record);
    await this.snapshots.set(orgId, userId, current, at.toISOString());
    return records;
  }
}

function newObservationId(time: Date): string {
  return `${time.getTime().toString(36).padStart(9, '0')}-${randomBytes(5).toString('hex')}`;
}
