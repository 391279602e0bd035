import type { DebriefAction, DebriefCheck, TrainingDebrief } from '../../../../contract/training';
import { zoneAbbreviation } from '../../../../contract/time-zone';
import type { CallerVerificationRecord, ManualVerificationMethod } from '../../../../contract/workflows';
import type { AuditAction, AuditRecord } from '../../audit';
import { factorLabel } from '../../factors/factor-labels';
import { checkEventOf } from '../../workflows/verification-timeline';
import type { TrainingCallRecord } from './training-records';
import type { TrainingScenarioDefinition } from './training-scenarios';

export interface DebriefInput {
  call: TrainingCallRecord;
  scenario: TrainingScenarioDefinition;
  /** The desk's journal for the caller in this org from the start of the call to its end, attempts folded (outcomesOf), oldest first. */
  records: readonly AuditRecord[];
  /** When the ticket note of this caller was written (ISO), oldest first. */
  ticketNotes: readonly string[];
  escalatedToSecurity: boolean;
  agent: string;
  endedAt: string;
  timeZone: string;
}

/** Actions that give the caller access back: each needs a valid verification first. */
const ACCESS_CHANGES: ReadonlySet<AuditAction> = new Set(['reset_factor', 'reset_all_factors', 'issue_tac', 'unlock_user']);
/** Okta Verify's factors: removing push or FastPass takes the whole enrollment with it; its code alone does not. */
const OKTA_VERIFY_TYPES = new Set(['push', 'signed_nonce', 'token:software:totp']);
const ENROLLMENT_REMOVERS = new Set(['push', 'signed_nonce']);
/** Failed checks that say the person on the line is not who they claim (a timeout or a closed dialog says nothing). */
const TELLING_FAILURES = new Set(['denied', 'wrong_code', 'wrong_answer']);

const manualWords: Record<ManualVerificationMethod, string> = {
  manager_callback: 'manager callback',
  id_check: 'ID check',
  known_callback: 'call back to the number on record',
  in_person: 'in person',
  other: 'other (described in the ticket)',
};

const failureWords: Record<string, string> = {
  denied: 'denied',
  wrong_code: 'a wrong code',
  wrong_answer: 'a wrong answer',
  timed_out: 'timed out',
  cancelled: 'cancelled',
  not_followed: 'not followed to its end',
  no_known_result: 'with no known result',
};

/** "14:02:05 CET" in the trainee's zone. */
function clockOf(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return (iso) => {
    const date = new Date(iso);
    return `${format.format(date)} ${zoneAbbreviation(date, timeZone)}`;
  };
}

/** Whether the action may have changed something at Okta, or was at least tried: everything but an attempt record. */
const tried = (record: AuditRecord): boolean => record.outcome !== 'attempt';
const succeeded = (record: AuditRecord): boolean => record.outcome === 'success';
/** Succeeded, or may have: the answer was lost. */
const mayHaveHappened = (record: AuditRecord): boolean => record.outcome === 'success' || record.outcome === 'unknown';
/** An enrollment made at Okta: done at once, or waiting for its activation code or scan. */
const enrolledAtOkta = (record: AuditRecord): boolean => record.action === 'enroll' && (record.outcome === 'success' || record.outcome === 'pending' || record.outcome === 'sent');

class CallFacts {
  readonly at: (iso: string) => string;
  private readonly labels = new Map<string, string>();
  readonly untrusted: ReadonlySet<string>;
  readonly records: readonly AuditRecord[];

  constructor(readonly input: DebriefInput) {
    this.at = clockOf(input.timeZone);
    this.records = input.records.filter((record) => record.outcome !== 'attempt');
    for (const factor of input.call.startFactors) this.labels.set(factor.id, factorLabel(factor.factorType, factor.provider));
    this.untrusted = new Set(input.call.untrustedFactorIds);
  }

  label(record: { factorId?: string | null | undefined; factorType?: string | null | undefined }): string {
    if (record.factorId && this.labels.has(record.factorId)) return this.labels.get(record.factorId) as string;
    return record.factorType ? factorLabel(record.factorType, 'OKTA') : 'a factor';
  }

  of(...actions: AuditAction[]): AuditRecord[] {
    return this.records.filter((record) => actions.includes(record.action));
  }

  /** The checks of the call as the verification timeline reads them. */
  checks(): NonNullable<ReturnType<typeof checkEventOf>>[] {
    return this.records.flatMap((record) => {
      const event = checkEventOf(record);
      return event ? [event] : [];
    });
  }

  /** Failed checks between two times (exclusive of the first). */
  failuresBetween(from: number, to: number) {
    return this.checks().flatMap((event) => (event.kind === 'fail' && event.at > from && event.at <= to ? [event] : []));
  }

  /** The latest pass on a factor the caller holds before `time`, not voided by a later failed check (or null, and why). */
  standingPassAt(time: number): { ok: true; at: string; label: string } | { ok: false; why: string } {
    const passes = this.checks().filter((event) => event.kind === 'pass' && event.at <= time);
    const last = passes.at(-1);
    if (!last || last.kind !== 'pass') return { ok: false, why: 'no check had passed before it' };
    if (this.untrusted.has(last.pass.factorId)) return { ok: false, why: `the only pass was on ${this.label(last.pass)}, which the caller does not hold` };
    const voiding = this.failuresBetween(last.at, time)[0];
    if (voiding && voiding.kind === 'fail') return { ok: false, why: `the pass at ${this.at(last.pass.verifiedAt)} was voided by ${this.label(voiding.check)} ${failureWords[voiding.check.reason] ?? 'failing'} at ${this.at(voiding.check.at)}` };
    return { ok: true, at: last.pass.verifiedAt, label: this.label(last.pass) };
  }
}

const check = (id: string, title: string, result: DebriefCheck['result'], why: string): DebriefCheck => ({ id, title, result, why });

function actionWords(facts: CallFacts, record: AuditRecord): string {
  const label = facts.label(record);
  switch (record.action) {
    case 'verify_start':
      if (record.factorType === 'push') return `Sent a test push to ${label}`;
      return record.factorType === 'sms' || record.factorType === 'call' || record.factorType === 'email' ? `Sent a code by ${label}` : `Started a check on ${label}`;
    case 'verify_push':
      return `Test push to ${label}`;
    case 'verify_code':
      return `Code check on ${label}`;
    case 'reset_factor':
      return `Reset ${label}`;
    case 'reset_all_factors':
      return 'Reset all factors';
    case 'clear_sessions':
      return 'Signed out everywhere';
    case 'issue_tac':
      return 'Issued a temporary access code';
    case 'revoke_tac':
      return 'Revoked the temporary access code';
    case 'enroll':
      return `Enrolled ${label}`;
    case 'activate':
      return `Activated ${label}`;
    case 'send_activation_link':
      return `Sent the activation link for ${label}`;
    case 'resend_code':
      return `Resent the code for ${label}`;
    case 'unlock_user':
      return 'Unlocked the user';
    case 'end_call':
      return 'Ended the call';
    default:
      return record.action.replaceAll('_', ' ');
  }
}

function outcomeWords(record: AuditRecord): string {
  if (record.outcome === 'failure') return record.stage === 'refused' ? 'refused by FactorDesk' : 'failed';
  if (record.outcome === 'unknown') return 'outcome unknown';
  if (record.outcome === 'pending') return 'waiting for activation';
  return record.outcome;
}

/** What the trainee did, one line per journal outcome (never a detail that could carry more than a masked number). */
function actionsOf(facts: CallFacts): DebriefAction[] {
  return facts.records.map((record) => {
    const masked = enrolledAtOkta(record) && record.detail?.startsWith('to ') && record.detail.includes('•') ? ` ${record.detail}` : '';
    return { time: record.time, action: record.action, outcome: record.outcome, summary: `${actionWords(facts, record)}${masked}: ${outcomeWords(record)}` };
  });
}

function verificationWords(verification: CallerVerificationRecord, facts: CallFacts): string {
  if (verification.method === 'test_push' || verification.method === 'code_check') return `${verification.method === 'test_push' ? 'a test push' : 'a code check'} on ${facts.label(verification)} at ${facts.at(verification.verifiedAt)}`;
  if (verification.automatic) return 'a check';
  if (verification.method === 'not_required') return 'no verification';
  return `${manualWords[verification.method]} (ticket ${verification.ticket})`;
}

/** Whether one access change had a valid verification, and the sentence why. */
function judgeVerification(facts: CallFacts, record: AuditRecord): { ok: boolean; why: string } {
  const what = `${actionWords(facts, record)} at ${facts.at(record.time)}`;
  const time = Date.parse(record.time);
  const verification = record.callerVerification;
  if (!verification) {
    const standing = facts.standingPassAt(time);
    return standing.ok ? { ok: true, why: `${what} followed a pass on ${standing.label} at ${facts.at(standing.at)}` } : { ok: false, why: `${what}: ${standing.why}` };
  }
  if (verification.method === 'not_required') return { ok: false, why: `${what} recorded no verification of the caller` };
  if (verification.method === 'test_push' || verification.method === 'code_check') {
    if (facts.untrusted.has(verification.factorId)) return { ok: false, why: `${what} relied on ${facts.label(verification)}, which the caller does not hold: whoever passed it was not the caller` };
    const voiding = facts.failuresBetween(Date.parse(verification.verifiedAt), time)[0];
    if (voiding && voiding.kind === 'fail') return { ok: false, why: `${what} relied on the pass at ${facts.at(verification.verifiedAt)}, voided by ${facts.label(voiding.check)} ${failureWords[voiding.check.reason] ?? 'failing'} at ${facts.at(voiding.check.at)}` };
    return { ok: true, why: `${what} followed ${verificationWords(verification, facts)}` };
  }
  const weak = facts.input.scenario.rules.weakManualMethods?.[verification.method];
  if (weak) return { ok: false, why: `${what} relied on a ${manualWords[verification.method]}, but ${weak}` };
  const telling = facts.failuresBetween(Date.parse(facts.input.call.startedAt) - 1, time).find((event) => event.kind === 'fail' && TELLING_FAILURES.has(event.check.reason));
  if (telling && telling.kind === 'fail') {
    return { ok: false, why: `${what} relied on a ${manualWords[verification.method]} recorded after ${facts.label(telling.check)} was ${failureWords[telling.check.reason]} at ${facts.at(telling.check.at)}: a failed check calls for more care, not a manual override` };
  }
  return { ok: true, why: `${what} followed a recorded ${verificationWords(verification, facts)}` };
}

function verifiedBeforeChanges(facts: CallFacts): DebriefCheck {
  const title = 'Verified before giving access back';
  const changes = facts.records.filter((record) => ACCESS_CHANGES.has(record.action) && tried(record) && !(record.outcome === 'failure' && record.stage === 'refused'));
  if (!changes.length) return check('verified_before_reset', title, 'not_applicable', 'Nothing was reset, unlocked or issued in this call.');
  const judged = changes.map((record) => judgeVerification(facts, record));
  const failed = judged.filter((judgement) => !judgement.ok);
  return check('verified_before_reset', title, failed.length ? 'fail' : 'pass', `${(failed.length ? failed : judged).map((judgement) => judgement.why).join('; ')}.`);
}

function callerVerified(facts: CallFacts): DebriefCheck {
  const title = 'Verified the caller';
  const end = Date.parse(facts.input.endedAt);
  const standing = facts.standingPassAt(end);
  if (standing.ok) return check('caller_verified', title, 'pass', `${facts.input.call.caller.displayName} passed a check on ${standing.label} at ${facts.at(standing.at)}.`);
  const manual = facts.records.find((record) => record.callerVerification && !record.callerVerification.automatic && record.callerVerification.method !== 'not_required');
  if (manual?.callerVerification && manual.callerVerification.method !== 'not_required' && !manual.callerVerification.automatic) {
    return check('caller_verified', title, 'pass', `A ${manualWords[manual.callerVerification.method]} was recorded at ${facts.at(manual.time)}.`);
  }
  return check('caller_verified', title, 'fail', `The caller was not verified in the call: ${standing.why}.`);
}

function sessionsSealed(facts: CallFacts): DebriefCheck {
  const title = 'Signed out everywhere after each reset';
  const resets = facts.of('reset_factor', 'reset_all_factors').filter(mayHaveHappened);
  if (!resets.length) return check('sessions_sealed', title, 'not_applicable', 'No factor was reset.');
  const signOuts = facts.of('clear_sessions').filter(succeeded);
  const unsealed = resets.filter((reset) => !signOuts.some((signOut) => Date.parse(signOut.time) >= Date.parse(reset.time)));
  if (unsealed.length) {
    return check('sessions_sealed', title, 'fail', `${unsealed.map((reset) => `${actionWords(facts, reset)} at ${facts.at(reset.time)}`).join(' and ')} left the caller's sessions and app tokens alive: whoever is signed in stays signed in.`);
  }
  const last = signOuts.at(-1) as AuditRecord;
  return check('sessions_sealed', title, 'pass', `Sessions and app tokens were ended at ${facts.at(last.time)}, after the last reset at ${facts.at((resets.at(-1) as AuditRecord).time)}.`);
}

function ticketNoted(facts: CallFacts): DebriefCheck {
  const title = 'Ticket note written after the last action';
  const actions = facts.records.filter((record) => record.action !== 'end_call');
  const last = actions.at(-1);
  const notes = facts.input.ticketNotes;
  const after = notes.filter((at) => !last || Date.parse(at) >= Date.parse(last.time));
  if (after.length) {
    return check('ticket_noted', title, 'pass', `The note for ${facts.input.call.ticket} was copied at ${facts.at(after.at(-1) as string)}${last ? `, after the last action at ${facts.at(last.time)}` : ''}.`);
  }
  if (notes.length && last) return check('ticket_noted', title, 'fail', `The note was copied at ${facts.at(notes.at(-1) as string)}, before the last action at ${facts.at(last.time)}: the ticket misses what came after.`);
  return check('ticket_noted', title, 'fail', `No ticket note was copied for ${facts.input.call.ticket} (Copy ticket note, or C, in the caller's header).`);
}

function noneOf(facts: CallFacts, id: string, title: string, actions: AuditAction[], reason: string): DebriefCheck {
  const done = facts.of(...actions).filter(tried);
  if (!done.length) return check(id, title, 'pass', `None in the call: right, because ${reason}.`);
  const list = done.map((record) => `${actionWords(facts, record)} at ${facts.at(record.time)} (${outcomeWords(record)})`).join(', ');
  return check(id, title, 'fail', `${list}: wrong in this call, because ${reason}.`);
}

function removed(facts: CallFacts, id: string, title: string, what: string, factorIds: ReadonlySet<string>, removesAll: (factorType: string | undefined) => boolean): DebriefCheck {
  const resets = facts.of('reset_factor', 'reset_all_factors').filter(succeeded);
  const done = resets.find((record) => record.action === 'reset_all_factors' || (record.factorId !== undefined && factorIds.has(record.factorId) && removesAll(facts.input.call.startFactors.find((factor) => factor.id === record.factorId)?.factorType)));
  if (done) return check(id, title, 'pass', `${what} was removed at ${facts.at(done.time)} (${actionWords(facts, done)}).`);
  const partial = resets.find((record) => record.factorId !== undefined && factorIds.has(record.factorId));
  if (partial) return check(id, title, 'fail', `${actionWords(facts, partial)} at ${facts.at(partial.time)} left the rest of ${what} in place: reset its push (or FastPass) to remove the whole enrollment.`);
  return check(id, title, 'fail', `${what} is still enrolled at the end of the call.`);
}

function enrolledNew(facts: CallFacts, wanted: NonNullable<TrainingScenarioDefinition['rules']['enrollNew']>): DebriefCheck {
  const title = wanted.factorType === 'push' ? 'New phone set up' : 'New number enrolled and activated';
  const enrollments = facts.of('enroll').filter((record) => enrolledAtOkta(record) && record.factorType === wanted.factorType);
  const matching = wanted.factorType === 'sms' ? enrollments.filter((record) => record.detail?.endsWith(wanted.phoneLast4)) : enrollments;
  if (!matching.length) {
    if (wanted.factorType === 'sms' && enrollments.length) return check('new_factor_enrolled', title, 'fail', `SMS was enrolled at ${facts.at((enrollments.at(-1) as AuditRecord).time)}, but not to the caller's new number ending ${wanted.phoneLast4}.`);
    return check('new_factor_enrolled', title, 'fail', `No ${wanted.factorType === 'push' ? 'Okta Verify' : 'SMS'} enrollment was made for the caller.`);
  }
  const activated = facts.of('activate').find((record) => succeeded(record) && matching.some((enroll) => enroll.factorId === record.factorId));
  const enrolled = matching.at(-1) as AuditRecord;
  if (!activated) return check('new_factor_enrolled', title, 'fail', `Enrolled at ${facts.at(enrolled.time)}, but never activated: the caller cannot use it yet.`);
  return check('new_factor_enrolled', title, 'pass', `Enrolled at ${facts.at(enrolled.time)} and activated at ${facts.at(activated.time)}.`);
}

/** The debrief: what the trainee did against the desk's policy and the scenario's right outcome. */
export function buildDebrief(input: DebriefInput): TrainingDebrief {
  const facts = new CallFacts(input);
  const { rules } = input.scenario;
  const checks: DebriefCheck[] = [];
  if (rules.verifyCaller) checks.push(callerVerified(facts));
  checks.push(verifiedBeforeChanges(facts));
  if (rules.noAccessChanges) {
    checks.push(noneOf(facts, 'no_reset', 'No reset', ['reset_factor', 'reset_all_factors'], 'the caller never passed a check: a reset hands the account to whoever is on the line'));
    checks.push(noneOf(facts, 'no_tac', 'No temporary access code', ['issue_tac'], 'a code lets whoever holds it sign in as the user'));
  } else if (rules.noReset) {
    checks.push(noneOf(facts, 'no_reset', 'No reset', ['reset_factor', 'reset_all_factors'], input.scenario.id === 'mfa-fatigue' ? 'the attacker has the password: while the factors are reset they could enroll their own phone' : "the caller's own phone works"));
    checks.push(noneOf(facts, 'no_tac', 'No temporary access code', ['issue_tac'], 'the caller can sign in with their own phone'));
  }
  if (rules.noEnrollment) {
    checks.push(
      noneOf(facts, 'no_enrollment', 'Nothing enrolled', ['enroll'], input.scenario.id === 'mfa-fatigue' ? "the caller's own factors work: a new one only adds a way in" : 'a factor enrolled now would belong to whoever is on the line'),
    );
  }
  const startFactors = input.call.startFactors;
  if (rules.removeOktaVerifyOn) {
    const ids = new Set(startFactors.filter((factor) => OKTA_VERIFY_TYPES.has(factor.factorType)).map((factor) => factor.id));
    checks.push(removed(facts, 'old_device_removed', `Okta Verify on ${rules.removeOktaVerifyOn} removed`, `Okta Verify on ${rules.removeOktaVerifyOn}`, ids, (type) => type !== undefined && ENROLLMENT_REMOVERS.has(type)));
  }
  if (rules.removeFactorType) {
    const ids = new Set(startFactors.filter((factor) => factor.factorType === rules.removeFactorType).map((factor) => factor.id));
    checks.push(removed(facts, 'old_factor_removed', 'Old phone number removed', 'the SMS factor with the old number', ids, () => true));
  }
  if (rules.enrollNew) checks.push(enrolledNew(facts, rules.enrollNew));
  if (rules.unlock) {
    const unlock = facts.of('unlock_user').find(succeeded);
    checks.push(check('unlocked', 'Unlocked', unlock ? 'pass' : 'fail', unlock ? `${input.call.caller.displayName} was unlocked at ${facts.at(unlock.time)}.` : `${input.call.caller.displayName} is still locked out at the end of the call.`));
  }
  if (rules.signOut) {
    const signOut = facts.of('clear_sessions').find(succeeded);
    checks.push(
      check('signed_out', 'Signed out everywhere', signOut ? 'pass' : 'fail', signOut ? `Every session and app token ended at ${facts.at(signOut.time)}: the attacker's sign-in is gone.` : "The caller's sessions were never ended: the attacker's sign-in is still alive."),
    );
  }
  checks.push(sessionsSealed(facts));
  if (rules.escalate) {
    checks.push(
      check(
        'escalated',
        'Escalated to security',
        input.escalatedToSecurity ? 'pass' : 'fail',
        input.escalatedToSecurity ? 'You said you handed the call to the security team (escalation happens outside FactorDesk).' : 'Not escalated: a push-bombing attack with a successful sign-in is a security incident, not only a help-desk call.',
      ),
    );
  }
  checks.push(ticketNoted(facts));
  return {
    callId: input.call.callId,
    scenarioId: input.scenario.id,
    title: input.scenario.title,
    ticket: input.call.ticket,
    caller: input.call.caller,
    agent: input.agent,
    startedAt: input.call.startedAt,
    endedAt: input.endedAt,
    timeZone: input.timeZone,
    passed: checks.every((item) => item.result !== 'fail'),
    checks,
    actions: actionsOf(facts),
    reported: { escalatedToSecurity: input.escalatedToSecurity },
  };
}
