/**
 * The History view's rows: the entries of one action (a test push started by the desk, sent and
 * answered at Okta, recorded as verified) make one row, which expands into its parts; every other
 * entry is a row of its own. Main says which entries belong together (`entry.group`); this decides
 * how a row reads.
 */
import type { HistorySource, TimelineEntry, TimelinePart } from '../../../contract/history';

export interface TimelineRow {
  /** The group's key, or the entry's id for a row of one. */
  id: string;
  /** The entry whose words head the row: the desk's own result when there is one. */
  lead: TimelineEntry;
  /** Every part, in the order of the action. */
  parts: TimelineEntry[];
  /** When it began (ISO): its earliest part. */
  at: string;
  /** The action, when the row is one (`test_push`, `reset`, ...). */
  action: string | null;
  /** This desk did it. */
  desk: boolean;
  /** The sources that tell it, in the order of its parts. */
  sources: HistorySource[];
  /**
   * When the row ended well: the attempts in it that did not (a wrong code before the right one),
   * as the desk recorded them (Okta's echo of the same failure is not counted twice).
   */
  troubled: TimelineEntry[];
}

/** How telling each part is of how the action ended; the lead is the most telling. */
const partWeight: Record<TimelinePart, number> = { result: 5, answered: 4, logged: 3, sent: 2, started: 1, seen: 0 };

function leadOf(parts: TimelineEntry[]): TimelineEntry {
  // The desk's own words first (it knows why), then Okta's, then what a listing saw.
  const journal = parts.filter((part) => part.source === 'journal');
  const pool = journal.length ? journal : parts;
  return pool.reduce((best, part) => {
    const weight = partWeight[part.group?.part ?? 'result'];
    const bestWeight = partWeight[best.group?.part ?? 'result'];
    return weight > bestWeight || (weight === bestWeight && Date.parse(part.at) >= Date.parse(best.at)) ? part : best;
  });
}

/**
 * The parts in the order of the action. The journal writes that the desk started something once
 * Okta answered, a moment after Okta logged it: a start within two seconds of the parts before it
 * goes first.
 */
function inActionOrder(parts: TimelineEntry[]): TimelineEntry[] {
  const times = parts.map((part) => Date.parse(part.at));
  const keyOf = (part: TimelineEntry, index: number): number => {
    const at = times[index] as number;
    if (part.group?.part !== 'started') return at;
    const earlier = times.filter((time) => time <= at && time >= at - 2000);
    return Math.min(at, ...earlier) - 0.5;
  };
  return parts
    .map((part, index) => ({ part, key: keyOf(part, index) }))
    .sort((a, b) => a.key - b.key || a.part.id.localeCompare(b.part.id))
    .map(({ part }) => part);
}

const troubledOutcomes = new Set(['failure', 'denied', 'timeout', 'unknown']);

const PUSH_SENT = 'system.push.send_factor_verify_push';
const PUSH_ANSWERS = new Set(['user.mfa.okta_verify', 'user.mfa.okta_verify.deny_push', 'user.authentication.auth_via_mfa']);
/** Okta Verify gives up on an unanswered push after about five minutes. */
const PUSH_LIFETIME_MS = 5 * 60_000;

function eventTypeOf(entry: TimelineEntry): string | null {
  const raw = entry.raw;
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && typeof raw.eventType === 'string' ? raw.eventType : null;
}

/**
 * A push no desk action started (the user signing in) is two System Log events, sent and answered:
 * one row too. Paired here, over everything loaded, so the pair holds however the pages fell.
 */
function pairedPushes(entries: readonly TimelineEntry[]): Map<string, string> {
  const keys = new Map<string, string>();
  const oldestFirst = entries.filter((entry) => entry.source === 'system_log' && !entry.group && entry.factorId).toReversed();
  for (const [index, sent] of oldestFirst.entries()) {
    if (eventTypeOf(sent) !== PUSH_SENT || keys.has(sent.id)) continue;
    const sentAt = Date.parse(sent.at);
    const answer = oldestFirst.slice(index + 1).find((candidate) => {
      if (keys.has(candidate.id) || candidate.factorId !== sent.factorId) return false;
      return PUSH_ANSWERS.has(eventTypeOf(candidate) ?? '') && Date.parse(candidate.at) - sentAt <= PUSH_LIFETIME_MS;
    });
    // Another push to the same phone before any answer: the first went unanswered.
    const resent = oldestFirst.slice(index + 1).find((candidate) => candidate.factorId === sent.factorId && eventTypeOf(candidate) === PUSH_SENT);
    if (!answer || (resent && Date.parse(resent.at) < Date.parse(answer.at))) continue;
    keys.set(sent.id, `push:${sent.id}`);
    keys.set(answer.id, `push:${sent.id}`);
  }
  return keys;
}

/** Rows of the entries shown (newest first in, newest first out), grouped by `entry.group.key`. */
export function timelineRows(entries: readonly TimelineEntry[]): TimelineRow[] {
  const groups = new Map<string, TimelineEntry[]>();
  const order: string[] = [];
  const pushes = pairedPushes(entries);
  for (const entry of entries) {
    const key = entry.group?.key ?? pushes.get(entry.id) ?? entry.id;
    const parts = groups.get(key);
    if (parts) parts.push(entry);
    else {
      groups.set(key, [entry]);
      order.push(key);
    }
  }
  const rows = order.map((key): TimelineRow => {
    const parts = inActionOrder(groups.get(key) ?? []);
    const lead = leadOf(parts);
    const told = parts.some((part) => part.source === 'journal') ? parts.filter((part) => part.source === 'journal') : parts;
    return {
      id: key,
      lead,
      parts,
      at: parts.reduce((earliest, each) => (Date.parse(each.at) < Date.parse(earliest) ? each.at : earliest), lead.at),
      action: lead.group?.action ?? (pushes.has(lead.id) ? 'okta_push' : null),
      desk: parts.some((part) => part.source === 'journal' || part.group?.desk === true),
      sources: [...new Set(parts.map((part) => part.source))],
      troubled: troubledOutcomes.has(lead.outcome) ? [] : told.filter((part) => part !== lead && troubledOutcomes.has(part.outcome)),
    };
  });
  // Newest first by when each began; a row's parts may reach later than the next row's start.
  return rows.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
