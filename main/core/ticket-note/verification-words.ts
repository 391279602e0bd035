import type { RiskCheckRecord } from '../../../contract/risk';
import type { ManualVerificationMethod } from '../../../contract/workflows';

/** How an agent verified a caller without FactorDesk's checks, as a ticket says it. */
export const manualMethodWords: Record<ManualVerificationMethod, string> = {
  manager_callback: "a callback confirmed by the caller's manager",
  id_check: 'an ID check',
  known_callback: 'a callback on the number on record',
  in_person: 'seeing them in person at the desk',
  other: 'another method (see the ticket)',
};

/** The second verification a high-risk reset was given, in a ticket's words; null when none was asked. */
export function secondVerificationWords(riskCheck: RiskCheckRecord | undefined): string | null {
  const method = riskCheck?.secondMethod;
  if (!method) return null;
  return method === 'recent_check' ? 'a passed test push or code check' : (manualMethodWords[method as ManualVerificationMethod] ?? method.replaceAll('_', ' '));
}
