import { z } from 'zod';
import { connectionMethods } from '../../../contract/connection-methods';
import type { PolicyField } from '../../../contract/policy';
import { FactorDeskError } from '../../../contract/errors';
import { normalizeOrgUrl } from '../orgs/org-url';

/** Bounds that keep a typo from switching a rule off: a day-long verification window is no verification. */
export const VERIFICATION_WINDOW_BOUNDS = { min: 1, max: 120 } as const;
/** 0 asks for a fresh sign-in before every risky action; a day is the longest a sign-in may count. */
export const STEP_UP_AGE_BOUNDS = { min: 0, max: 1440 } as const;

const minutes = ({ min, max }: { min: number; max: number }) =>
  z
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max} minutes` });

/**
 * One entry of `allowedOrgs`: an org's address as the connection dialog takes it (`acme.okta.com`
 * or `https://acme.okta.com`), kept as its origin. No wildcards: a desk names the orgs it works in.
 */
const allowedOrg = z.string({ error: 'must be an org address in quotes, like "acme.okta.com"' }).transform((text, context) => {
  const entry = text.trim();
  const fail = (message: string) => {
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (!entry) return fail('is empty; write an org address, like "acme.okta.com"');
  if (entry.includes('*')) return fail(`"${entry.slice(0, 100)}": wildcards are not supported; list each org address, like "acme.okta.com"`);
  try {
    return normalizeOrgUrl(/^[a-z][a-z0-9+.-]*:/i.test(entry) ? entry : `https://${entry}`);
  } catch (error) {
    if (!(error instanceof FactorDeskError)) throw error;
    const { message, action } = error.data;
    return fail(`"${entry.slice(0, 100)}" is not an org address: ${[message, action].filter(Boolean).join(' ').replace(/\.$/, '')}`);
  }
});

/**
 * The machine-wide policy file, strictly: a key FactorDesk does not know is an error, never
 * ignored, so a misspelt rule cannot silently leave the desk unmanaged.
 */
export const policyFileSchema = z.strictObject(
  {
    allowedOrgs: z
      .array(allowedOrg, { error: 'must be a list of org addresses, like ["acme.okta.com"]' })
      .max(1000, { error: 'lists more than 1000 orgs' })
      .transform((origins) => [...new Set(origins)])
      .optional(),
    allowSandbox: z.boolean({ error: 'must be true or false' }).optional(),
    allowedConnectionMethods: z
      .array(z.enum(connectionMethods, { error: 'must be "oauth", "service" or "ssws"' }), { error: 'must be a list, like ["oauth", "service"]' })
      .min(1, { error: 'must list at least one method ("oauth", "service", "ssws"); with none, nobody could connect' })
      .transform((methods) => [...new Set(methods)])
      .optional(),
    callerVerification: z
      .strictObject(
        {
          required: z.boolean({ error: 'must be true or false' }).optional(),
          windowMinutes: minutes(VERIFICATION_WINDOW_BOUNDS).optional(),
        },
        { error: 'must be an object, like { "required": true, "windowMinutes": 10 }' },
      )
      .optional(),
    stepUpMaxAgeMinutes: minutes(STEP_UP_AGE_BOUNDS).optional(),
  },
  { error: 'must be one JSON object, like { "allowedConnectionMethods": ["oauth"] }' },
);
export type PolicyFile = z.output<typeof policyFileSchema>;

/** The settings a file may hold, by their dotted names (for "did you mean" and the locked list). */
export const policyFileKeys: Record<string, readonly string[]> = {
  '': ['allowedOrgs', 'allowSandbox', 'allowedConnectionMethods', 'callerVerification', 'stepUpMaxAgeMinutes'],
  callerVerification: ['required', 'windowMinutes'],
};

/** The fields a parsed file sets: what the UI shows locked. */
export function fieldsSetBy(file: PolicyFile): PolicyField[] {
  const set: PolicyField[] = [];
  if (file.allowedOrgs !== undefined) set.push('allowedOrgs');
  if (file.allowSandbox !== undefined) set.push('allowSandbox');
  if (file.allowedConnectionMethods !== undefined) set.push('allowedConnectionMethods');
  if (file.callerVerification?.required !== undefined) set.push('callerVerification.required');
  if (file.callerVerification?.windowMinutes !== undefined) set.push('callerVerification.windowMinutes');
  if (file.stepUpMaxAgeMinutes !== undefined) set.push('stepUpMaxAgeMinutes');
  return set;
}
