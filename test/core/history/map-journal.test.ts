// The helpdesk's own journal in the History view: attempts folded into their outcomes (one with no
// outcome, after a crash, is an unknown outcome), and failed and unknown actions told in agent words.
import { describe, expect, it } from 'vitest';
import { outcomesOf, type AuditRecord } from '../../../main/core/audit';
import { FactorDirectory, mapJournalRecord } from '../../../main/core/history';

let nextId = 0;
function record(overrides: Partial<AuditRecord>): AuditRecord {
  nextId += 1;
  return {
    id: `rec${String(nextId).padStart(4, '0')}`,
    time: new Date(Date.UTC(2026, 0, 1, 10, 0, nextId)).toISOString(),
    agent: 'jdoe',
    orgId: 'org-1',
    orgUrl: 'https://acme.okta.com',
    userId: '00u1',
    userLogin: 'isaac@example.org',
    factorId: 'sms1',
    factorType: 'sms',
    action: 'reset_factor',
    outcome: 'success',
    ...overrides,
  };
}

const directory = FactorDirectory.from({ snapshot: null, observations: [], journal: [] });
const words = (each: AuditRecord) => mapJournalRecord(each, directory);

describe('attempts and outcomes', () => {
  it('folds an attempt into the outcome that names it', () => {
    const attempt = record({ outcome: 'attempt' });
    const outcome = record({ outcome: 'success', attemptId: attempt.id });
    expect(outcomesOf([attempt, outcome])).toEqual([outcome]);
  });

  it('reads an attempt without an outcome (FactorDesk stopped in between) as unknown, in its place', () => {
    const before = record({ action: 'verify_code', outcome: 'success' });
    const attempt = record({ outcome: 'attempt', detail: 'nothing else' });
    const after = record({ action: 'enroll', outcome: 'pending' });
    const outcomes = outcomesOf([before, attempt, after]);
    expect(outcomes.map((each) => each.id)).toEqual([before.id, attempt.id, after.id]);
    expect(outcomes[1]).toMatchObject({ outcome: 'unknown', attemptId: attempt.id, detail: expect.stringMatching(/^nothing else; no outcome was recorded: FactorDesk stopped/) });
  });

  it('leaves out an attempt whose outcome is still on its way in this process', () => {
    const attempt = record({ outcome: 'attempt' });
    expect(outcomesOf([attempt], new Set([attempt.id]))).toEqual([]);
  });
});

describe('journal records in agent words', () => {
  it('an unknown reset says it may have happened, and does not count as one', () => {
    const entry = words(record({ outcome: 'unknown', errorCode: 'OUTCOME_UNKNOWN', detail: "Okta's answer was lost" }));
    expect(entry).toMatchObject({ kind: 'reset', outcome: 'unknown' });
    expect(entry.summary).toBe("Helpdesk tried to reset SMS; whether it was removed is unknown (Okta's answer was lost)");
  });

  it('a reset settled by reading the factors back says so', () => {
    const entry = words(record({ outcome: 'success', detail: "confirmed removed: Okta's answer was lost, and the factor list read back no longer has it" }));
    expect(entry).toMatchObject({ kind: 'reset', outcome: 'success' });
    expect(entry.summary).toMatch(/^SMS reset by the helpdesk \(agent: jdoe\) \(confirmed removed: /);
  });

  it('a failed reset is a failure, with what went wrong', () => {
    const entry = words(record({ outcome: 'failure', stage: 'at_okta', errorCode: 'PERMISSION_DENIED', detail: 'You are not allowed to do this.' }));
    expect(entry).toMatchObject({ kind: 'failed', outcome: 'failure', summary: 'Resetting SMS failed (You are not allowed to do this.)' });
  });

  it('a wrong code is the caller\'s; a check Okta could not take is not', () => {
    expect(words(record({ action: 'verify_code', outcome: 'failure', errorCode: 'WRONG_CODE' })).summary).toBe('Caller gave a wrong SMS code');
    expect(words(record({ action: 'verify_code', outcome: 'failure', errorCode: 'OKTA_ERROR', detail: 'Okta is unavailable' })).summary).toBe(
      "Checking the caller's SMS code failed (Okta is unavailable)",
    );
    expect(words(record({ action: 'verify_code', outcome: 'unknown' })).summary).toBe("Caller's SMS check has no known result, so it does not count");
  });

  it('a push FactorDesk stopped following says why and whether it was withdrawn', () => {
    const entry = words(record({ action: 'verify_push', factorType: 'push', outcome: 'cancelled', detail: 'the window that followed it closed after 3 s; withdrawn at Okta' }));
    expect(entry).toMatchObject({ kind: 'cancelled', summary: 'Test push stopped before the caller answered (the window that followed it closed after 3 s; withdrawn at Okta)' });
  });

  it('ending the call is a user-wide entry', () => {
    const entry = words(record({ action: 'end_call', factorId: 'opf1', factorType: 'push', detail: 'test push passed at 2026-01-01T10:00:00.000Z' }));
    expect(entry).toMatchObject({ factorId: null, kind: 'updated', outcome: 'success' });
    expect(entry.summary).toBe("Helpdesk ended the call: the caller's passed check no longer counts (test push passed at 2026-01-01T10:00:00.000Z)");
  });

  it("a bulk job's rows name the job, the row, its ticket and reason; user-wide actions belong to no factor", () => {
    const bulkJob = { jobId: 'job-0mx3dl7e6-6e3daae0', row: 4, ticket: 'INC-12', reason: 'lost devices batch' };
    const cleared = words(record({ action: 'clear_sessions', factorId: undefined, factorType: undefined, bulkJob }));
    expect(cleared).toMatchObject({ kind: 'updated', outcome: 'success', factorId: null });
    expect(cleared.summary).toBe('Helpdesk signed the user out everywhere (agent: jdoe) (bulk job job-0mx3dl7e6-6e3daae0, row 4, ticket INC-12: lost devices batch)');
    const emailed = words(record({ action: 'send_enrollment_email', factorId: undefined, factorType: undefined, bulkJob: { jobId: 'job-1', row: 1 } }));
    expect(emailed.summary).toBe('Enrollment link emailed by the helpdesk (agent: jdoe) (bulk job job-1, row 1)');
    const failed = words(record({ action: 'send_enrollment_email', outcome: 'failure', detail: 'user is not active', bulkJob: { jobId: 'job-1', row: 2 } }));
    expect(failed).toMatchObject({ kind: 'failed', factorId: null });
    expect(failed.summary).toBe('Emailing an enrollment link failed (user is not active) (bulk job job-1, row 2)');
  });
});
