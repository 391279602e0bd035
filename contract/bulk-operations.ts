// The bulk operations and their words, without zod: the renderer's Bulk jobs view reads them.
export const bulkOperations = ['inventory', 'reset_all_factors', 'reset_factor_types', 'clear_sessions', 'send_enrollment_email', 'unlock'] as const;
export type BulkOperation = (typeof bulkOperations)[number];

export interface BulkOperationInfo {
  label: string;
  /** Changes users: needs a ticket, a reason and the typed confirmation, and is journaled per user. */
  destructive: boolean;
  /** The confirmation's first word: "reset 500". */
  verb: string | null;
}

export const bulkOperationInfo: Readonly<Record<BulkOperation, BulkOperationInfo>> = {
  inventory: { label: 'Factor inventory', destructive: false, verb: null },
  reset_all_factors: { label: 'Reset all factors', destructive: true, verb: 'reset' },
  reset_factor_types: { label: 'Reset factors of given types', destructive: true, verb: 'reset' },
  clear_sessions: { label: 'Clear sessions', destructive: true, verb: 'clear' },
  send_enrollment_email: { label: 'Send Okta Verify enrollment links by email', destructive: true, verb: 'send' },
  unlock: { label: 'Unlock', destructive: true, verb: 'unlock' },
};

/** What the agent types to start a destructive job on `count` users, e.g. "reset 500". */
export function confirmationPhrase(operation: BulkOperation, count: number): string | null {
  const verb = bulkOperationInfo[operation].verb;
  return verb ? `${verb} ${count}` : null;
}
