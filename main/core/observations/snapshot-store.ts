import { join } from 'node:path';
import { readJsonFile, writeJsonFileAtomically } from '../storage';
import type { FactorSnapshot } from './observation-record';

interface UserSnapshot {
  /** When this snapshot last changed (ISO); the least recently changed users are forgotten first. */
  at: string;
  factors: FactorSnapshot[];
}

interface SnapshotFile {
  version: 1;
  users: Record<string, UserSnapshot>;
}

/**
 * The last known factors per org+user, so the next listing can be compared with it. One small
 * JSON file replaced atomically on change; at most `maxUsers` users are kept.
 */
export class SnapshotStore {
  private readonly path: string;
  private readonly maxUsers: number;
  private users: Map<string, UserSnapshot> | null = null;

  constructor(dir: string, maxUsers: number) {
    this.path = join(dir, 'snapshots.json');
    this.maxUsers = maxUsers;
  }

  async get(orgId: string, userId: string): Promise<FactorSnapshot[] | null> {
    return (await this.load()).get(key(orgId, userId))?.factors ?? null;
  }

  async set(orgId: string, userId: string, factors: FactorSnapshot[], at: string): Promise<void> {
    const users = await this.load();
    users.delete(key(orgId, userId));
    users.set(key(orgId, userId), { at, factors });
    // Map order is insertion order, and every change re-inserts: the first keys are the stalest.
    for (const stale of users.keys()) {
      if (users.size <= this.maxUsers) break;
      users.delete(stale);
    }
    const file: SnapshotFile = { version: 1, users: Object.fromEntries(users) };
    await writeJsonFileAtomically(this.path, file);
  }

  private async load(): Promise<Map<string, UserSnapshot>> {
    if (this.users) return this.users;
    const file = await readJsonFile(this.path);
    const entries =
      isSnapshotFile(file) ? Object.entries(file.users).sort(([, a], [, b]) => Date.parse(a.at) - Date.parse(b.at)) : [];
    this.users = new Map(entries);
    return this.users;
  }
}

function key(orgId: string, userId: string): string {
  return `${orgId}/${userId}`;
}

function isSnapshotFile(value: unknown): value is SnapshotFile {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { version?: unknown; users?: unknown };
  return candidate.version === 1 && typeof candidate.users === 'object' && candidate.users !== null;
}
