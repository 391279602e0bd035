import { connectionMethodLabels, type ConnectionMethod } from '../../../contract/connection-methods';
import { FactorDeskError } from '../../../contract/errors';
import type { InvalidPolicy } from './load-policy';
import type { ManagedPolicy } from './managed-policy';

const ASK_IT = "If this org should be allowed, ask your IT team to add it to this desk's policy.";

/**
 * Every bridge call (or a headless run) while the policy file is invalid: nothing runs on rules
 * nobody can read. The app reads the file at start, so it says restart; the command line reads it
 * on every run, so it says run again.
 */
export function policyInvalid(invalid: InvalidPolicy, where: 'app' | 'command_line' = 'app'): FactorDeskError {
  return new FactorDeskError({
    code: 'POLICY_INVALID',
    message: invalid.message,
    action: `Ask your IT team to fix the policy file, then ${where === 'app' ? 'restart FactorDesk' : 'run the command again'}.`,
    causes: invalid.problems.slice(0, 20),
  });
}

/** An org address outside `allowedOrgs`: nothing is saved, tested or sent there. */
export function orgNotAllowed(origin: string, policy: ManagedPolicy, name?: string): FactorDeskError {
  const allowed = policy.allowedOrgs ?? [];
  const list = allowed.length === 0 ? 'no Okta org' : allowed.length <= 5 ? allowed.join(', ') : `${allowed.slice(0, 5).join(', ')} and ${allowed.length - 5} more`;
  return new FactorDeskError({
    code: 'POLICY_REFUSED',
    message: `Your organization's policy does not allow ${name ? `${name} (${origin})` : origin} on this desk. It allows ${list}.`,
    action: name ? `Choose an allowed org, or remove ${name} from FactorDesk. ${ASK_IT}` : `Use one of the allowed orgs. ${ASK_IT}`,
  });
}

/** A connection method the policy forbids (for example API tokens): the saved org is not connected with it. */
export function methodNotAllowed(method: ConnectionMethod, policy: ManagedPolicy, name?: string): FactorDeskError {
  const others = policy.allowedConnectionMethods.map((allowed) => connectionMethodLabels[allowed]);
  const how = others.length > 0 ? `Connect it again with a way your organization allows (${others.join(' or ')}), or ask your IT team.` : 'Ask your IT team.';
  return new FactorDeskError({
    code: 'POLICY_REFUSED',
    message: `Your organization's policy does not allow connecting with ${connectionMethodLabels[method]}${name ? `, so FactorDesk does not use ${name}'s saved connection` : ''}.`,
    action: name ? `Remove ${name} from FactorDesk, then ${how.charAt(0).toLowerCase()}${how.slice(1)}` : how,
  });
}

export function sandboxNotAllowed(): FactorDeskError {
  return new FactorDeskError({
    code: 'POLICY_REFUSED',
    message: "Your organization's policy does not allow the sandbox org on this desk.",
    action: 'Connect your Okta org instead. If you need the practice org, ask your IT team.',
  });
}
