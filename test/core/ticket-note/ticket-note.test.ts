// The ticket note builder on a scripted call: what it says, in which order, in local time with the
// zone, with phone numbers and addresses masked, and nothing the caller said or typed.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit';
import { currentCall } from '../../../main/core/ticket-note/call-span';
import { buildTicketNote, noSecretsLine, type TicketNoteFacts } from '../../../main/core/ticket-note/ticket-note';

const USER = '00uisaac000000000001';
const PUSH = 'opfpush0000000000001';
const SMS = 'smssms00000000000001';
const EMAIL = 'emfemail000000000001';
/** What a caller read out or typed in this story: none of it may reach the note. */
const SECRETS = ['483920', '112233', 'purple elephant', 'JBSWY3DPEHPK3PXP', '+1-555-415-1337', '15554151337', 'isaac.private@example.net'];

let sequence = 0;
function record(time: string, fields: Partial<AuditRecord> & Pick<AuditRecord, 'action' | 'outcome'>): AuditRecord {
  sequence += 1;
  return {
    id: `r${String(sequence).padStart(4, '0')}`,
    time,
    agent: 'jdoe',
    actingAs: 'jdoe@acme.example',
    orgId: 'org-1',
    orgUrl: 'https://acme.okta.com',
    userId: USER,
    userLogin: 'isaac@example.org',
    ...fields,
  };
}

/** A call in January (CET): push approved, an SMS code check with a wrong code first, a reset, an enrollment, reset all, the call ended. */
function story(): AuditRecord[] {
  return [
    record('2026-01-15T09:02:00.000Z', { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push', detail: 'number matching' }),
    record('2026-01-15T09:02:12.000Z', { action: 'verify_push', outcome: 'success', factorId: PUSH, factorType: 'push', detail: 'after 12 s' }),
    record('2026-01-15T09:04:00.000Z', { action: 'verify_start', outcome: 'success', factorId: SMS, factorType: 'sms' }),
    // A failure's detail is the message the agent saw: it may quote anything, so the note never copies it.
    record('2026-01-15T09:04:30.000Z', {
      action: 'verify_code',
      outcome: 'failure',
      factorId: SMS,
      factorType: 'sms',
      errorCode: 'WRONG_CODE',
      oktaErrorCode: 'E0000068',
      oktaErrorId: 'oaeWrongCode1',
      stage: 'at_okta',
      detail: 'The code 483920 is not right',
    }),
    record('2026-01-15T09:05:00.000Z', { action: 'resend_code', outcome: 'success', factorId: SMS, factorType: 'sms', detail: 'verify' }),
    record('2026-01-15T09:05:20.000Z', { action: 'verify_code', outcome: 'success', factorId: SMS, factorType: 'sms' }),
    record('2026-01-15T09:07:00.000Z', {
      action: 'reset_factor',
      outcome: 'success',
      factorId: PUSH,
      factorType: 'push',
      callerVerification: { method: 'code_check', automatic: true, factorId: SMS, factorType: 'sms', verifiedAt: '2026-01-15T09:05:20.000Z' },
    }),
    record('2026-01-15T09:09:00.000Z', { action: 'enroll', outcome: 'pending', factorId: EMAIL, factorType: 'email', detail: 'to i•••@example.net' }),
    record('2026-01-15T09:10:00.000Z', { action: 'activate', outcome: 'success', factorId: EMAIL, factorType: 'email' }),
    record('2026-01-15T09:20:00.000Z', {
      action: 'reset_all_factors',
      outcome: 'success',
      detail: '2 factor(s): sms, email',
      callerVerification: { method: 'id_check', automatic: false, ticket: 'INC-4242' },
    }),
    record('2026-01-15T09:30:00.000Z', { action: 'end_call', outcome: 'success', factorId: SMS, factorType: 'sms', detail: 'code check passed at 2026-01-15T09:05:20.000Z' }),
  ];
}

function facts(records: AuditRecord[], overrides: Partial<TicketNoteFacts> = {}): TicketNoteFacts {
  const known: Record<string, ReturnType<TicketNoteFacts['factorOf']>> = {
    [PUSH]: { factorType: 'push', label: 'Okta Verify (push)', device: { name: 'Isaac iPhone', platform: 'IOS', version: '17.4' }, detail: null },
    [SMS]: { factorType: 'sms', label: 'SMS', device: null, detail: '+1-555-415-1337' },
    [EMAIL]: { factorType: 'email', label: 'Email', device: null, detail: 'isaac.private@example.net' },
  };
  return {
    caller: { id: USER, login: 'isaac@example.org', displayName: 'Isaac Brock' },
    org: { name: 'Acme production', url: 'https://acme.okta.com' },
    agentNow: { osUser: 'jdoe', actingAs: 'jdoe@acme.example' },
    records,
    endedAt: null,
    factorOf: (factorId) => (factorId ? known[factorId] : undefined),
    now: new Date('2026-01-15T09:31:00.000Z'),
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

describe('the ticket note', () => {
  it('says who, when in local time with the zone, how verified, the ticket, and what was done in order', () => {
    const records = story();
    const call = currentCall(records);
    const note = buildTicketNote(facts(call.records, { endedAt: call.endedAt }));
    const lines = note.text.trimEnd().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'MFA help desk call: Isaac Brock',
      `Caller: Isaac Brock (isaac@example.org, Okta user ${USER})`,
      'When: 15 Jan 2026, 10:02–10:30 CET (call ended)',
      'Agent: jdoe (acting in Okta as jdoe@acme.example)',
      'Org: Acme production (https://acme.okta.com)',
      "How verified: SMS (+1•••1337) check passed at 10:05 CET; an ID check, ticket INC-4242 (recorded at 10:20 CET)",
      'Ticket: INC-4242',
    ]);
    expect(lines.slice(8)).toEqual([
      'What was done:',
      "- 10:02 CET  Test push sent to Okta Verify (push) on 'Isaac iPhone' with number matching: approved by the caller after 12 s (caller verified)",
      "- 10:04 CET  Checked the caller's SMS code (sent to +1•••1337, twice): wrong code, then correct (caller verified)",
      "- 10:07 CET  Reset Okta Verify (push) on 'Isaac iPhone'; caller verified by SMS code check at 10:05 CET",
      '- 10:09 CET  Enrolled Email to i•••@example.net: activated',
      '- 10:20 CET  Reset all factors (2 factors: SMS, Email); caller verified by an ID check (ticket INC-4242)',
      "- 10:30 CET  Call ended: the caller's passed check no longer counts",
      '',
      noSecretsLine,
    ]);
    expect(note.actionCount).toBe(6);
    expect(note.callStartedAt).toBe('2026-01-15T09:02:00.000Z');
  });

  it('holds no code, answer, setup key, full phone number or address', () => {
    const text = buildTicketNote(facts(story())).text;
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
  });

  it('writes each time in the agent’s zone, summer time included', () => {
    const summer = [record('2026-07-01T12:00:00.000Z', { action: 'reset_factor', outcome: 'success', factorId: SMS, factorType: 'sms', callerVerification: { method: 'not_required', automatic: false } })];
    expect(buildTicketNote(facts(summer)).text).toContain('- 14:00 CEST  Reset SMS (+1•••1337); no caller verification required by the org');
    const newYork = buildTicketNote(facts(summer, { timeZone: 'America/New_York' })).text;
    expect(newYork).toContain('When: 1 Jul 2026, 08:00 EDT');
    expect(buildTicketNote(facts(summer, { timeZone: 'UTC' })).text).toContain('- 12:00 UTC  Reset SMS');
  });

  it('dates each line when the call runs past midnight', () => {
    const late = [
      record('2026-01-15T22:58:00.000Z', { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push', detail: 'no number matching' }),
      record('2026-01-15T23:01:00.000Z', { action: 'verify_push', outcome: 'timeout', factorId: PUSH, factorType: 'push' }),
    ];
    const text = buildTicketNote(facts(late)).text;
    expect(text).toContain('When: 15 Jan 2026, 23:58 CET – 16 Jan 2026, 00:01 CET');
    expect(text).toContain("- 15 Jan 23:58 CET  Test push sent to Okta Verify (push) on 'Isaac iPhone' without number matching: not answered in time");
  });

  it('says which failed check voided a pass, failures with their reason, and unknown outcomes', () => {
    const records = [
      record('2026-01-15T09:00:00.000Z', { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push', detail: 'number matching' }),
      record('2026-01-15T09:00:10.000Z', { action: 'verify_push', outcome: 'success', factorId: PUSH, factorType: 'push' }),
      record('2026-01-15T09:01:00.000Z', { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push', detail: 'number matching' }),
      record('2026-01-15T09:01:05.000Z', { action: 'verify_push', outcome: 'rejected', factorId: PUSH, factorType: 'push' }),
      record('2026-01-15T09:02:00.000Z', { action: 'reset_factor', outcome: 'failure', factorId: SMS, factorType: 'sms', errorCode: 'PERMISSION_DENIED', oktaErrorCode: 'E0000006', oktaErrorId: 'oae1nTq9x', stage: 'at_okta', detail: 'You do not have permission' }),
      record('2026-01-15T09:03:00.000Z', { action: 'reset_factor', outcome: 'unknown', factorId: SMS, factorType: 'sms', callerVerification: { method: 'in_person', automatic: false, ticket: 'INC-7' } }),
    ];
    const text = buildTicketNote(facts(records)).text;
    expect(text).toContain("How verified: test push approved on Okta Verify (push) on 'Isaac iPhone' at 10:00 CET, then voided by a test push denied on the phone at 10:01 CET; seeing them in person at the desk, ticket INC-7 (recorded at 10:03 CET)");
    expect(text).toContain("- 10:01 CET  Test push sent to Okta Verify (push) on 'Isaac iPhone' with number matching: denied on the phone after 5 s");
    expect(text).toContain('- 10:02 CET  Reset of SMS (+1•••1337) failed (not allowed for this connection; Okta E0000006, error id oae1nTq9x)');
    expect(text).toContain('- 10:03 CET  Reset SMS (+1•••1337): outcome unknown, check the factor list; caller verified by seeing them in person at the desk (ticket INC-7)');
    expect(text).not.toContain('You do not have permission');
  });

  it('a high-risk reset: the second verification and the reason, in the line and under How verified; a refused one adds nothing', () => {
    const riskCheck = { level: 'high' as const, signals: ['push_fatigue' as const, 'suspicious_activity' as const] };
    const records = [
      record('2026-01-15T09:00:00.000Z', { action: 'reset_factor', outcome: 'failure', factorId: SMS, factorType: 'sms', errorCode: 'INVALID_INPUT', stage: 'refused', riskCheck }),
      record('2026-01-15T09:02:00.000Z', {
        action: 'reset_factor',
        outcome: 'success',
        factorId: SMS,
        factorType: 'sms',
        callerVerification: { method: 'id_check', automatic: false, ticket: 'INC-9' },
        riskCheck: { ...riskCheck, secondMethod: 'manager_callback', reason: 'Manager confirmed the caller lost the phone on a trip' },
      }),
    ];
    const text = buildTicketNote(facts(records)).text;
    expect(text).toContain(
      "How verified: an ID check, ticket INC-9 (recorded at 10:02 CET); a second time (high risk) by a callback confirmed by the caller's manager (recorded at 10:02 CET)",
    );
    expect(text).toContain(
      '- 10:02 CET  Reset SMS (+1•••1337); caller verified by an ID check (ticket INC-9); high risk, verified a second time by a callback confirmed by the caller\'s manager; reason: "Manager confirmed the caller lost the phone on a trip"',
    );
    expect(text.match(/a second time/g)).toHaveLength(2);
  });

  it('a temporary access code: that one was issued, its use and expiry, how the caller was verified; a revoke and a failure in words', () => {
    const records = [
      record('2026-01-15T09:00:00.000Z', {
        action: 'issue_tac',
        outcome: 'success',
        factorId: 'tac1234567890abcdefg',
        factorType: 'tac',
        detail: 'single-use code for 2 hours, valid until 2026-01-15T11:00:00.000Z; replaced the code issued before',
        callerVerification: { method: 'id_check', automatic: false, ticket: 'INC-11' },
        riskCheck: { level: 'high', signals: ['admin_role'], secondMethod: 'known_callback', reason: 'Called back on the number in HR records' },
      }),
      record('2026-01-15T09:05:00.000Z', { action: 'revoke_tac', outcome: 'success' }),
      record('2026-01-15T09:06:00.000Z', { action: 'issue_tac', outcome: 'failure', errorCode: 'PERMISSION_DENIED', oktaErrorCode: 'E0000006', stage: 'at_okta' }),
    ];
    const text = buildTicketNote(facts(records)).text;
    expect(text).toContain(
      '- 10:00 CET  Issued a temporary access code (single-use, 2 hours, valid until 12:00 CET), replacing the earlier one; caller verified by an ID check (ticket INC-11); high risk, verified a second time by a callback on the number on record; reason: "Called back on the number in HR records"',
    );
    expect(text).toContain('- 10:05 CET  Revoked the temporary access code');
    expect(text).toMatch(/- 10:06 CET {2}Issuing a temporary access code failed \(/);
  });

  it('names the agent at the desk and says so when nothing was done yet', () => {
    const text = buildTicketNote(facts([], { caller: { id: USER, login: 'isaac@example.org', displayName: null }, agentNow: { osUser: 'mrossi', actingAs: null } })).text;
    expect(text).toContain('MFA help desk call: isaac@example.org');
    expect(text).toContain(`Caller: isaac@example.org (Okta user ${USER})`);
    expect(text).toContain('When: 15 Jan 2026, 10:31 CET, nothing done yet');
    expect(text).toContain('Agent: mrossi\n');
    expect(text).toContain('How verified: not verified in FactorDesk during this call');
    expect(text).toContain('Ticket: none recorded in FactorDesk');
    expect(text).toContain('- Nothing recorded in FactorDesk for this call yet.');
  });

  it('writes an action it has no words for from its journal action and outcome', () => {
    const text = buildTicketNote(facts([record('2026-01-15T09:00:00.000Z', { action: 'unlock_user', outcome: 'success' }), record('2026-01-15T09:01:00.000Z', { action: 'clear_sessions', outcome: 'failure', errorCode: 'NETWORK', stage: 'before_okta' })])).text;
    expect(text).toContain('- 10:00 CET  Unlocked the account');
    expect(text).toContain("- 10:01 CET  Cleared the user's Okta sessions: failed (Okta could not be reached)");
  });
  it('says what signing out cleared: everything after a reset, sessions (and tokens) from a bulk row; a lost answer is safe to repeat', () => {
    const everywhere = 'after resetting all factors (journal r0001): sign out everywhere (sessions ended, OAuth tokens revoked, remembered devices forgotten)';
    const text = buildTicketNote(
      facts([
        record('2026-01-15T09:00:00.000Z', { action: 'clear_sessions', outcome: 'success', detail: everywhere }),
        record('2026-01-15T09:01:00.000Z', { action: 'clear_sessions', outcome: 'success', detail: 'sessions ended and OAuth tokens revoked' }),
        record('2026-01-15T09:02:00.000Z', { action: 'clear_sessions', outcome: 'success', detail: 'sessions ended' }),
        record('2026-01-15T09:03:00.000Z', { action: 'clear_sessions', outcome: 'unknown', detail: everywhere, errorCode: 'OUTCOME_UNKNOWN', stage: 'at_okta' }),
      ]),
    ).text;
    expect(text).toContain('- 10:00 CET  Signed the user out everywhere: Okta sessions ended, OAuth tokens revoked, remembered devices forgotten\n');
    expect(text).toContain("- 10:01 CET  Cleared the user's Okta sessions and revoked their OAuth tokens\n");
    expect(text).toContain("- 10:02 CET  Cleared the user's Okta sessions\n");
    expect(text).toContain('- 10:03 CET  Signed the user out everywhere: outcome unknown (safe to repeat)\n');
    // The journal's own words (which name the reset's journal record) stay out of the note.
    expect(text).not.toContain('journal r0001');
  });
});

describe('the current call', () => {
  it('is everything since the last ended call, or the ended call when nothing came after it', () => {
    const records = story();
    const ended = currentCall(records);
    expect(ended.records).toHaveLength(records.length);
    expect(ended.endedAt).toBe('2026-01-15T09:30:00.000Z');

    const next = [...records, record('2026-01-15T11:00:00.000Z', { action: 'verify_start', outcome: 'sent', factorId: PUSH, factorType: 'push' })];
    const call = currentCall(next);
    expect(call.records.map((each) => each.time)).toEqual(['2026-01-15T11:00:00.000Z']);
    expect(call.endedAt).toBeNull();
  });
});
