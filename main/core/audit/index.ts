export { AuditJournal, type AuditJournalOptions } from './audit-journal';
export type { AuditAction, AuditEntry, AuditFailureStage, AuditOutcome, AuditRecord, AuditRecordOutcome, BulkJobReference } from './audit-record';
export { ActionJournal, Refusal, type ActionFields, type ActionRequest, type ActionScope, type JournaledAction, type JournaledResult, type RecordListener } from './action-journal';
export { outcomesOf, noOutcomeRecorded } from './attempt-pairs';
export { deskActionRules, groupDeskActions, lastResult, mayHaveHappened, type DeskAction, type DeskStep, type DeskStepRole } from './desk-actions';
export { OutcomeUnknown, outcomeUnknown } from './outcome-unknown';
export { auditDir, journalPath } from './journal-path';
export { readJournal, readJournalFile, readJournalSince, type JournalQuery, type JournalReadResult } from './journal-reader';
export { removedAlongDetail, removedAlongIds } from './removed-along';
