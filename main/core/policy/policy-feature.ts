import type { DeskPolicy } from '../../../contract/policy';
import type { Feature } from '../feature-context';
import type { ManagedPolicy } from './managed-policy';
import { policyRules } from './managed-policy';

/** The policy as the renderer sees it: where the file is, the rules in force and what is locked. */
export function deskPolicyOf(policy: ManagedPolicy): DeskPolicy {
  const rules = policyRules(policy);
  return policy.managed
    ? { state: 'managed', path: policy.path, rules, locked: [...policy.setFields] }
    : { state: 'default', path: policy.path, rules, locked: [] };
}

/** Answers `getPolicy`. The rules themselves are enforced where each applies (orgs, workflows). */
export function createPolicyFeature(policy: ManagedPolicy): Feature<'getPolicy'> {
  const view = deskPolicyOf(policy);
  return {
    handlers: {
      getPolicy: async () => structuredClone(view),
    },
  };
}
