import { z } from 'zod';
import type { ConnectionMethod } from './connection-methods';
import { method } from './define';

export type { ConnectionMethod } from './connection-methods';

/**
 * The settings a desk's policy file can set. A field the file sets is locked: the UI shows it as
 * "Set by your organization" and the agent cannot change it.
 */
export type PolicyField =
  | 'allowedOrgs'
  | 'allowSandbox'
  | 'allowedConnectionMethods'
  | 'callerVerification.required'
  | 'callerVerification.windowMinutes'
  | 'stepUpMaxAgeMinutes';

/** The rules in force: the policy file's values, and today's defaults for what it leaves out. */
export interface PolicyRules {
  /** The org origins agents may connect to (`https://acme.okta.com`); null: any org. */
  allowedOrgs: string[] | null;
  /** Whether the local practice org ("Use the sandbox org") may be used; it is never blocked by `allowedOrgs`. */
  allowSandbox: boolean;
  allowedConnectionMethods: ConnectionMethod[];
  callerVerification: {
    /** Whether a reset must say how the caller was verified; unless locked, each org's own setting decides. */
    required: boolean;
    /** Minutes a passed test push or code check counts as the caller's verification. */
    windowMinutes: number;
  };
  /** The riskiest actions ask for a fresh sign-in when the agent's last one is older than this. */
  stepUpMaxAgeMinutes: number;
}

/**
 * This desk's policy as the renderer sees it (no secrets in it): where the machine-wide file is,
 * the rules in force and which of them the file set. An invalid file stops FactorDesk: `invalid`
 * carries the message to show and each problem as "<field>: <problem>".
 */
export type DeskPolicy =
  | { state: 'default'; path: string; rules: PolicyRules; locked: [] }
  | { state: 'managed'; path: string; rules: PolicyRules; locked: PolicyField[] }
  | { state: 'invalid'; path: string; message: string; problems: string[] };

export const policyMethods = {
  /** The desk's managed policy: the rules in force and which are locked, or why the file is invalid. */
  getPolicy: method(z.object({}).strict()).returns<DeskPolicy>(),
} as const;
