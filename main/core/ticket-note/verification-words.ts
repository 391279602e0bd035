import type { ManualVerificationMethod } from '../../../contract/workflows';

/** How an agent verified a caller without FactorDesk's checks, as a ticket says it. */
export const manualMethodWords: Record<ManualVerificationMethod, string> = {
  manager_callback: "a callback confirmed by the caller's manager",
  id_check: 'an ID check',
  known_callback: 'a callback on the number on record',
  in_person: 'seeing them in person at the desk',
  other: 'another method (see the ticket)',
};
