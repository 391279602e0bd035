import type { RiskLevel, RiskSignal, RiskSignalKind } from '../../../contract/risk';
import type { OktaLogEvent } from '../okta';
import { factorLabel } from '../factors/factor-labels';
import { debugValue, factorTypeOf, networkOf, oktaRiskOf, outcomeOf, placeOf, type Network, type Place } from './log-reading';
import { durationWords, placeWords, plural, spanWords, whenWords, whereWords } from './risk-words';

// The signals of attack the help-desk incidents of 2023–2025 had in common (an MFA-fatigue burst,
// a user reporting it, an anonymizing proxy or a new country, another reset, an administrator as
// the target), read from the user's System Log and admin roles. Pure: the service fetches.

/** The signals' window: what is happening to the account right now. */
export const RISK_WINDOW_MS = 72 * 3_600_000;
/** How far back sign-ins are compared from, to tell a new country or network. */
export const COMPARISON_WINDOW_MS = 30 * 86_400_000;
/** Pushes denied this close together are a burst (MFA fatigue)… */
export const FATIGUE_WINDOW_MS = 10 * 60_000;
/** …when there are at least this many. */
export const FATIGUE_MIN_DENIALS = 3;
/** Failed MFA attempts (wrong codes) in the window worth mentioning. */
export const FAILED_MFA_MIN = 3;

export interface RiskInput {
  userId: string;
  /** The user's events of the comparison window (any order). */
  events: OktaLogEvent[];
  now: Date;
  /** The user's admin roles' labels, or null when they could not be read. */
  adminRoles: string[] | null;
}

export interface RiskReading {
  signals: RiskSignal[];
  level: Exclude<RiskLevel, 'unknown'>;
  /** Successful sign-ins before the window to compare with. */
  earlierSignIns: number;
}

interface Timed {
  event: OktaLogEvent;
  at: number;
}

const entryId = (event: OktaLogEvent): string => `sl:${event.uuid}`;
const newestFirst = (a: Timed, b: Timed): number => b.at - a.at;
const idsOf = (items: Timed[]): string[] => [...items].sort(newestFirst).map((item) => entryId(item.event));

/** Whether the user did it (their sign-in, their phone's answer), not an admin acting on them. */
const byUser = (event: OktaLogEvent, userId: string): boolean => event.actor.id === userId;

/**
 * A push denied on the phone: Classic's `deny_push`, or (Identity Engine) a failed
 * `auth_via_mfa` with Okta Verify push. Okta logs one denial both ways in one transaction: the
 * pair counts once, and the `deny_push` is the one linked (History shows that one).
 */
function pushDenials(events: Timed[]): Timed[] {
  const denials = events.filter(({ event }) => {
    if (event.eventType === 'user.mfa.okta_verify.deny_push') return true;
    if (event.eventType !== 'user.authentication.auth_via_mfa' || outcomeOf(event) !== 'FAILURE') return false;
    return factorTypeOf(event) === 'push' || /DENY/i.test(debugValue(event, 'push_only_response_type') ?? '');
  });
  const kept: Timed[] = [];
  for (const denial of [...denials].sort((a, b) => (a.event.eventType === 'user.mfa.okta_verify.deny_push' ? -1 : 0) - (b.event.eventType === 'user.mfa.okta_verify.deny_push' ? -1 : 0))) {
    const transaction = denial.event.transaction?.id;
    const echo = kept.some((other) => transaction && transaction !== 'unknown' && other.event.transaction?.id === transaction && Math.abs(other.at - denial.at) < 5_000);
    if (!echo) kept.push(denial);
  }
  return kept.sort((a, b) => a.at - b.at);
}

/** The largest run of denials within the fatigue window. */
function densestBurst(denials: Timed[]): Timed[] {
  let best: Timed[] = [];
  for (let start = 0; start < denials.length; start++) {
    const first = denials[start] as Timed;
    const run = denials.slice(start).filter((denial) => denial.at - first.at <= FATIGUE_WINDOW_MS);
    if (run.length > best.length) best = run;
  }
  return best;
}

/** Where a group of events came from, told once when they share it. */
function commonWhere(items: Timed[]): string | null {
  const wheres = new Set(items.map(({ event }) => whereWords(placeOf(event), networkOf(event))).filter((where): where is string => where !== null));
  return wheres.size === 1 ? [...wheres][0] ?? null : wheres.size > 1 ? `from ${wheres.size} places: ${[...wheres].slice(0, 2).join('; ')}${wheres.size > 2 ? '; …' : ''}` : null;
}

const latest = (items: Timed[]): number => Math.max(...items.map((item) => item.at));

function signal(kind: RiskSignalKind, severity: RiskSignal['severity'], summary: string, detail: string | null, items: Timed[]): RiskSignal {
  return { kind, severity, summary, detail, at: items.length ? new Date(latest(items)).toISOString() : null, historyEntryIds: idsOf(items) };
}

function pushSignals(recent: Timed[], now: Date): RiskSignal[] {
  const denials = pushDenials(recent);
  if (denials.length === 0) return [];
  const burst = densestBurst(denials);
  if (burst.length >= FATIGUE_MIN_DENIALS) {
    const first = (burst[0] as Timed).at;
    const last = (burst.at(-1) as Timed).at;
    const others = denials.length - burst.length;
    return [
      signal(
        'push_fatigue',
        'high',
        `${burst.length} pushes denied in ${durationWords(last - first)} (${spanWords(first, last, now)}): possible MFA fatigue attack${others > 0 ? `, and ${plural(others, 'more denial')} in the last 72 hours` : ''}`,
        commonWhere(burst),
        denials,
      ),
    ];
  }
  const last = (denials.at(-1) as Timed).at;
  return [signal('denied_push', 'medium', `${plural(denials.length, 'push', 'pushes')} denied on the phone (latest ${whenWords(last, now)})`, commonWhere(denials), denials)];
}

const reportedWhat: Record<string, string> = {
  'system.push.send_factor_verify_push': 'a push they did not start',
  'user.session.start': 'a sign-in',
  'system.sms.send_factor_verify_message': 'an SMS code they did not ask for',
  'system.email.send_factor_verify_message': 'an email code they did not ask for',
  'system.voice.send_mfa_challenge_call': 'a verification call they did not ask for',
};

function suspiciousActivitySignals(recent: Timed[], now: Date): RiskSignal[] {
  const reports = recent.filter(({ event }) => event.eventType === 'user.account.report_suspicious_activity_by_enduser');
  if (reports.length === 0) return [];
  const newest = [...reports].sort(newestFirst)[0] as Timed;
  const reportedType = debugValue(newest.event, 'suspicious_activity_event_type');
  const what = reportedType ? (reportedWhat[reportedType] ?? reportedType) : null;
  const where = [
    debugValue(newest.event, 'suspicious_activity_event_ip'),
    [debugValue(newest.event, 'suspicious_activity_event_city'), debugValue(newest.event, 'suspicious_activity_event_country')].filter(Boolean).join(', ') || null,
  ].filter(Boolean);
  const summary = `The user reported suspicious activity${what ? ` (${what})` : ''} at ${whenWords(newest.at, now)}${reports.length > 1 ? `, ${reports.length} reports in all` : ''}`;
  return [signal('suspicious_activity', 'high', summary, where.length ? `Reported: ${where.join(' · ')}` : null, reports)];
}

function failedMfaSignals(recent: Timed[], now: Date): RiskSignal[] {
  const failures = recent.filter(({ event }) => {
    if (event.eventType !== 'user.authentication.auth_via_mfa' || outcomeOf(event) !== 'FAILURE') return false;
    const type = factorTypeOf(event);
    // Push denials are their own signal; a wrong password is not a second factor.
    return type !== 'push' && type !== 'password' && !/DENY/i.test(debugValue(event, 'push_only_response_type') ?? '');
  });
  if (failures.length < FAILED_MFA_MIN) return [];
  const types = [...new Set(failures.map(({ event }) => factorTypeOf(event)).filter((type): type is string => type !== null))];
  const what = types.length ? ` (${types.map((type) => factorLabel(type, '')).join(', ')})` : '';
  const first = Math.min(...failures.map((item) => item.at));
  return [signal('failed_mfa', 'medium', `${failures.length} failed MFA attempts${what}, ${spanWords(first, latest(failures), now)}`, commonWhere(failures), failures)];
}

interface Seen {
  countries: Set<string>;
  networks: Set<number>;
  signIns: number;
}

/** What the user's successful sign-ins before `before` show: the countries and networks they use. */
function seenBefore(all: Timed[], userId: string, before: number): Seen {
  const seen: Seen = { countries: new Set(), networks: new Set(), signIns: 0 };
  for (const { event, at } of all) {
    if (at >= before || event.eventType !== 'user.session.start' || outcomeOf(event) !== 'SUCCESS' || !byUser(event, userId)) continue;
    seen.signIns++;
    const country = placeOf(event)?.country;
    if (country) seen.countries.add(country);
    const network = networkOf(event).asNumber;
    if (network !== null) seen.networks.add(network);
  }
  return seen;
}

/** The user's own activity (sign-ins, MFA answers) of the window, from a country or network their earlier sign-ins never came from; and anything through an anonymizer. */
function whereSignals(all: Timed[], recent: Timed[], userId: string, now: Date): { signals: RiskSignal[]; earlierSignIns: number } {
  const own = recent.filter(({ event }) => byUser(event, userId) && (event.eventType === 'user.session.start' || event.eventType === 'user.authentication.auth_via_mfa' || event.eventType === 'system.push.send_factor_verify_push' || event.eventType === 'user.mfa.factor.activate'));
  const windowStart = now.getTime() - RISK_WINDOW_MS;
  const baseline = seenBefore(all, userId, windowStart);
  const signals: RiskSignal[] = [];

  const anonymized = own.filter(({ event }) => networkOf(event).anonymizer);
  if (anonymized.length > 0) {
    const first = Math.min(...anonymized.map((item) => item.at));
    signals.push(signal('anonymizer', 'high', `Activity through an anonymizing proxy or VPN, ${spanWords(first, latest(anonymized), now)} (${plural(anonymized.length, 'event')})`, commonWhere(anonymized), anonymized));
  }

  if (baseline.signIns === 0) return { signals, earlierSignIns: 0 };
  // Through an anonymizer the place is the exit's, not the person's: that is the anonymizer signal, not a new country.
  const located = own.filter(({ event }) => !networkOf(event).anonymizer);
  const byCountry = new Map<string, { place: Place; items: Timed[] }>();
  const byNetwork = new Map<number, { network: Network; items: Timed[] }>();
  for (const item of [...located].sort((a, b) => a.at - b.at)) {
    const place = placeOf(item.event);
    const network = networkOf(item.event);
    // Seen before this event: the baseline, and the window's own successful sign-ins before it.
    const earlier = seenBefore(all, userId, item.at);
    if (place?.country && !earlier.countries.has(place.country)) {
      const group = byCountry.get(place.country) ?? { place, items: [] };
      group.items.push(item);
      byCountry.set(place.country, group);
    } else if (network.asNumber !== null && !earlier.networks.has(network.asNumber)) {
      const group = byNetwork.get(network.asNumber) ?? { network, items: [] };
      group.items.push(item);
      byNetwork.set(network.asNumber, group);
    }
  }
  const usual = [...baseline.countries].slice(0, 3).join(', ');
  for (const [country, group] of byCountry) {
    const signIns = group.items.filter(({ event }) => event.eventType === 'user.session.start');
    const succeeded = signIns.some(({ event }) => outcomeOf(event) === 'SUCCESS');
    const what = signIns.length > 0 ? (succeeded ? 'Sign-in' : 'Sign-in attempt') : 'MFA activity';
    signals.push(
      signal(
        'new_country',
        'medium',
        `${what} from ${placeWords(group.place) ?? country} at ${whenWords(latest(group.items), now)}: not seen in the last 30 days${usual ? ` (usually ${usual})` : ''}`,
        commonWhere(group.items),
        group.items,
      ),
    );
  }
  for (const group of byNetwork.values()) {
    signals.push(signal('new_network', 'medium', `Activity from a network not seen in the last 30 days, at ${whenWords(latest(group.items), now)}`, commonWhere(group.items), group.items));
  }
  return { signals, earlierSignIns: baseline.signIns };
}

function oktaRiskSignals(recent: Timed[], now: Date): RiskSignal[] {
  const high = recent.filter(({ event }) => oktaRiskOf(event)?.level === 'HIGH');
  if (high.length === 0) return [];
  const newest = [...high].sort(newestFirst)[0] as Timed;
  const reasons = oktaRiskOf(newest.event)?.reasons;
  return [signal('okta_risk', 'high', `Okta rated activity on this account high risk at ${whenWords(newest.at, now)}${reasons ? ` (${reasons})` : ''}`, commonWhere(high), high)];
}

/** "Jane Admin (admin)" / "the user" / "Okta". */
function whoWords(event: OktaLogEvent, userId: string): string {
  if (event.actor.id === userId) return 'the user';
  const name = event.actor.displayName || event.actor.alternateId || '';
  return /^User$/i.test(event.actor.type) && name && name !== 'unknown' ? name : 'Okta';
}

function resetSignals(recent: Timed[], userId: string, now: Date): RiskSignal[] {
  const signals: RiskSignal[] = [];
  const passwords = recent.filter(({ event }) => (event.eventType === 'user.account.reset_password' || event.eventType === 'user.account.update_password') && outcomeOf(event) !== 'FAILURE');
  if (passwords.length > 0) {
    const newest = [...passwords].sort(newestFirst)[0] as Timed;
    const how = newest.event.eventType === 'user.account.reset_password' ? 'reset' : 'changed';
    signals.push(signal('password_reset', 'medium', `Password ${how} by ${whoWords(newest.event, userId)} at ${whenWords(newest.at, now)}${passwords.length > 1 ? ` (${passwords.length} times in 72 hours)` : ''}`, null, passwords));
  }
  const factorResets = recent.filter(({ event }) => (event.eventType === 'user.mfa.factor.deactivate' || event.eventType === 'user.mfa.factor.reset_all') && outcomeOf(event) !== 'FAILURE');
  if (factorResets.length > 0) {
    const newest = [...factorResets].sort(newestFirst)[0] as Timed;
    const what = newest.event.eventType === 'user.mfa.factor.reset_all' ? 'All factors' : (newest.event.target?.find((target) => /AuthenticatorEnrollment|Factor/i.test(target.type))?.displayName ?? 'A factor');
    signals.push(signal('factor_reset', 'medium', `${what} reset by ${whoWords(newest.event, userId)} at ${whenWords(newest.at, now)}${factorResets.length > 1 ? ` (${factorResets.length} resets in 72 hours)` : ''}`, null, factorResets));
  }
  const enrolled = recent.filter(({ event }) => event.eventType === 'user.mfa.factor.activate' && outcomeOf(event) === 'SUCCESS');
  if (enrolled.length > 0) {
    const newest = [...enrolled].sort(newestFirst)[0] as Timed;
    const what = newest.event.target?.find((target) => /AuthenticatorEnrollment|Factor/i.test(target.type))?.displayName ?? 'A factor';
    signals.push(signal('factor_enrolled', 'medium', `${what} enrolled at ${whenWords(newest.at, now)}${enrolled.length > 1 ? ` (${enrolled.length} new factors in 72 hours)` : ''}`, whereWords(placeOf(newest.event), networkOf(newest.event)), enrolled));
  }
  return signals;
}

function roleSignals(adminRoles: string[] | null): RiskSignal[] {
  if (!adminRoles || adminRoles.length === 0) return [];
  return [
    {
      kind: 'admin_role',
      severity: 'high',
      summary: `This user is an administrator (${adminRoles.join(', ')}): attackers ask help desks to reset admins first`,
      detail: 'Only a super admin should reset a super admin; verify the caller twice.',
      at: null,
      historyEntryIds: [],
    },
  ];
}

const severityRank = { high: 0, medium: 1 } as const;
/** Newest first; standing facts (a role) before everything that happened. */
const momentOf = (entry: RiskSignal): number => (entry.at ? Date.parse(entry.at) : Number.MAX_SAFE_INTEGER);

/**
 * Medium signals of this many kinds add up to high (a new country, a password reset and a new
 * factor: a takeover). Two are left at elevated: a desk's own call often has a denied test push and
 * a new enrollment, and must not need two verifications for that alone.
 */
export const MEDIUM_KINDS_FOR_HIGH = 3;

/** High when any signal is high, or medium signals of enough kinds add up to it; elevated with any. */
function levelOf(signals: RiskSignal[]): RiskReading['level'] {
  if (signals.some((entry) => entry.severity === 'high')) return 'high';
  const mediumKinds = new Set(signals.filter((entry) => entry.severity === 'medium').map((entry) => entry.kind));
  if (mediumKinds.size >= MEDIUM_KINDS_FOR_HIGH) return 'high';
  return mediumKinds.size > 0 ? 'elevated' : 'none';
}

export function readRisk(input: RiskInput): RiskReading {
  const { userId, now } = input;
  const windowStart = now.getTime() - RISK_WINDOW_MS;
  const all: Timed[] = input.events.map((event) => ({ event, at: Date.parse(event.published) })).filter((item) => !Number.isNaN(item.at));
  const recent = all.filter((item) => item.at >= windowStart && item.at <= now.getTime() + 60_000);
  const where = whereSignals(all, recent, userId, now);
  const signals = [
    ...roleSignals(input.adminRoles),
    ...suspiciousActivitySignals(recent, now),
    ...pushSignals(recent, now),
    ...oktaRiskSignals(recent, now),
    ...where.signals,
    ...failedMfaSignals(recent, now),
    ...resetSignals(recent, userId, now),
  ].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || momentOf(b) - momentOf(a));
  return { signals, level: levelOf(signals), earlierSignIns: where.earlierSignIns };
}
