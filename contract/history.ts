// Factor status history: one timeline per user, merged from three sources.
//
// - `system_log`: Okta System Log events about the user's factors (GET /api/v1/logs), paged lazily
//   newest first; Okta keeps about 90 days.
// - `observed`: transitions FactorDesk itself saw each time it listed the user's factors (new
//   factor, PENDING_ACTIVATION → ACTIVE, removed, device changed). Kept locally, so it outlives log
//   retention and works when the token cannot read the System Log.
// - `journal`: the helpdesk's own actions from the audit journal.
//
// How the UI uses it: `getHistory` for the first page (no cursor), then again with `nextCursor` as the
// agent scrolls back ("Load older"), until `nextCursor` is null. Filters are applied by the renderer
// to what is loaded, with `matchesHistoryFilters` below, and by main in `exportHistory`, so an export
// holds exactly what the view shows once everything is loaded. When the token cannot read the System
// Log, `systemLog.available` is false and `systemLog.message` is the one line to show.
//
// One action is often told by several sources (a test push: started and verified in the journal,
// sent and answered in the System Log). Main links such entries with a shared `group` (by factor,
// time window and Okta transaction); the view shows each group as one row that expands into its
// parts. The "Desk actions" filter (`deskActions`) keeps what this desk did and those echoes of it.
import { z } from 'zod';
import { method } from './define';
import { oktaFactorIdSchema, oktaUserIdSchema as userId } from './ids';

export const historySources = ['system_log', 'observed', 'journal'] as const;
export type HistorySource = (typeof historySources)[number];

/** What happened to a factor, in the few words the timeline and the status strips branch on. */
export const timelineKinds = [
  'enrolled', // enrollment started (pending activation) or a new factor first seen
  'activated', // the factor became ACTIVE (a finished enrollment)
  'sent', // a push, SMS, call or email was sent (challenge or activation)
  'challenged', // a verification was started by the helpdesk
  'verified', // a challenge passed
  'denied', // a push was rejected on the phone
  'failed', // a wrong code or answer, or an action that failed
  'timeout', // a push or an activation expired unanswered
  'cancelled',
  'reset', // one factor removed by an admin or the helpdesk
  'reset_all', // every factor of the user removed
  'removed', // a factor disappeared between two listings (observed)
  'status_changed', // any other status transition (observed)
  'device_changed', // the push device or phone changed (observed)
  'suspended',
  'unsuspended',
  'updated',
  // The account around the factors (no factor concerned): what the risk card and the lock reason link to.
  'signed_in', // a sign-in (or a failed attempt) and where it came from
  'suspicious_activity', // the user reported suspicious activity
  'locked', // Okta locked the account
  'unlocked', // unlocked by an admin, by the user or by itself
  'password_reset', // the password was reset or changed
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/** `unknown`: FactorDesk's request may have reached Okta but its answer was lost, and reading back could not tell. */
export const timelineOutcomes = ['success', 'failure', 'denied', 'timeout', 'pending', 'cancelled', 'unknown', 'info'] as const;
export type TimelineOutcome = (typeof timelineOutcomes)[number];

/** Any JSON value: the raw event or record shown on demand. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface TimelineActor {
  /** `user`: the person themselves (their phone); `admin`: someone through Okta (an API token or the Admin Console); `helpdesk`: an agent in FactorDesk; `system`: Okta or FactorDesk on their own. */
  kind: 'user' | 'admin' | 'helpdesk' | 'system';
  /** Who, in words: "Isaac Brock", "helpdesk (agent: jdoe)", "Okta". */
  name: string;
  /** Okta id, login or OS user name when known. */
  id: string | null;
}

export interface TimelineEntry {
  /** Unique across sources: `sl:<uuid>`, `ob:<id>`, `jr:<id>`. */
  id: string;
  /** ISO time the thing happened. */
  at: string;
  source: HistorySource;
  /** Null for user-wide events (reset all). */
  factorId: string | null;
  factorType: string | null;
  /** "Okta Verify (push)", "SMS"; null when no factor is concerned. */
  factorLabel: string | null;
  kind: TimelineKind;
  /** One sentence an agent understands: "Okta Verify enrolled on 'Isaac iPhone' (iOS 17.4)". */
  summary: string;
  actor: TimelineActor;
  outcome: TimelineOutcome;
  /** Observed entries: the factor's status after the change (ACTIVE, PENDING_ACTIVATION, REMOVED). */
  statusAfter: string | null;
  /** The raw System Log event, observation or journal record. */
  raw: JsonValue;
  /** The action this entry is a part of; entries sharing `group.key` are one row of the view. Absent: a row of its own. */
  group?: TimelineGroup;
}

/** What part of one action an entry is: how it began, what was sent, the answer, its result, Okta's record of it, or what a later listing saw. */
export const timelineParts = ['started', 'sent', 'answered', 'result', 'logged', 'seen'] as const;
export type TimelinePart = (typeof timelineParts)[number];

/**
 * One action told by several sources: a test push is started (journal), sent (System Log),
 * answered on the phone (System Log) and recorded as verified (journal). Main links them by factor,
 * time and Okta transaction; the view shows them as one row that expands into its parts.
 */
export interface TimelineGroup {
  /** The same for every part: `desk:<id of the action's first journal record>`, or `tx:<Okta transaction id>` for events of one Okta request. */
  key: string;
  /** What the action was: `test_push`, `code_check`, `enrollment`, `reset`, `reset_all`, `end_call`, another journal action's name, or `okta_transaction`. */
  action: string;
  part: TimelinePart;
  /** This desk did it: the journal's records of the action and Okta's echoes of them ("Desk actions" keeps these). */
  desk: boolean;
}

export interface SystemLogState {
  /** False when the System Log could not be read for this view (the token lacks permission, or Okta failed). */
  available: boolean;
  /** One line for the agent when not available, or when the range reaches past the log's retention. */
  message?: string;
  /** The earliest time the System Log was searched from (Okta keeps about 90 days); null when not searched. */
  searchedSince: string | null;
}

export interface HistoryPage {
  userId: string;
  /** The range this timeline covers (ISO), after defaults. */
  since: string;
  until: string;
  /** Newest first. */
  entries: TimelineEntry[];
  /** Pass back to get older entries; null when everything in the range is loaded. */
  nextCursor: string | null;
  systemLog: SystemLogState;
}

export interface HistoryExport {
  fileName: string;
  mimeType: 'text/csv' | 'application/json';
  content: string;
  /** Number of entries exported. */
  count: number;
  /** True when the export stopped at its size limit before the start of the range. */
  truncated: boolean;
}

// ---------------------------------------------------------------- inputs

const dayMs = 24 * 60 * 60 * 1000;
/** Longest range one view may cover: local stores can go back further than Okta's 90 days, but not without bound. */
export const maxHistoryRangeDays = 400;
export const defaultHistoryRangeDays = 30;

const isoTime = z.iso.datetime({ offset: true });

export const historyFiltersSchema = z
  .object({
    factorIds: z.array(oktaFactorIdSchema).max(100).optional(),
    kinds: z.array(z.enum(timelineKinds)).max(timelineKinds.length).optional(),
    outcomes: z.array(z.enum(timelineOutcomes)).max(timelineOutcomes.length).optional(),
    sources: z.array(z.enum(historySources)).max(historySources.length).optional(),
    /** "Desk actions": only what this desk did (journal records) and Okta's echoes of it. */
    deskActions: z.boolean().optional(),
  })
  .strict();
export type HistoryFilters = z.infer<typeof historyFiltersSchema>;

const rangeFields = {
  userId,
  /** Default: `until` minus 30 days. */
  since: isoTime.optional(),
  /** Default: now. */
  until: isoTime.optional(),
};

function rangeIsBounded(value: { since?: string; until?: string }, context: z.RefinementCtx): void {
  if (value.since === undefined || value.until === undefined) return;
  const span = Date.parse(value.until) - Date.parse(value.since);
  if (span <= 0) context.addIssue({ code: 'custom', path: ['since'], message: 'The start of the range must be before its end.' });
  else if (span > maxHistoryRangeDays * dayMs) {
    context.addIssue({ code: 'custom', path: ['since'], message: `Choose a range of at most ${maxHistoryRangeDays} days.` });
  }
}

export const getHistoryInputSchema = z
  .object({
    ...rangeFields,
    /** `nextCursor` from the previous page; the range must be the same as for that page. */
    cursor: z.string().min(1).max(4000).optional(),
    /** System Log events fetched per page (local entries in the same time span come with them). */
    pageSize: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .superRefine(rangeIsBounded);

export const exportHistoryInputSchema = z
  .object({
    ...rangeFields,
    format: z.enum(['csv', 'json']),
    filters: historyFiltersSchema.default({}),
  })
  .strict()
  .superRefine(rangeIsBounded);

export const historyMethods = {
  /**
   * One page of the user's timeline, newest first. Errors: NOT_CONNECTED; NOT_FOUND (unknown user);
   * a System Log failure on a later page (NETWORK, RATE_LIMITED, ...) is an error so "Load older" can
   * be retried. Permission to read the System Log missing is not an error: see `systemLog`.
   */
  getHistory: method(getHistoryInputSchema).returns<HistoryPage>(),
  /** Everything in the range matching the filters, as a CSV or JSON file for the renderer to save. */
  exportHistory: method(exportHistoryInputSchema).returns<HistoryExport>(),
} as const;

export const historyEvents = {} as const;

// ---------------------------------------------------------------- shared rule

/** Whether an entry passes the filters. Shared by the view and the export so both show the same thing. */
export function matchesHistoryFilters(entry: TimelineEntry, filters: HistoryFilters): boolean {
  if (filters.deskActions && !isDeskEntry(entry)) return false;
  if (filters.sources?.length && !filters.sources.includes(entry.source)) return false;
  if (filters.kinds?.length && !filters.kinds.includes(entry.kind)) return false;
  if (filters.outcomes?.length && !filters.outcomes.includes(entry.outcome)) return false;
  if (filters.factorIds?.length) {
    // A reset of all factors concerns every factor, so it stays when filtering by factor.
    const concernsFactor = entry.factorId !== null ? filters.factorIds.includes(entry.factorId) : entry.kind === 'reset_all';
    if (!concernsFactor) return false;
  }
  return true;
}

/** Whether an entry is something this desk did, or Okta's or FactorDesk's own record of it. */
export function isDeskEntry(entry: TimelineEntry): boolean {
  return entry.source === 'journal' || entry.group?.desk === true;
}
