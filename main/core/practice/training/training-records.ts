import { join } from 'node:path';
import type { TrainingDebrief, TrainingScenarioId } from '../../../../contract/training';
import { JsonlStore, readJsonlStore } from '../../storage';

/** A training call as started: who the caller is and what they held when it began. */
export interface TrainingCallRecord {
  callId: string;
  scenarioId: TrainingScenarioId;
  orgId: string;
  ticket: string;
  caller: { userId: string; login: string; displayName: string };
  startedAt: string;
  /** The caller's factors when the call began (ids, types, providers: nothing secret). */
  startFactors: { id: string; factorType: string; provider: string }[];
  /** Factors the caller does not hold (a lost phone, an old number, someone else's phone). */
  untrustedFactorIds: string[];
}

/** One line of `<data>/training/calls.jsonl`. */
type TrainingLine =
  | { kind: 'started'; time: string; call: TrainingCallRecord }
  /** The caller's ticket note was written (and handed to the clipboard) at `time`. Only that it was: never the note. */
  | { kind: 'ticket_note'; time: string; callId: string }
  | { kind: 'ended'; time: string; callId: string; debrief: TrainingDebrief };

interface CallState {
  call: TrainingCallRecord;
  ticketNotes: string[];
  debrief: TrainingDebrief | null;
}

/**
 * The desk's own record of training calls, kept beside the audit journal (which records what the
 * trainee did to the caller): which call is running, when its ticket note was copied, and each
 * finished call's debrief. Append-only JSON lines, read once on first use, so a call survives a
 * restart of FactorDesk. Nothing secret is written (the store refuses secret-shaped fields anyway).
 */
export class TrainingRecords {
  private readonly store: JsonlStore;
  private loaded: Promise<Map<string, CallState>> | null = null;

  constructor(private readonly dataDir: string) {
    this.store = new JsonlStore({ dir: join(dataDir, 'training'), name: 'calls' });
  }

  private calls(): Promise<Map<string, CallState>> {
    this.loaded ??= readJsonlStore<TrainingLine>(join(this.dataDir, 'training'), 'calls', (value) => parseLine(value)).then((read) => {
      const calls = new Map<string, CallState>();
      for (const line of read.records) apply(calls, line);
      return calls;
    });
    return this.loaded;
  }

  private async write(line: TrainingLine): Promise<void> {
    const calls = await this.calls();
    await this.store.append(line);
    apply(calls, line);
  }

  /** The call running in the org, if any (the latest started one that has not ended). */
  async running(orgId: string): Promise<TrainingCallRecord | null> {
    const open = [...(await this.calls()).values()].filter((state) => state.call.orgId === orgId && state.debrief === null);
    return open.at(-1)?.call ?? null;
  }

  async get(callId: string): Promise<{ call: TrainingCallRecord; ticketNotes: readonly string[]; debrief: TrainingDebrief | null } | null> {
    return (await this.calls()).get(callId) ?? null;
  }

  started(call: TrainingCallRecord): Promise<void> {
    return this.write({ kind: 'started', time: call.startedAt, call });
  }

  /** A ticket note was written for this user in this org: counted for the running call whose caller it is. */
  async ticketNoteWritten(orgId: string, userId: string, time: string): Promise<void> {
    const open = [...(await this.calls()).values()].filter((state) => state.call.orgId === orgId && state.call.caller.userId === userId && state.debrief === null);
    for (const state of open) await this.write({ kind: 'ticket_note', time, callId: state.call.callId });
  }

  ended(debrief: TrainingDebrief): Promise<void> {
    return this.write({ kind: 'ended', time: debrief.endedAt, callId: debrief.callId, debrief });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function apply(calls: Map<string, CallState>, line: TrainingLine): void {
  if (line.kind === 'started') {
    calls.set(line.call.callId, { call: line.call, ticketNotes: [], debrief: null });
    return;
  }
  const state = calls.get(line.callId);
  if (!state) return;
  if (line.kind === 'ticket_note') state.ticketNotes.push(line.time);
  else state.debrief = line.debrief;
}

function parseLine(value: unknown): TrainingLine | null {
  if (typeof value !== 'object' || value === null) return null;
  const line = value as Partial<TrainingLine> & { call?: Partial<TrainingCallRecord> };
  if (typeof line.time !== 'string' || Number.isNaN(Date.parse(line.time))) return null;
  if (line.kind === 'started') return typeof line.call?.callId === 'string' && typeof line.call.caller?.userId === 'string' ? (line as TrainingLine) : null;
  if (line.kind === 'ticket_note' || line.kind === 'ended') return typeof line.callId === 'string' ? (line as TrainingLine) : null;
  return null;
}
