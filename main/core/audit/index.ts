export { AuditJournal, type AuditJournalOptions } from './audit-journal';
export type { AuditAction, AuditEntry, AuditFailureStage, AuditOutcome, AuditRecord } from './audit-record';
export { ActionJournal, Refusal, type ActionFields, type ActionRequest, type ActionScope, type JournaledAction, type JournaledResult } from './action-journal';
export { auditDir, journalPath } from './journal-path';
export { readJournal, readJournalFile, readJournalSince, type JournalQuery, type JournalReadResult } from './journal-reader';
