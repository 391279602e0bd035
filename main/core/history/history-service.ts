import { FactorDeskError } from '../../../contract/errors';
import type { HistoryPage, SystemLogState, TimelineEntry } from '../../../contract/history';
import { outcomesOf, type JournalQuery, type JournalReadResult } from '../audit';
import type { ActiveOrg } from '../feature-context';
import type { FactorObservations } from '../observations';
import { systemLogPage, type SystemLogPage } from '../okta/resources';
import { DeskActionIndex, groupLogEntries, withGroup } from './action-groups';
import { FactorDirectory } from './factor-directory';
import { decodeCursor, encodeCursor, type HistoryCursor } from './history-cursor';
import { mapJournalRecord } from './map-journal';
import { dropEchoedVerifications } from './map-log-event';
import { mapObservation } from './map-observation';
import { mapLogEvents, resetTransactionOf } from './oie-resets';
import { firstPageQuery, systemLogRetentionDays, systemLogWindow } from './system-log-query';
import { isOlderThan, keyOf, newestFirst, type TimelineKey } from './timeline-order';

export const noPermissionMessage = "This connection can't read the System Log; showing what FactorDesk recorded.";

export interface HistoryServiceOptions {
  observations: Pick<FactorObservations, 'read' | 'lastKnownFactors'>;
  /** The audit journal's records of a span (FactorDesk's own actions). */
  readJournal(query: JournalQuery & { since: string }): Promise<JournalReadResult>;
  /** High-risk attempts of this process still waiting for Okta: not shown as unknown while their outcome is on its way. */
  attemptsInFlight?(): ReadonlySet<string>;
  now(): Date;
}

export interface PageRequest {
  userId: string;
  since: string;
  until: string;
  cursor?: string;
  pageSize: number;
}

interface LocalEntries {
  entries: TimelineEntry[];
  directory: FactorDirectory;
  /** The desk's actions in the view, which System Log entries are matched against as they page in. */
  desk: DeskActionIndex;
}

/** The start of everything: local entries are newer than nothing yet. */
const top: TimelineKey = { at: Number.POSITIVE_INFINITY, id: '' };

/**
 * Builds the timeline: System Log pages fetched lazily newest first, with the local entries
 * (observations, journal) that fall in the same span merged in, so paging back never shows a local
 * entry out of order.
 */
export class HistoryService {
  /**
   * The local entries of the view being paged back through. Later pages reuse them instead of
   * re-reading the observation and journal files: anything recorded since the first page is newer
   * than every entry a later page can show.
   */
  private pagedView: { key: string; local: LocalEntries } | null = null;

  constructor(private readonly options: HistoryServiceOptions) {}

  async page(active: ActiveOrg, request: PageRequest): Promise<HistoryPage> {
    const view = { userId: request.userId, since: request.since, until: request.until };
    const cursor: HistoryCursor = request.cursor
      ? decodeCursor(request.cursor, view)
      : { v: 1, ...view, log: { state: 'more', next: '' }, before: top };
    const isFirstPage = !request.cursor;
    const window = systemLogWindow(new Date(request.since), new Date(request.until), this.options.now());

    const { entries: local, directory, desk } = await this.localEntriesOfView(active, request, isFirstPage);
    let systemLog: SystemLogState = { available: true, searchedSince: window.since?.toISOString() ?? null };
    if (window.clipped) systemLog.message = retentionMessage(window.since);

    // 1. One page of the System Log, unless it is finished, unreadable, or the range is too old for it.
    let logPage: SystemLogPage | null = null;
    let logState = cursor.log;
    if (logState.state === 'more' && window.since === null) logState = { state: 'done' };
    if (logState.state === 'more') {
      try {
        const skip = new Set(logState.skip ?? []);
        const fetched = await systemLogPage(
          active.client,
          logState.next ? { nextUrl: logState.next } : { query: firstPageQuery(request.userId, { ...window, since: window.since as Date }, request.pageSize) },
        );
        logPage = { ...fetched, events: fetched.events.filter((event) => !skip.has(event.uuid)) };
        logState = logPage.nextUrl ? { state: 'more', next: logPage.nextUrl } : { state: 'done' };
        ({ page: logPage, state: logState } = await completeTrailingReset(active, logPage, logState));
      } catch (error) {
        if (isPermissionDenied(error)) {
          logState = { state: 'unavailable' };
        } else if (isFirstPage) {
          // The local story is still worth showing; the agent can refresh to try Okta again.
          logState = { state: 'unavailable' };
          const reason = error instanceof Error ? error.message : 'an unexpected failure';
          systemLog = { available: false, searchedSince: null, message: `Couldn't read the System Log (${reason.replace(/\.$/, '')}); showing what FactorDesk recorded. Refresh to try again.` };
        } else {
          throw error;
        }
      }
    }
    if (logState.state === 'unavailable' && systemLog.available) {
      systemLog = { available: false, searchedSince: null, message: noPermissionMessage };
    }

    // 2. Merge: with more log to come, local entries down to the oldest log event shown; otherwise page them.
    const logEntries = groupLogEntries(mapLogEvents(logPage ? dropEchoedVerifications(logPage.events) : [], request.userId, directory), desk);
    const remainingLocal = local.filter((entry) => isOlderThan(entry, cursor.before));

    let entries: TimelineEntry[];
    let before: TimelineKey;
    let more: boolean;
    if (logState.state === 'more' && logPage?.oldestAt !== null && logPage?.oldestAt !== undefined) {
      const oldestAt = logPage.oldestAt;
      entries = [...logEntries, ...remainingLocal.filter((entry) => Date.parse(entry.at) >= oldestAt)].sort(newestFirst);
      before = { at: oldestAt, id: '' };
      more = true;
    } else {
      const merged = [...logEntries, ...remainingLocal].sort(newestFirst);
      // Every log entry of this page is shown; local ones beyond fill up to a page and wait for the next.
      const lastLog = merged.findLastIndex((entry) => entry.source === 'system_log');
      const count = Math.max(lastLog + 1, Math.min(merged.length, request.pageSize));
      entries = merged.slice(0, count);
      const last = entries.at(-1);
      before = last ? keyOf(last) : cursor.before;
      more = count < merged.length;
    }

    const nextCursor = more ? encodeCursor({ v: 1, ...view, log: logState.state === 'more' ? logState : { state: logState.state }, before }) : null;
    return { userId: request.userId, since: request.since, until: request.until, entries, nextCursor, systemLog };
  }

  private async localEntriesOfView(active: ActiveOrg, request: PageRequest, isFirstPage: boolean): Promise<LocalEntries> {
    const key = JSON.stringify([active.org.id, request.userId, request.since, request.until]);
    if (!isFirstPage && this.pagedView?.key === key) return this.pagedView.local;
    const local = await this.localEntries(active, request);
    this.pagedView = { key, local };
    return local;
  }

  /** Observations and journal records of this user in the range, newest first, and what they say about factors. */
  private async localEntries(active: ActiveOrg, request: PageRequest): Promise<LocalEntries> {
    const orgId = active.org.id;
    const range = { since: request.since, until: request.until };
    const [observed, journal, snapshot] = await Promise.all([
      // All of it: names and devices of factors may come from before the range.
      this.options.observations.read({ orgId, userId: request.userId }),
      // Up to now, not `until`: an attempt in range may have its outcome just after it.
      this.options.readJournal({ userId: request.userId, since: range.since }),
      this.options.observations.lastKnownFactors(orgId, request.userId),
    ]);
    const since = Date.parse(request.since);
    const until = Date.parse(request.until);
    const observedInRange = observed.records.filter((record) => Date.parse(record.at) >= since && Date.parse(record.at) < until);
    const journalRecords = outcomesOf(
      journal.records.filter((record) => record.orgId === orgId),
      this.options.attemptsInFlight?.(),
    ).filter((record) => Date.parse(record.time) < until);
    const directory = FactorDirectory.from({ snapshot, observations: observed.records, journal: journalRecords });
    const desk = new DeskActionIndex(journalRecords);
    const entries = [
      ...observedInRange.map((record) => {
        const entry = mapObservation(record);
        return withGroup(entry, desk.echoGroup(entry));
      }),
      ...journalRecords.map((record) => withGroup(mapJournalRecord(record, directory), desk.journalGroup(record.id))),
    ].sort(newestFirst);
    return { entries, directory, desk };
  }
}

type LogState = HistoryCursor['log'];

/**
 * An Identity Engine reset of all factors is several events of one request, shown as one entry, so
 * they must be on one page: when a page ends inside one, the next page's leading events of that
 * request are read now and skipped when that page is read (a few pages at most; a failure to read
 * ahead only leaves the reset split).
 */
async function completeTrailingReset(active: ActiveOrg, page: SystemLogPage, state: LogState): Promise<{ page: SystemLogPage; state: LogState }> {
  const events = [...page.events];
  let next = state;
  for (let look = 0; look < 5 && next.state === 'more'; look += 1) {
    const last = events.at(-1);
    const transaction = last ? resetTransactionOf(last) : null;
    if (!transaction) break;
    let ahead: SystemLogPage;
    try {
      ahead = await systemLogPage(active.client, { nextUrl: next.next });
    } catch {
      break;
    }
    const aheadEvents = ahead.events.filter((event) => !(next.state === 'more' && next.skip?.includes(event.uuid)));
    const end = aheadEvents.findIndex((event) => resetTransactionOf(event) !== transaction);
    const leading = aheadEvents.slice(0, end === -1 ? aheadEvents.length : end);
    if (leading.length === 0) break;
    events.push(...leading);
    if (leading.length < aheadEvents.length) {
      next = { state: 'more', next: next.next, skip: [...(next.skip ?? []), ...leading.map((event) => event.uuid)] };
      break;
    }
    next = ahead.nextUrl ? { state: 'more', next: ahead.nextUrl } : { state: 'done' };
  }
  if (events.length === page.events.length) return { page, state };
  const times = events.map((event) => Date.parse(event.published));
  return { page: { ...page, events, oldestAt: Math.min(...times) }, state: next };
}

function retentionMessage(searchedSince: Date | null): string {
  if (searchedSince === null) {
    return `The System Log keeps about ${systemLogRetentionDays} days, so this range shows only what FactorDesk recorded.`;
  }
  return `The System Log keeps about ${systemLogRetentionDays} days: before ${searchedSince.toISOString().slice(0, 10)} only what FactorDesk recorded is shown.`;
}

/** True for Okta's "you may not read this" (E0000006, or 403 in general). */
function isPermissionDenied(error: unknown): boolean {
  return error instanceof FactorDeskError && (error.data.code === 'PERMISSION_DENIED' || error.data.httpStatus === 403);
}
