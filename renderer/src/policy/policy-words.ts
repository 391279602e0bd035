import { connectionMethodLabels } from '../../../contract/connection-methods';
import type { PolicyField, PolicyRules } from '../../../contract';

/** One rule as "About this desk's policy" lists it. */
export interface RuleLine {
  field: PolicyField;
  label: string;
  value: string;
}

/** The origin without its scheme, as agents type it: acme.okta.com. */
export const orgHost = (origin: string): string => origin.replace(/^https:\/\//, '');

export function allowedOrgsWords(allowedOrgs: readonly string[] | null): string {
  if (allowedOrgs === null) return 'Any Okta org';
  if (allowedOrgs.length === 0) return 'None: only the sandbox org, if it is allowed';
  return allowedOrgs.map(orgHost).join(', ');
}

function minutes(count: number): string {
  return `${count} minute${count === 1 ? '' : 's'}`;
}

/**
 * The rules in an agent's words. `required` without a lock is each org's own setting: the policy
 * leaves it to the connection dialog's checkbox.
 */
export function ruleLines(rules: PolicyRules, isLocked: (field: PolicyField) => boolean): RuleLine[] {
  const verification = isLocked('callerVerification.required')
    ? rules.callerVerification.required
      ? 'Required before every reset'
      : 'Not required (a failed check still requires a recorded one)'
    : "Each org's own setting (on unless turned off in the org's connection)";
  return [
    { field: 'allowedOrgs', label: 'Orgs agents may connect to', value: allowedOrgsWords(rules.allowedOrgs) },
    { field: 'allowSandbox', label: 'The sandbox org (practice)', value: rules.allowSandbox ? 'Allowed' : 'Not allowed' },
    {
      field: 'allowedConnectionMethods',
      label: 'Ways to connect',
      value: rules.allowedConnectionMethods.map((method) => connectionMethodLabels[method]).join(', '),
    },
    { field: 'callerVerification.required', label: 'Caller verification before a reset', value: verification },
    {
      field: 'callerVerification.windowMinutes',
      label: 'A passed test push or code check counts for',
      value: minutes(rules.callerVerification.windowMinutes),
    },
    {
      field: 'stepUpMaxAgeMinutes',
      label: 'Fresh sign-in before the riskiest actions',
      value: rules.stepUpMaxAgeMinutes === 0 ? 'Every time' : `When the last sign-in is older than ${minutes(rules.stepUpMaxAgeMinutes)}`,
    },
  ];
}
