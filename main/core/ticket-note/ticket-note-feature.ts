import type { ticketNoteMethods } from '../../../contract/ticket-note';
import { outcomesOf, type JournalQuery, type JournalReadResult } from '../audit';
import type { Connections, Feature } from '../feature-context';
import { FactorDirectory } from '../history';
import type { FactorObservations } from '../observations';
import { getUser } from '../okta/resources';
import { toUserSummary } from '../users/map-user';
import { currentCall } from './call-span';
import { buildTicketNote } from './ticket-note';

export type TicketNoteMethodName = keyof typeof ticketNoteMethods;

/** Asking Okta for the caller's name must not keep the agent waiting: without it the note names them by login. */
const NAME_LOOKUP_MS = 3000;

export interface TicketNoteFeatureDeps {
  connections: Connections;
  now(): Date;
  /** When this session of FactorDesk began: no call reaches back before it. */
  sessionStartedAt: Date;
  /** The agent's OS user, for a call with nothing recorded yet. */
  agentName: string;
  /** The audit journal's records of one user from a time on, oldest first. */
  readJournal(query: JournalQuery & { since: Date }): Promise<JournalReadResult>;
  /** Names and devices of the user's factors, as FactorDesk last listed and saw them. */
  observations: Pick<FactorObservations, 'read' | 'lastKnownFactors'>;
  /** High-risk attempts still waiting for Okta in this process: not written up as unknown while their outcome is on its way. */
  attemptsInFlight?(): ReadonlySet<string>;
  /** Told once a note is written for the agent to copy (a training call's debrief asks whether the ticket was noted). */
  onNoteWritten?(orgId: string, userId: string, at: Date): Promise<void>;
}

/** "Copy ticket note": the current call with a user, written up from the journal. */
export function createTicketNoteFeature(deps: TicketNoteFeatureDeps): Feature<TicketNoteMethodName> {
  return {
    handlers: {
      getTicketNote: async ({ userId, timeZone }) => {
        const active = deps.connections.active();
        const orgId = active.org.id;
        const [journal, observed, snapshot, user] = await Promise.all([
          deps.readJournal({ userId, since: deps.sessionStartedAt }),
          deps.observations.read({ orgId, userId }),
          deps.observations.lastKnownFactors(orgId, userId),
          getUser(active.client, userId, AbortSignal.timeout(NAME_LOOKUP_MS)).catch(() => null),
        ]);
        // Bulk jobs are not calls: their rows are written up by the job's own export.
        const records = outcomesOf(
          journal.records.filter((record) => record.orgId === orgId && !record.bulkJob),
          deps.attemptsInFlight?.(),
        );
        const call = currentCall(records);
        const directory = FactorDirectory.from({ snapshot, observations: observed.records, journal: call.records });
        const summary = user ? toUserSummary(user) : null;
        const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
        const note = buildTicketNote({
          caller: { id: userId, login: summary?.login ?? call.records.findLast((record) => record.userLogin)?.userLogin ?? null, displayName: summary?.displayName ?? null },
          org: { name: active.org.name, url: active.org.url },
          agentNow: { osUser: deps.agentName, actingAs: active.actingAs ?? null },
          records: call.records,
          endedAt: call.endedAt,
          factorOf: (factorId) => directory.get(factorId),
          now: deps.now(),
          timeZone: zone,
        });
        await deps.onNoteWritten?.(orgId, userId, deps.now());
        return { userId, text: note.text, callStartedAt: note.callStartedAt, callEndedAt: call.endedAt, actionCount: note.actionCount, timeZone: zone };
      },
    },
  };
}
