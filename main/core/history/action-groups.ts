import type { TimelineEntry, TimelineGroup, TimelineKind, TimelinePart } from '../../../contract/history';
import { groupDeskActions, mayHaveHappened, removedAlongIds, type AuditRecord, type DeskAction, type DeskStepRole } from '../audit';

const second = 1000;
const minute = 60 * second;

/**
 * Which entries of another source are Okta's or FactorDesk's own record of a desk action: the
 * System Log's "push sent" and "push approved" for a test push, a listing's "no longer listed"
 * for a reset. System Log entries are taken by event type (a push challenge and an activation
 * link are both "sent", and only one is an enrollment's), observed ones by kind. `window`: how
 * long before the action's first record and after its last one (Okta logs a push a moment before
 * the journal writes that it was sent; a listing sees a removal whenever the agent next looks).
 */
type EchoRule =
  | { source: 'system_log'; eventTypes: readonly string[]; sameFactor: boolean; window: EchoWindow; part: TimelinePart | ((entry: TimelineEntry) => TimelinePart) }
  | { source: 'observed'; kinds: readonly TimelineKind[]; sameFactor: boolean; window: EchoWindow; part: TimelinePart };

interface EchoWindow {
  before: number;
  after: number;
}

const sentOrLogged = (entry: TimelineEntry): TimelinePart => (entry.kind === 'sent' ? 'sent' : 'logged');

const pushAnswers = ['user.mfa.okta_verify', 'user.mfa.okta_verify.deny_push', 'user.authentication.auth_via_mfa'];
const codeChallenges = ['system.sms.send_factor_verify_message', 'system.voice.send_mfa_challenge_call', 'system.voice.send_call', 'system.email.send_factor_verify_message'];
const codeAnswers = ['user.authentication.auth_via_mfa', 'system.email.challenge_factor_redeemed'];
const enrollmentEvents = [
  'user.mfa.factor.update',
  'user.mfa.factor.activate',
  'system.sms.send_phone_verification_message',
  'system.voice.send_phone_verification_call',
  'system.sms.send_okta_push_verify_message',
  // The code of an email enrollment, and the Okta Verify activation link by email, go out as this.
  'system.email.send_factor_verify_message',
];

/**
 * Echo rules per desk action kind (see audit/desk-actions.ts). An action with no entry here has no
 * echoes: its row holds its journal records alone. A new action whose Okta events should merge
 * into its row adds one entry.
 */
export const echoRules: Readonly<Record<string, readonly EchoRule[]>> = {
  test_push: [
    { source: 'system_log', eventTypes: ['system.push.send_factor_verify_push'], sameFactor: true, window: { before: 30 * second, after: 30 * second }, part: 'sent' },
    { source: 'system_log', eventTypes: pushAnswers, sameFactor: true, window: { before: 5 * second, after: 30 * second }, part: 'answered' },
  ],
  code_check: [
    { source: 'system_log', eventTypes: codeChallenges, sameFactor: true, window: { before: 30 * second, after: 30 * second }, part: 'sent' },
    { source: 'system_log', eventTypes: codeAnswers, sameFactor: true, window: { before: 5 * second, after: 30 * second }, part: 'answered' },
  ],
  enrollment: [
    { source: 'system_log', eventTypes: enrollmentEvents, sameFactor: true, window: { before: 30 * second, after: 15 * minute }, part: sentOrLogged },
    { source: 'observed', kinds: ['enrolled', 'activated', 'status_changed'], sameFactor: true, window: { before: 30 * second, after: 30 * minute }, part: 'seen' },
  ],
  reset: [
    { source: 'system_log', eventTypes: ['user.mfa.factor.deactivate'], sameFactor: true, window: { before: 30 * second, after: 60 * second }, part: 'logged' },
    // A factor id is removed once: whenever the next listing saw it gone, that was this reset.
    { source: 'observed', kinds: ['removed'], sameFactor: true, window: { before: 30 * second, after: 24 * 60 * minute }, part: 'seen' },
  ],
  reset_all: [
    { source: 'system_log', eventTypes: ['user.mfa.factor.reset_all', 'user.mfa.factor.deactivate'], sameFactor: false, window: { before: 30 * second, after: 60 * second }, part: 'logged' },
    { source: 'observed', kinds: ['removed'], sameFactor: false, window: { before: 30 * second, after: 30 * minute }, part: 'seen' },
  ],
  unlock_user: [{ source: 'system_log', eventTypes: ['user.account.unlock_by_admin'], sameFactor: false, window: { before: 30 * second, after: 60 * second }, part: 'logged' }],
};

/** A push or code check with no recorded answer yet may still be answered for this long. */
const unansweredFor = 5 * minute;

const roleParts: Record<DeskStepRole, TimelinePart> = { start: 'started', send: 'sent', result: 'result' };

interface IndexedAction {
  action: DeskAction;
  key: string;
  start: number;
  end: number;
  rules: readonly EchoRule[];
  /** Its factor, and those its journal says Okta removed along with it (an Okta Verify device's code and FastPass). */
  factorIds: ReadonlySet<string>;
}

/**
 * The desk's actions on one user, read from the journal, and the rule for which other entries
 * belong to each: the journal entries of an action and its echoes share a `group`.
 */
export class DeskActionIndex {
  private readonly byRecord = new Map<string, TimelineGroup>();
  private readonly actions: IndexedAction[] = [];

  constructor(records: readonly AuditRecord[]) {
    for (const action of groupDeskActions(records)) {
      const key = `desk:${action.key}`;
      for (const step of action.steps) this.byRecord.set(step.record.id, { key, action: action.kind, part: roleParts[step.role], desk: true });
      const rules = echoRules[action.kind];
      if (!rules || !mayHaveHappened(action)) continue;
      const start = Date.parse(action.startedAt);
      const answered = action.steps.some((step) => step.role === 'result');
      const end = Date.parse(action.endedAt) + (answered ? 0 : unansweredFor);
      const factorIds = new Set([...(action.factorId ? [action.factorId] : []), ...action.steps.flatMap((step) => removedAlongIds(step.record.detail))]);
      this.actions.push({ action, key, start, end, rules, factorIds });
    }
  }

  /** The group of a journal entry (mapped from this record). */
  journalGroup(recordId: string): TimelineGroup | undefined {
    return this.byRecord.get(recordId);
  }

  /** The desk action an observed or System Log entry is an echo of: the nearest in time whose rules take it. */
  echoGroup(entry: TimelineEntry): TimelineGroup | undefined {
    const at = Date.parse(entry.at);
    let best: { group: TimelineGroup; distance: number; start: number } | undefined;
    for (const candidate of this.actions) {
      const rule = candidate.rules.find((each) => takes(each, candidate, entry, at));
      if (!rule) continue;
      const distance = at < candidate.start ? candidate.start - at : at > candidate.end ? at - candidate.end : 0;
      if (best && (distance > best.distance || (distance === best.distance && candidate.start <= best.start))) continue;
      const part = typeof rule.part === 'function' ? rule.part(entry) : rule.part;
      best = { group: { key: candidate.key, action: candidate.action.kind, part, desk: true }, distance, start: candidate.start };
    }
    return best?.group;
  }
}

/** The System Log event type an entry was mapped from (its raw event's; an Identity Engine reset of all keeps its events, of one type). */
function eventTypeOf(entry: TimelineEntry): string | null {
  const raw = Array.isArray(entry.raw) ? entry.raw[0] : entry.raw;
  return raw !== null && raw !== undefined && typeof raw === 'object' && !Array.isArray(raw) && typeof raw.eventType === 'string' ? raw.eventType : null;
}

function takes(rule: EchoRule, candidate: IndexedAction, entry: TimelineEntry, at: number): boolean {
  if (rule.source !== entry.source) return false;
  if (rule.source === 'system_log' ? !rule.eventTypes.includes(eventTypeOf(entry) ?? '') : !rule.kinds.includes(entry.kind)) return false;
  if (rule.sameFactor && (entry.factorId === null || !candidate.factorIds.has(entry.factorId))) return false;
  return at >= candidate.start - rule.window.before && at <= candidate.end + rule.window.after;
}

const answerKinds: ReadonlySet<TimelineKind> = new Set(['verified', 'denied']);

/**
 * Groups for one page of System Log entries: an echo of a desk action joins its row; events of one
 * Okta request that no desk action took (an Admin Console reset of several factors, a sign-in's
 * answer logged twice) share a row of their own. Okta writes "unknown" for events without a request.
 */
export function groupLogEntries(entries: ReadonlyArray<{ entry: TimelineEntry; transactionId: string | null }>, desk: DeskActionIndex): TimelineEntry[] {
  const grouped = entries.map(({ entry, transactionId }) => ({ entry: withGroup(entry, desk.echoGroup(entry)), transactionId }));
  const sharing = new Map<string, number>();
  for (const { entry, transactionId } of grouped) {
    if (!entry.group && transactionId && transactionId !== 'unknown') sharing.set(transactionId, (sharing.get(transactionId) ?? 0) + 1);
  }
  return grouped.map(({ entry, transactionId }) => {
    if (entry.group || !transactionId || (sharing.get(transactionId) ?? 0) < 2) return entry;
    const part: TimelinePart = entry.kind === 'sent' ? 'sent' : answerKinds.has(entry.kind) ? 'answered' : 'logged';
    return { ...entry, group: { key: `tx:${transactionId}`, action: 'okta_transaction', part, desk: false } };
  });
}

export function withGroup(entry: TimelineEntry, group: TimelineGroup | undefined): TimelineEntry {
  return group ? { ...entry, group } : entry;
}
