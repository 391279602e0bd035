import { z } from 'zod';
import { method } from './define';
import type { BridgeErrorData } from './errors';
import { orgIdSchema } from './ids';

/** Where an org's API token is kept. Never a file: keychain, or memory for this session only. */
export const tokenStorageSchema = z.enum(['keychain', 'session']);
export type TokenStorage = z.infer<typeof tokenStorageSchema>;

export interface OrgSummary {
  id: string;
  name: string;
  /** Origin of the org, e.g. https://acme.okta.com (no path). */
  url: string;
  /** `sandbox` orgs are the local Okta-compatible org started in-process. */
  kind: 'okta' | 'sandbox';
  tokenStorage: TokenStorage;
  /** False when the token is not available (keychain entry missing, session token lost on restart). */
  hasToken: boolean;
  /**
   * Whether a reset must say how the caller was verified: the desk policy's rule when it sets one
   * (`callerVerification.required`), otherwise this org's own setting (on by default).
   */
  requireCallerVerification: boolean;
  /**
   * Present when the org cannot be used as saved and the agent must act: the desk's policy does not
   * allow it (POLICY_REFUSED: an org outside its list, a connection method it forbids, the sandbox
   * switched off), its saved address is not a valid org address (settings.json edited by hand), or
   * its saved token was saved for another address and must be pasted again. FactorDesk sends
   * nothing to such an org.
   */
  problem?: OrgProblem;
}

/** Why an org needs the agent's attention, and what to do about it. */
export type OrgProblem = Pick<BridgeErrorData, 'code' | 'message'> & { action: string };

export interface KeychainStatus {
  available: boolean;
  /** Why not, in words, when unavailable. */
  detail?: string;
}

export interface OrgList {
  orgs: OrgSummary[];
  activeOrgId: string | null;
  keychain: KeychainStatus;
}

export interface ConnectionTestResult {
  /** Okta answered and the token works. */
  ok: true;
  /** The token's own user (GET /api/v1/users/me) or a description of the token's reach. */
  identity: string;
  latencyMs: number;
  /** Whether the token may read the System Log (History view). */
  canReadSystemLog: boolean;
}

const orgUrl = z
  .string()
  .trim()
  .min(1, 'Enter the org URL, like https://yourcompany.okta.com')
  .max(2048);

export const orgMethods = {
  listOrgs: method(z.object({}).strict()).returns<OrgList>(),
  /** Add (no id) or edit (id) an org. A token is required when adding, optional when editing. */
  saveOrg: method(
    z
      .object({
        id: orgIdSchema.optional(),
        name: z.string().trim().min(1, 'Give the org a name').max(100),
        url: orgUrl,
        token: z.string().trim().min(1).max(500).optional(),
        tokenStorage: tokenStorageSchema,
        /** The org's own setting; kept as saved while the desk's policy sets the rule. */
        requireCallerVerification: z.boolean().default(true),
      })
      .strict(),
  ).returns<OrgSummary>(),
  removeOrg: method(z.object({ id: orgIdSchema }).strict()).returns<null>(),
  selectOrg: method(z.object({ id: orgIdSchema }).strict()).returns<OrgSummary>(),
  /** Test a saved org (id) or unsaved details (url + token) without saving anything. */
  testConnection: method(
    z
      .object({
        id: orgIdSchema.optional(),
        url: orgUrl.optional(),
        token: z.string().trim().min(1).max(500).optional(),
      })
      .strict(),
  ).returns<ConnectionTestResult>(),
  /** Start the in-process sandbox org (if not running) and connect to it. */
  connectSandbox: method(z.object({}).strict()).returns<OrgSummary>(),
} as const;
