/**
 * What the desk's managed policy (main/core/policy) decides about signing in, as the sign-in and
 * step-up code consumes it; `createCore` adapts the ManagedPolicy to it. Whether a
 * given org may be used, and how it may connect, is OrgRules' to say (it also knows the org list
 * and the sandbox).
 */
export interface AuthPolicy {
  /** How long a sign-in counts as fresh for the riskiest actions (reset all, an admin's factors, a temporary access code). */
  readonly stepUpMaxAgeMinutes: number;
}
