import type { FactorSummary } from '../../../contract/users';
import type { FactorObservations } from './factor-observations';

/**
 * The users feature's `onFactorsListed` hook: record what changed, and never let a full disk or a
 * damaged file stop the agent from seeing the factors (the failure is only logged).
 */
export function listingRecorder(
  observations: FactorObservations,
  log?: (message: string, error?: unknown) => void,
): (orgId: string, userId: string, factors: FactorSummary[]) => Promise<void> {
  return async (orgId, userId, factors) => {
    try {
      await observations.recordListing(orgId, userId, factors);
    } catch (error) {
      log?.('Could not record factor observations', error);
    }
  };
}
