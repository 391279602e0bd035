export { AuditJournal, type AuditJournalOptions } from './audit-journal';
export type { AuditAction, AuditEntry, AuditOutcome, AuditRecord } from './audit-record';
export { auditDir, journalPath } from './journal-path';
export { readJournal, readJournalFile, readJournalSince, type JournalQuery, type JournalReadResult } from './journal-reader';
