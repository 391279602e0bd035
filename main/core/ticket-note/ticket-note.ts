import type { FailedCheckReason } from '../../../contract/workflows';
import { zoneAbbreviation } from '../../../contract/time-zone';
import { groupDeskActions, type AuditRecord } from '../audit';
import { factorLabel } from '../factors/factor-labels';
import type { KnownFactor } from '../history';
import { checkEventOf } from '../workflows/verification-timeline';
import { maskEmail, maskPhone } from '../workflows/masking';
import { fallbackLine, noteLines, type NoteContext } from './note-lines';
import { manualMethodWords, secondVerificationWords } from './verification-words';

export interface TicketNoteFacts {
  caller: { id: string; login: string | null; displayName: string | null };
  org: { name: string; url: string };
  /** Who is at the desk now, for a call with nothing recorded yet: the OS user, and who Okta sees acting. */
  agentNow: { osUser: string; actingAs: string | null };
  /** The call's journal records (outcomes, oldest first). */
  records: readonly AuditRecord[];
  /** When the agent ended the call, if they did. */
  endedAt: string | null;
  /** What FactorDesk knows of the user's factors (names, devices), by factor id. */
  factorOf(factorId: string | null): Pick<KnownFactor, 'factorType' | 'label' | 'device' | 'detail'> | undefined;
  now: Date;
  /** IANA name. */
  timeZone: string;
}

export interface BuiltNote {
  text: string;
  actionCount: number;
  callStartedAt: string | null;
}

/** The closing line: what the note is made from, and what it never holds. */
export const noSecretsLine = 'Written by FactorDesk from its audit journal. It holds no codes, answers, setup keys or temporary access codes.';

/** Local times as a ticket wants them: "14:02 CET", "12 Mar 2026". */
class LocalTimes {
  private readonly clock: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.day = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
  }

  time(iso: string): string {
    const date = new Date(iso);
    return `${this.clock.format(date)} ${zoneAbbreviation(date, this.timeZone)}`;
  }

  date(iso: string): string {
    return this.day.format(new Date(iso));
  }

  /** "12 Mar 2026, 14:02–14:09 CET"; each end with its own date when they fall on different days. */
  span(from: string, to: string): string {
    if (this.date(from) !== this.date(to)) return `${this.date(from)}, ${this.time(from)} – ${this.date(to)}, ${this.time(to)}`;
    if (from === to || this.time(from) === this.time(to)) return `${this.date(from)}, ${this.time(from)}`;
    const [start] = this.time(from).split(' ');
    return `${this.date(from)}, ${start}–${this.time(to)}`;
  }
}

function labelWords(facts: TicketNoteFacts, factorId: string | null, factorType: string | null): string {
  const known = facts.factorOf(factorId);
  const type = known?.factorType ?? factorType;
  return known?.label ?? (type ? factorLabel(type, type === 'push' ? 'OKTA' : '') : 'a factor');
}

/** Where the factor's codes go, masked as the journal masks them. */
function destinationWords(facts: TicketNoteFacts, factorId: string | null): string | null {
  const known = facts.factorOf(factorId);
  if (!known?.detail) return null;
  if (known.factorType === 'sms' || known.factorType === 'call') return maskPhone(known.detail);
  return known.factorType === 'email' ? maskEmail(known.detail) : null;
}

/** The factor in the note's words: its name, with its device or its phone number or address masked. */
function factorWords(facts: TicketNoteFacts, factorId: string | null, factorType: string | null): string {
  const label = labelWords(facts, factorId, factorType);
  const device = facts.factorOf(factorId)?.device?.name;
  if (device) return `${label} on '${device}'`;
  const destination = destinationWords(facts, factorId);
  return destination ? `${label} (${destination})` : label;
}

const failedWords: Record<FailedCheckReason, string> = {
  denied: 'a test push denied on the phone',
  timed_out: 'a test push not answered in time',
  cancelled: 'a test push cancelled before the caller answered',
  not_followed: 'a test push FactorDesk stopped following',
  wrong_code: 'a wrong code',
  wrong_answer: 'a wrong answer',
  no_known_result: 'a check with no known result',
};

/** How the caller was verified during the call, in one line: the last passed check (and what voided it), and manual verifications recorded with resets. */
function verificationSummary(facts: TicketNoteFacts, times: LocalTimes): string {
  const parts: string[] = [];
  const events = facts.records.map(checkEventOf).filter((event) => event !== null);
  const lastPass = events.findLastIndex((event) => event.kind === 'pass');
  const pass = events[lastPass];
  if (pass?.kind === 'pass') {
    const what = pass.pass.method === 'test_push' ? 'test push approved' : `${factorWords(facts, pass.pass.factorId, pass.pass.factorType)} check passed`;
    const on = pass.pass.method === 'test_push' ? ` on ${factorWords(facts, pass.pass.factorId, pass.pass.factorType)}` : '';
    const voidedBy = events.slice(lastPass + 1).find((event) => event.kind === 'fail');
    const voided = voidedBy?.kind === 'fail' ? `, then voided by ${failedWords[voidedBy.check.reason]} at ${times.time(voidedBy.check.at)}` : '';
    parts.push(`${what}${on} at ${times.time(pass.pass.verifiedAt)}${voided}`);
  } else {
    const failed = events.findLast((event) => event.kind === 'fail');
    if (failed?.kind === 'fail') parts.push(`no check passed (${failedWords[failed.check.reason]} at ${times.time(failed.check.at)})`);
  }
  const manual = new Set<string>();
  for (const record of facts.records) {
    const verification = record.callerVerification;
    if (!verification || verification.automatic || verification.method === 'not_required') continue;
    manual.add(`${manualMethodWords[verification.method]}, ticket ${verification.ticket} (recorded at ${times.time(record.time)})`);
  }
  for (const record of facts.records) {
    const second = secondVerificationWords(record.riskCheck);
    if (second && record.outcome !== 'failure') manual.add(`a second time (high risk) by ${second} (recorded at ${times.time(record.time)})`);
  }
  parts.push(...manual);
  return parts.length ? parts.join('; ') : 'not verified in FactorDesk during this call';
}

/** Who acted: each OS user with who Okta saw acting, as the journal has them. */
function agentWords(facts: TicketNoteFacts): string {
  const seen = new Map<string, string>();
  const agents = facts.records.length ? facts.records.map((record) => ({ osUser: record.agent, actingAs: record.actingAs ?? null })) : [facts.agentNow];
  for (const agent of agents) {
    const words = agent.actingAs && agent.actingAs !== agent.osUser ? `${agent.osUser} (acting in Okta as ${agent.actingAs})` : agent.osUser;
    seen.set(words, words);
  }
  return [...seen.values()].join(', ');
}

/** The ticket note of one call: plain text, one fact a line, nothing secret. */
export function buildTicketNote(facts: TicketNoteFacts): BuiltNote {
  const times = new LocalTimes(facts.timeZone);
  const actions = groupDeskActions(facts.records);
  const first = facts.records[0]?.time ?? null;
  const last = facts.endedAt ?? facts.records.at(-1)?.time ?? null;
  const multiDay = first !== null && last !== null && times.date(first) !== times.date(last);
  const context: NoteContext = {
    time: (iso) => (multiDay ? `${times.date(iso).replace(/ \d{4}$/, '')} ${times.time(iso)}` : times.time(iso)),
    factor: (factorId, factorType) => factorWords(facts, factorId, factorType),
    label: (factorId, factorType) => labelWords(facts, factorId, factorType),
    destination: (factorId) => destinationWords(facts, factorId),
  };

  const caller = facts.caller;
  const name = caller.displayName ?? caller.login ?? 'the user';
  const login = caller.login && caller.login !== name ? `${caller.login}, ` : '';
  const tickets = [...new Set(facts.records.flatMap((record) => (record.callerVerification && 'ticket' in record.callerVerification ? [record.callerVerification.ticket] : [])))];
  const lines = [
    `MFA help desk call: ${name}`,
    `Caller: ${name} (${login}Okta user ${caller.id})`,
    `When: ${first && last ? times.span(first, last) : `${times.date(facts.now.toISOString())}, ${times.time(facts.now.toISOString())}, nothing done yet`}${facts.endedAt ? ' (call ended)' : ''}`,
    `Agent: ${agentWords(facts)}`,
    `Org: ${facts.org.name} (${facts.org.url})`,
    `How verified: ${verificationSummary(facts, times)}`,
    `Ticket: ${tickets.length ? tickets.join(', ') : 'none recorded in FactorDesk'}`,
    '',
    'What was done:',
    ...(actions.length
      ? actions.map((action) => `- ${context.time(action.startedAt)}  ${(noteLines[action.kind] ?? fallbackLine)(action, context)}`)
      : ['- Nothing recorded in FactorDesk for this call yet.']),
    '',
    noSecretsLine,
  ];
  return { text: `${lines.join('\n')}\n`, actionCount: actions.length, callStartedAt: first };
}
