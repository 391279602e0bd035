import { FactorDeskError } from '../../../contract/errors';
import { outcomeUnknown, type AuditAction } from '../audit';
import type { OktaClient } from '../okta';
import { listFactors } from '../okta/resources';

/** Reading the factors back is itself a request over the same bad network: a few tries before giving up. */
const readBackTries = 3;

export interface FactorsReadBack {
  /** Of the factors asked about, those Okta no longer lists. */
  gone: string[];
  /** Those it still lists. */
  remaining: string[];
}

/**
 * After a removal whose answer was lost (the request may or may not have reached Okta): read the
 * user's factors back to learn what happened. The factors were there just before FactorDesk sent
 * the removal, so one that is gone now was removed by it, and one still listed was not. When the
 * list cannot be read either, the outcome stays unknown (`lost` is kept as its cause).
 */
export async function readBackFactors(client: OktaClient, userId: string, factorIds: readonly string[], action: AuditAction, lost: unknown): Promise<FactorsReadBack> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const listed = new Set((await listFactors(client, userId)).map((factor) => factor.id));
      return { gone: factorIds.filter((id) => !listed.has(id)), remaining: factorIds.filter((id) => listed.has(id)) };
    } catch {
      if (attempt >= readBackTries) throw outcomeUnknown(action, lost);
    }
  }
}

/** Words for the journal when the read-back settled a lost answer. */
export const confirmedRemovedDetail = "confirmed removed: Okta's answer was lost, and the factor list read back no longer has it";

/** The read-back shows nothing was removed: the request did not take effect, and the agent may try again. */
export function notRemovedAfterLostAnswer(lost: unknown, what: string): FactorDeskError {
  const cause = lost instanceof FactorDeskError ? [lost.data.message] : [];
  const code = lost instanceof FactorDeskError && lost.data.code !== 'NOT_FOUND' ? lost.data.code : 'OKTA_ERROR';
  return new FactorDeskError({
    code,
    message: `Okta's answer was lost, and reading the factors back shows ${what} still there: nothing was removed.`,
    action: 'Try the reset again.',
    ...(cause.length > 0 ? { causes: cause } : {}),
  });
}
