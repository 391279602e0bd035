import { connectionMethods, type ConnectionMethod } from '../../../contract/connection-methods';
import type { PolicyField, PolicyRules } from '../../../contract/policy';
import { DEFAULT_VERIFICATION_WINDOW_MINUTES } from '../workflows/verification-timeline';
import { fieldsSetBy, type PolicyFile } from './policy-file';

/** How long a sign-in counts before the riskiest actions ask for a fresh one, without a policy. */
export const DEFAULT_STEP_UP_MAX_AGE_MINUTES = 15;

/**
 * The desk's rules, as the core enforces them: the machine-wide policy file's values, today's
 * defaults for whatever it leaves out (or for everything, without a file). Read once at start.
 */
export interface ManagedPolicy extends Readonly<Omit<PolicyRules, 'allowedOrgs' | 'allowedConnectionMethods' | 'callerVerification'>> {
  /** The policy file this came from, or the one looked for when there is none. */
  readonly path: string;
  /** Whether a policy file was found; false means today's defaults, nothing locked. */
  readonly managed: boolean;
  readonly allowedOrgs: readonly string[] | null;
  readonly allowedConnectionMethods: readonly ConnectionMethod[];
  readonly callerVerification: Readonly<PolicyRules['callerVerification']>;
  /** What the file set: shown locked ("Set by your organization") wherever the setting appears. */
  readonly setFields: ReadonlySet<PolicyField>;
  isSet(field: PolicyField): boolean;
  /** Whether agents may connect with this method (every method, without a policy). */
  allows(method: ConnectionMethod): boolean;
  /** Whether agents may connect to the org at this origin (`https://acme.okta.com`); the sandbox org is `allowSandbox`'s. */
  allowsOrg(origin: string): boolean;
}

/** The rules from a validated policy file (null: no file, today's defaults). */
export function createManagedPolicy(file: PolicyFile | null, path: string): ManagedPolicy {
  const setFields = new Set(file ? fieldsSetBy(file) : []);
  const allowedOrgs = file?.allowedOrgs ? Object.freeze([...file.allowedOrgs]) : null;
  const allowedConnectionMethods = Object.freeze([...(file?.allowedConnectionMethods ?? connectionMethods)]);
  const policy: ManagedPolicy = {
    path,
    managed: file !== null,
    allowedOrgs,
    allowSandbox: file?.allowSandbox ?? true,
    allowedConnectionMethods,
    callerVerification: Object.freeze({
      required: file?.callerVerification?.required ?? true,
      windowMinutes: file?.callerVerification?.windowMinutes ?? DEFAULT_VERIFICATION_WINDOW_MINUTES,
    }),
    stepUpMaxAgeMinutes: file?.stepUpMaxAgeMinutes ?? DEFAULT_STEP_UP_MAX_AGE_MINUTES,
    setFields,
    isSet: (field) => setFields.has(field),
    allows: (method) => allowedConnectionMethods.includes(method),
    allowsOrg: (origin) => allowedOrgs === null || allowedOrgs.includes(originOf(origin)),
  };
  return Object.freeze(policy);
}

/** The origin as `URL` writes it (lower-case host, no default port), or the text itself when it is no URL. */
function originOf(address: string): string {
  try {
    return new URL(address).origin;
  } catch {
    return address;
  }
}

/** The rules as plain data, for the bridge. */
export function policyRules(policy: ManagedPolicy): PolicyRules {
  return {
    allowedOrgs: policy.allowedOrgs ? [...policy.allowedOrgs] : null,
    allowSandbox: policy.allowSandbox,
    allowedConnectionMethods: [...policy.allowedConnectionMethods],
    callerVerification: { ...policy.callerVerification },
    stepUpMaxAgeMinutes: policy.stepUpMaxAgeMinutes,
  };
}
