import type { AuditRecord, DeskAction, DeskStep } from '../audit';
import { lastResult } from '../audit';
import { factorLabel } from '../factors/factor-labels';
import { manualMethodWords, secondVerificationWords } from './verification-words';

/** What a line writer may use besides the action itself. */
export interface NoteContext {
  /** "14:02 CET" (with the date when the call spans days). */
  time(iso: string): string;
  /** The factor in words, with its device or masked phone/email: "Okta Verify (push) on 'Isaac iPhone'", "SMS (+1•••0123)". */
  factor(factorId: string | null, factorType: string | null): string;
  /** The factor's name alone: "SMS", "Google Authenticator". */
  label(factorId: string | null, factorType: string | null): string;
  /** Where a code for the factor goes, masked: "+1•••0123", "j•••@example.com"; null when not a phone or email factor. */
  destination(factorId: string | null): string | null;
}

/**
 * One line of "What was done" for a desk action (audit/desk-actions.ts), written from the
 * records' structured fields only: never a record's free-text detail unless the journal builds it
 * from masked values, so nothing the caller said or typed can reach the note.
 */
export type NoteLineWriter = (action: DeskAction, context: NoteContext) => string;

/** Why an action failed, from its error code (never the message, which may quote Okta). */
const failureWords: Record<string, string> = {
  WRONG_CODE: 'wrong code',
  NOT_FOUND: 'not found at Okta (changed meanwhile)',
  PERMISSION_DENIED: 'not allowed for this connection',
  RATE_LIMITED: "Okta's rate limit was reached",
  SENT_TOO_RECENTLY: 'sent too recently',
  ACTIVATION_EXPIRED: 'the activation had expired',
  ALREADY_ENROLLED: 'already enrolled',
  VALIDATION: 'Okta refused the input',
  NETWORK: 'Okta could not be reached',
  TIMEOUT: 'Okta did not answer in time',
  DNS_FAILURE: 'Okta could not be reached',
  TLS_FAILURE: 'Okta could not be reached',
  PROXY_FAILURE: 'Okta could not be reached',
  STEP_UP_REQUIRED: 'a fresh sign-in was required',
  SIGN_IN_REQUIRED: 'the agent had to sign in again',
  INVALID_INPUT: 'refused by FactorDesk',
  POLICY_REFUSED: "not allowed by the desk's policy",
  OUTCOME_UNKNOWN: "Okta's answer was lost",
};

/** "failed (wrong code; Okta E0000068, error id oae1x)". */
export function failureOf(record: AuditRecord): string {
  const why = failureWords[record.errorCode ?? ''] ?? (record.stage === 'refused' ? 'refused by FactorDesk' : 'failed');
  const okta = [record.oktaErrorCode ? `Okta ${record.oktaErrorCode}` : null, record.oktaErrorId ? `error id ${record.oktaErrorId}` : null].filter(Boolean).join(', ');
  return `failed (${why}${okta ? `; ${okta}` : ''})`;
}

const results = (action: DeskAction): DeskStep[] => action.steps.filter((step) => step.role === 'result');
const first = (action: DeskAction): AuditRecord => (action.steps[0] as DeskStep).record;

function seconds(from: string, to: string): string {
  const elapsed = Math.round((Date.parse(to) - Date.parse(from)) / 1000);
  return Number.isFinite(elapsed) && elapsed >= 0 ? ` after ${elapsed} s` : '';
}

function testPush(action: DeskAction, context: NoteContext): string {
  const start = first(action);
  const factor = context.factor(action.factorId, action.factorType);
  if (start.action === 'verify_start' && start.outcome === 'failure') return `Test push to ${factor} could not be sent: ${failureOf(start)}`;
  const matching = start.detail?.startsWith('number matching') ? ' with number matching' : start.detail?.startsWith('no number matching') ? ' without number matching' : '';
  const answer = results(action).at(-1)?.record;
  const sent = `Test push sent to ${factor}${matching}`;
  if (!answer) return start.outcome === 'unknown' ? `${sent}: whether it reached the phone is unknown` : `${sent}: no answer recorded`;
  const after = start.action === 'verify_start' ? seconds(start.time, answer.time) : '';
  switch (answer.outcome) {
    case 'success':
      return `${sent}: approved by the caller${after} (caller verified)`;
    case 'rejected':
      return `${sent}: denied on the phone${after}`;
    case 'timeout':
      return `${sent}: not answered in time`;
    case 'cancelled':
      return `${sent}: cancelled by the agent before the caller answered`;
    case 'unknown':
      return `${sent}: result unknown, not counted`;
    default:
      return `${sent}: stopped before the caller answered, not counted`;
  }
}

function codeWords(factorType: string | null): string {
  switch (factorType) {
    case 'question':
      return 'security question';
    case 'token:software:totp':
      return 'authenticator app code';
    case 'sms':
      return 'SMS code';
    case 'call':
      return 'voice call code';
    case 'email':
      return 'email code';
    default:
      return 'code';
  }
}

function codeCheck(action: DeskAction, context: NoteContext): string {
  const start = first(action);
  const what = codeWords(action.factorType);
  const factor = context.factor(action.factorId, action.factorType);
  if (start.action === 'verify_start' && start.outcome === 'failure') return `Check of the caller's ${what} with ${factor} could not start: ${failureOf(start)}`;
  const sends = 1 + action.steps.filter((step) => step.role === 'send' && step.record.outcome !== 'failure').length;
  const attempts = results(action).map(({ record }) => {
    if (record.outcome === 'success') return 'correct (caller verified)';
    if (record.outcome === 'unknown') return 'result unknown, not counted';
    if (record.errorCode === 'WRONG_CODE') return action.factorType === 'question' ? 'wrong answer' : 'wrong code';
    return failureOf(record);
  });
  const outcome = attempts.length === 0 ? 'no answer checked' : attempts.join(', then ');
  const times = sends === 1 ? '' : sends === 2 ? ', twice' : `, ${sends} times`;
  const destination = context.destination(action.factorId);
  const where = ['sms', 'call', 'email'].includes(action.factorType ?? '')
    ? ` (${action.factorType === 'call' ? 'called' : 'sent to'} ${destination ?? 'the number or address on record'}${times})`
    : action.factorType === 'token:software:totp'
      ? ` (${context.label(action.factorId, action.factorType)})`
      : '';
  return `Checked the caller's ${what}${where}: ${outcome}`;
}

function enrollment(action: DeskAction, context: NoteContext): string {
  const start = first(action);
  // The journal's enroll detail is built from masked values: "to +1•••0123", "to j•••@example.com".
  const destination = start.action === 'enroll' && start.detail?.startsWith('to ') ? ` ${start.detail}` : '';
  // And for an authenticator app, which one: "provider GOOGLE".
  const provider = start.action === 'enroll' ? /^provider (\w+)$/.exec(start.detail ?? '')?.[1] : undefined;
  const factor = destination
    ? context.label(action.factorId, action.factorType)
    : provider && action.factorType
      ? factorLabel(action.factorType, provider)
      : context.factor(action.factorId, action.factorType);
  if (start.action === 'enroll' && start.outcome === 'failure') return `Enrolling ${factor}${destination}: ${failureOf(start)}`;
  const links = action.steps
    .filter((step) => step.record.action === 'send_activation_link' && step.record.outcome !== 'failure')
    .map((step) => (step.record.detail?.startsWith('sms') ? 'by SMS' : 'by email'));
  const linkWords = links.length ? `; activation link sent ${[...new Set(links)].join(' and ')}` : '';
  const began = start.action === 'enroll' ? `Enrolled ${factor}${destination}` : `Reopened the enrollment of ${factor}`;
  const end = lastResult(action);
  if (end.role !== 'result') return start.outcome === 'success' ? `${began}: active${linkWords}` : `${began}: waiting for the caller to activate it${linkWords}`;
  const record = end.record;
  switch (record.outcome) {
    case 'success':
      return `${began}: activated${linkWords}`;
    case 'timeout':
      return `${began}: the activation expired before it was completed${linkWords}`;
    case 'cancelled':
      return `${began}: the agent stopped waiting for the activation${linkWords}`;
    default:
      return `${began}: activation ${failureOf(record)}${linkWords}`;
  }
}

function verificationWords(record: AuditRecord, context: NoteContext): string {
  const verification = record.callerVerification;
  if (!verification || verification.method === 'not_required') return '; no caller verification required by the org';
  if (verification.automatic) {
    const how = verification.method === 'test_push' ? 'test push' : `${codeWords(verification.factorType)} check`;
    return `; caller verified by ${how} at ${context.time(verification.verifiedAt)}`;
  }
  return `; caller verified by ${manualMethodWords[verification.method]} (ticket ${verification.ticket})`;
}

/** A high-risk reset's second verification and the agent's reason, as the journal recorded them. */
function riskWords(record: AuditRecord): string {
  const second = secondVerificationWords(record.riskCheck);
  if (!second) return '';
  const reason = record.riskCheck?.reason ? `; reason: "${record.riskCheck.reason}"` : '';
  return `; high risk, verified a second time by ${second}${reason}`;
}

function reset(action: DeskAction, context: NoteContext): string {
  const record = lastResult(action).record;
  const factor = context.factor(action.factorId, action.factorType);
  if (record.outcome === 'unknown') return `Reset ${factor}: outcome unknown, check the factor list${verificationWords(record, context)}`;
  if (record.outcome === 'failure') return `Reset of ${factor} ${failureOf(record)}`;
  return `Reset ${factor}${verificationWords(record, context)}${riskWords(record)}`;
}

function resetAll(action: DeskAction, context: NoteContext): string {
  const record = lastResult(action).record;
  // The journal's detail here lists factor types only: "2 factor(s): push, sms".
  const listed = /^(\d+) factor\(s\): ([a-z:_, ]*)/.exec(record.detail ?? '');
  const types = listed?.[2]?.split(', ').filter((type) => type && type !== 'none') ?? [];
  const count = listed ? ` (${listed[1]} factor${listed[1] === '1' ? '' : 's'}${types.length ? `: ${types.map((type) => factorLabel(type, type === 'push' ? 'OKTA' : '')).join(', ')}` : ''})` : '';
  if (record.outcome === 'unknown') return `Reset all factors${count}: outcome unknown, check the factor list${verificationWords(record, context)}`;
  if (record.outcome === 'failure') return `Reset of all factors ${failureOf(record)}`;
  return `Reset all factors${count}${verificationWords(record, context)}${riskWords(record)}`;
}

/** A temporary access code: that one was issued, for how long and until when, how the caller was verified; never the code. */
function issueTac(action: DeskAction, context: NoteContext): string {
  const record = lastResult(action).record;
  if (record.outcome === 'failure') return `Issuing a temporary access code ${failureOf(record)}`;
  if (record.outcome === 'unknown') return `Issuing a temporary access code: outcome unknown (revoke it, or issue a new one)${verificationWords(record, context)}`;
  // The journal's detail: "single-use code for 2 hours, valid until 2026-01-15T11:00:00.000Z; replaced the code issued before".
  const issued = /^(single-use|multi-use) code for ([^,;]+), valid until (\S+?)(?:;|$)/.exec(record.detail ?? '');
  const expiry = issued?.[3] && !Number.isNaN(Date.parse(issued[3])) ? `, valid until ${context.time(issued[3])}` : '';
  const what = issued ? ` (${issued[1]}, ${issued[2]}${expiry})` : '';
  const replaced = /replaced the code issued before/.test(record.detail ?? '') ? ', replacing the earlier one' : '';
  return `Issued a temporary access code${what}${replaced}${verificationWords(record, context)}${riskWords(record)}`;
}

/**
 * Ending the user's sessions: "sign out everywhere" after a reset (sessions, OAuth tokens and
 * remembered devices) or a bulk row (sessions, and tokens when asked). What was cleared is read
 * from the markers the journal's own detail carries, and written in the note's words.
 */
function clearSessions(action: DeskAction): string {
  const record = lastResult(action).record;
  const details = action.steps.map((step) => step.record.detail ?? '');
  const everywhere = details.some((detail) => detail.includes('remembered devices forgotten'));
  const tokens = details.some((detail) => detail.includes('OAuth tokens revoked'));
  const done = everywhere ? 'Signed the user out everywhere' : "Cleared the user's Okta sessions";
  if (record.outcome === 'failure') return `${done}: ${failureOf(record)}`;
  if (record.outcome === 'unknown') return `${done}: outcome unknown (safe to repeat)`;
  if (everywhere) return `${done}: Okta sessions ended, OAuth tokens revoked, remembered devices forgotten`;
  return tokens ? `${done} and revoked their OAuth tokens` : done;
}

/** An action of one record: `done` in words, then how it ended. */
function single(done: string): NoteLineWriter {
  return (action) => {
    const record = lastResult(action).record;
    if (record.outcome === 'failure') return `${done}: ${failureOf(record)}`;
    if (record.outcome === 'unknown') return `${done}: outcome unknown`;
    return done;
  };
}

/**
 * The line per desk action kind. A new kind of action adds one entry (actions without one are
 * written from their journal action's name and outcome).
 */
export const noteLines: Readonly<Record<string, NoteLineWriter>> = {
  test_push: testPush,
  code_check: codeCheck,
  enrollment,
  reset,
  reset_all: resetAll,
  end_call: () => "Call ended: the caller's passed check no longer counts",
  clear_sessions: clearSessions,
  unlock_user: single('Unlocked the account'),
  issue_tac: issueTac,
  revoke_tac: single('Revoked the temporary access code'),
  send_enrollment_email: single('Emailed an Okta Verify enrollment link to the user'),
};

/** A line for an action no entry describes. */
export function fallbackLine(action: DeskAction): string {
  const record = lastResult(action).record;
  const what = action.kind.replaceAll('_', ' ');
  const done = `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
  if (record.outcome === 'failure') return `${done}: ${failureOf(record)}`;
  return `${done}: ${record.outcome}`;
}
