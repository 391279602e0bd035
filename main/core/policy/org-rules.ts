import type { ConnectionMethod } from '../../../contract/connection-methods';
import type { FactorDeskError, OrgProblem, OrgSummary } from '../../../contract';
import { isSandboxOrg } from '../orgs/saved-org-check';
import { orgSummary } from '../orgs/saved-orgs';
import type { SavedOrg } from '../settings/settings-schema';
import type { ManagedPolicy } from './managed-policy';
import { methodNotAllowed, orgNotAllowed, sandboxNotAllowed } from './policy-errors';

/**
 * How a saved org connects. Every saved Okta org holds an SSWS API token today; when saved orgs
 * record their connection method, this reads it (and the sandbox org's, if it signs in).
 */
export function connectionMethodOf(_org: Pick<SavedOrg, 'kind'>): ConnectionMethod {
  return 'ssws';
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

  /** The org as the bridge shows it under the policy: a refusal is its problem, the caller-verification rule the effective one. */
  summaryOf(org: SavedOrg, hasToken: boolean, problem?: OrgProblem): OrgSummary {
    const refusal = this.refusalOf(org);
    const summary = refusal ? orgSummary(org, false, { code: refusal.data.code, message: refusal.data.message, action: refusal.data.action ?? '' }) : orgSummary(org, hasToken, problem);
    return { ...summary, requireCallerVerification: this.requiresCallerVerification(org) };
  }
}
