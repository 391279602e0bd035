import type { ConnectionMethod } from '../../../contract/orgs';

/**
 * What the desk's managed policy (main/core/policy) decides about connecting and signing in, as
 * the sign-in and step-up code consumes it. Without a policy file: today's defaults.
 */
export interface AuthPolicy {
  /** How long a sign-in counts as fresh for the riskiest actions (reset all, an admin's factors). */
  readonly stepUpMaxAgeMinutes: number;
  /** Whether the desk lets agents connect an org this way (e.g. a policy may forbid API tokens). */
  allows(method: ConnectionMethod): boolean;
}

export const DEFAULT_STEP_UP_MAX_AGE_MINUTES = 15;

export const defaultAuthPolicy: AuthPolicy = {
  stepUpMaxAgeMinutes: DEFAULT_STEP_UP_MAX_AGE_MINUTES,
  allows: () => true,
};
