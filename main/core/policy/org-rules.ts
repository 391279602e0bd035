import type { ConnectionMethod } from '../../../contract/connection-methods';
import type { FactorDeskError, OrgProblem, OrgSummary, SignedInAgent } from '../../../contract';
import { isSandboxOrg } from '../orgs/saved-org-check';
import { orgSummary } from '../orgs/saved-orgs';
import type { SavedOrg } from '../settings/settings-schema';
import type { ManagedPolicy } from './managed-policy';
import { methodNotAllowed, orgNotAllowed, sandboxNotAllowed } from './policy-errors';

/** How a saved org connects: its saved method (settings saved before methods existed read as `ssws`). */
export function connectionMethodOf(org: Pick<SavedOrg, 'connection'>): ConnectionMethod {
  return org.connection.method;
}

/**
 * The policy applied to orgs: which saved orgs may be used, which new connections may be made,
 * and whether a reset must say how the caller was verified. The local sandbox org is a practice
 * org on this computer with a token made for the session: only `allowSandbox` governs it, not
 * `allowedOrgs` or the connection methods (which are about real orgs and their credentials).
 */
export class OrgRules {
  constructor(readonly policy: ManagedPolicy) {}

  /** Why the policy does not allow this saved org, or null when it does. */
  refusalOf(org: SavedOrg): FactorDeskError | null {
    if (isSandboxOrg(org)) return this.policy.allowSandbox ? null : sandboxNotAllowed();
    if (!this.policy.allowsOrg(org.url)) return orgNotAllowed(org.url, this.policy, org.name);
    // The org's credential may go to its custom domain too: that address must be allowed as well.
    if (org.customDomain && !this.policy.allowsOrg(org.customDomain)) return orgNotAllowed(org.customDomain, this.policy, org.name);
    const method = connectionMethodOf(org);
    if (!this.policy.allows(method)) return methodNotAllowed(method, this.policy, org.name);
    return null;
  }

  /** Throws when the saved org is not allowed. */
  requireAllowed(org: SavedOrg): void {
    const refusal = this.refusalOf(org);
    if (refusal) throw refusal;
  }

  /** Throws unless the policy allows connecting to this origin with this method (a new or edited connection). */
  requireAllowedConnection(origin: string, method: ConnectionMethod): void {
    if (!this.policy.allowsOrg(origin)) throw orgNotAllowed(origin, this.policy);
    if (!this.policy.allows(method)) throw methodNotAllowed(method, this.policy);
  }

  /** Throws unless the policy allows this way of connecting at all (e.g. making a service app key). */
  requireAllowedMethod(method: ConnectionMethod): void {
    if (!this.policy.allows(method)) throw methodNotAllowed(method, this.policy);
  }

  requireSandboxAllowed(): void {
    if (!this.policy.allowSandbox) throw sandboxNotAllowed();
  }

  /**
   * Whether a reset must say how the caller was verified: the policy's rule when it sets one,
   * otherwise the org's own setting (the agent's choice in the connection dialog, on by default).
   */
  requiresCallerVerification(org: Pick<SavedOrg, 'requireCallerVerification'>): boolean {
    return this.policy.isSet('callerVerification.required') ? this.policy.callerVerification.required : org.requireCallerVerification;
  }

  /**
   * What a save keeps as the org's own caller-verification setting: as it was while the policy
   * decides (so removing the policy restores the agent's choice), otherwise what the dialog sent.
   */
  ownCallerVerification(requested: boolean, existing: Pick<SavedOrg, 'requireCallerVerification'> | undefined): boolean {
    return this.policy.isSet('callerVerification.required') ? (existing?.requireCallerVerification ?? true) : requested;
  }

  /** The org as the bridge shows it under the policy: a refusal is its problem, the caller-verification rule the effective one. */
  summaryOf(org: SavedOrg, hasToken: boolean, problem?: OrgProblem, agent: SignedInAgent | null = null): OrgSummary {
    const refusal = this.refusalOf(org);
    const summary = refusal
      ? orgSummary(org, false, { code: refusal.data.code, message: refusal.data.message, action: refusal.data.action ?? '' })
      : orgSummary(org, hasToken, problem, agent);
    const setByPolicy = this.policy.isSet('callerVerification.required');
    return { ...summary, requireCallerVerification: this.requiresCallerVerification(org), ...(setByPolicy ? { callerVerificationSetBy: 'policy' as const } : {}) };
  }
}
