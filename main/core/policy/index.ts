export { loadManagedPolicy, type InvalidPolicy, type PolicyLoad } from './load-policy';
export { createManagedPolicy, DEFAULT_STEP_UP_MAX_AGE_MINUTES, type ManagedPolicy } from './managed-policy';
export { connectionMethodOf, OrgRules } from './org-rules';
export { createPolicyBlockedDispatch } from './policy-blocked-core';
export { createPolicyFeature } from './policy-feature';
export { machinePolicyPaths, MACHINE_POLICY_PATHS } from './policy-location';
