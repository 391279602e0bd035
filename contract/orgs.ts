import { z } from 'zod';
import { method } from './define';
import type { BridgeErrorData } from './errors';
import { connectionMethods, type ConnectionMethod } from './connection-methods';
import { oauthClientIdSchema, orgIdSchema, serviceKeyIdSchema } from './ids';
import { MARKER_COLOR_PATTERN, MARKER_LABEL_MAX, type OrgMarker } from './org-marker';

export type { OrgMarker };

/** Where an org's credentials are kept. Never a file: keychain, or memory for this session only. */
export const tokenStorageSchema = z.enum(['keychain', 'session']);
export type TokenStorage = z.infer<typeof tokenStorageSchema>;

/**
 * How FactorDesk connects to an org: `oauth` — each agent signs in with Okta as themselves
 * (recommended); `service` — an API service app with its own key (automation, bulk work);
 * `ssws` — an API token (legacy: unscoped, acts with its creator's rights). The one list lives
 * zod-free in connection-methods.ts (the renderer's first screen and the policy use it too).
 */
export const connectionMethodSchema = z.enum(connectionMethods);
export type { ConnectionMethod };

/** The Okta API scopes FactorDesk may ask for (an app must have been granted them in Okta). */
export const oktaApiScopeSchema = z.enum(['okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read', 'okta.groups.read', 'okta.authenticators.read']);
export type OktaApiScope = z.infer<typeof oktaApiScopeSchema>;

/** How an org is connected, with the public parameters only (never a secret). */
export interface OrgConnection {
  method: ConnectionMethod;
  /** The Okta app's client ID: the OIDC native app agents sign in with, or the API service app. Null for API tokens. */
  clientId: string | null;
  /** The Okta API scopes asked for; empty for API tokens (which carry their admin's full rights). */
  scopes: OktaApiScope[];
}

/** Who is signed in to an org connected with "Sign in with Okta" (from the ID token). */
export interface SignedInAgent {
  name: string;
  login: string;
  /** When the agent last signed in at Okta (the ID token's auth_time), ISO; null when Okta did not say. */
  signedInAt: string | null;
}

export interface OrgSummary {
  id: string;
  name: string;
  /** Origin of the org, e.g. https://acme.okta.com (no path). */
  url: string;
  /**
   * The org's custom domain (https://login.acme.com), when it has one: the same org on a second
   * origin. Okta's links may point at either; FactorDesk follows links on these two and no other,
   * and sends the org's credential to these two only. Absent or null: none.
   */
  customDomain?: string | null;
  /** `sandbox` orgs are the local Okta-compatible org started in-process. */
  kind: 'okta' | 'sandbox';
  tokenStorage: TokenStorage;
  /** How FactorDesk connects to it, and the connection's public parameters. */
  connection: OrgConnection;
  /**
   * False when FactorDesk holds no usable credential: the API token or service app key is missing
   * (keychain entry gone, session ended), or — "Sign in with Okta" — nobody is signed in or the
   * sign-in has ended (refresh refused): the agent must sign in again.
   */
  hasToken: boolean;
  /** The agent signed in to this org ("Sign in with Okta"), or null. */
  agent: SignedInAgent | null;
  /**
   * Whether a reset must say how the caller was verified: the desk policy's rule when it sets one
   * (`callerVerification.required`), otherwise this org's own setting (on by default).
   */
  requireCallerVerification: boolean;
  /** Present when the desk policy, not the org's own setting, decides `requireCallerVerification`. */
  callerVerificationSetBy?: 'policy';
  /** The band across the top of the window while working in this org (always set by main). */
  marker?: OrgMarker;
  /**
   * The country a phone number typed without a country code is read in (ISO 3166 alpha-2), when the
   * org sets one; null: the agent's computer decides (its locale), else US.
   */
  phoneRegion?: string | null;
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
  /** Okta answered and the credential works. */
  ok: true;
  /** Who the calls act as: the token's or signed-in agent's user ("Ada Admin (ada@acme.com)"), or the service app. */
  identity: string;
  latencyMs: number;
  /** Whether the connection may read the System Log (History view). */
  canReadSystemLog: boolean;
  /** What the connection may do, before the agent meets a refusal mid-call. */
  power: ConnectionPower;
}

/** Whether the connection can do something, and why (in words an agent understands). */
export interface Capability {
  /** `partly`: only for some users (a role limited to groups, or not for admins); `unknown`: FactorDesk could not tell. */
  level: 'yes' | 'partly' | 'no' | 'unknown';
  why: string;
}

/** One admin role the connection acts with, and its reach. */
export interface AdminRoleSummary {
  /** Okta's role type: SUPER_ADMIN, ORG_ADMIN, HELP_DESK_ADMIN, READ_ONLY_ADMIN, REPORT_ADMIN, CUSTOM, ... */
  type: string;
  /** Okta's label for it ("Help Desk administrator"). */
  label: string;
  /** Every user, or only the members of `groups`. */
  reach: 'all_users' | 'groups';
  /** The groups a role is limited to (names), when `reach` is `groups`. */
  groups: string[];
}

export interface ConnectionPower {
  /** Who the calls act as. */
  actor: { kind: 'agent' | 'service_app' | 'api_token'; name: string };
  /** The Okta API scopes in the access token (null for an API token: it is not scoped). */
  scopes: OktaApiScope[] | null;
  /** The admin roles, or null when they could not be read (`rolesUnreadable` says why). */
  roles: AdminRoleSummary[] | null;
  rolesUnreadable?: string;
  /** What that allows. */
  readFactors: Capability;
  resetFactors: Capability;
  readSystemLog: Capability;
}

/** The band's colour (`#rrggbb`) and label (plain words, no line breaks). */
export const orgMarkerInputSchema = z
  .object({
    color: z.string().trim().regex(MARKER_COLOR_PATTERN, 'Choose a colour like #c62828'),
    label: z
      .string()
      .trim()
      .min(1, 'Give the band a label, like Production')
      .max(MARKER_LABEL_MAX, `Keep the label to ${MARKER_LABEL_MAX} characters`)
      .refine((label) => !/[\u0000-\u001f\u007f]/.test(label), 'The label cannot contain line breaks or control characters'),
  })
  .strict();

const orgUrl = z
  .string()
  .trim()
  .min(1, 'Enter the org URL, like https://yourcompany.okta.com')
  .max(2048);

export const orgMethods = {
  listOrgs: method(z.object({}).strict()).returns<OrgList>(),
  /**
   * Add (no id) or edit (id) an org. `method` defaults to the saved org's, else `ssws` when a token
   * is given, else `oauth`. `ssws`: a token is required when adding, optional when editing. `oauth`:
   * the native app's `clientId` (then sign in with startSignIn). `service`: the service app's
   * `clientId`, its `scopes` and the key made by createServiceAppKey (`serviceKeyId`; optional when
   * editing a service app org that keeps its key).
   */
  saveOrg: method(
    z
      .object({
        id: orgIdSchema.optional(),
        name: z.string().trim().min(1, 'Give the org a name').max(100),
        url: orgUrl,
        /** The org's custom domain, checked with the org URL's rules; '' for none; left out when editing: unchanged. */
        customDomain: z.string().trim().max(2048).optional(),
        method: connectionMethodSchema.optional(),
        token: z.string().trim().min(1).max(500).optional(),
        clientId: oauthClientIdSchema.optional(),
        scopes: z.array(oktaApiScopeSchema).min(1, 'Choose at least one scope').max(5).optional(),
        serviceKeyId: serviceKeyIdSchema.optional(),
        tokenStorage: tokenStorageSchema,
        /** The org's own setting; kept as saved while the desk's policy sets the rule. */
        requireCallerVerification: z.boolean().default(true),
        /** The band's colour and label; left out: kept as saved (a new org: red "Production"). Ignored for the practice org. */
        marker: orgMarkerInputSchema.optional(),
        /** Reading phone numbers without a country code: an ISO 3166 country code, or null for the agent's computer's locale. Left out: kept as saved. */
        phoneRegion: z
          .string()
          .trim()
          .regex(/^[A-Za-z]{2}$/, 'Choose a country (two letters, like US or GB)')
          .transform((code) => code.toUpperCase())
          .nullable()
          .optional(),
      })
      .strict(),
  ).returns<OrgSummary>(),
  removeOrg: method(z.object({ id: orgIdSchema }).strict()).returns<null>(),
  selectOrg: method(z.object({ id: orgIdSchema }).strict()).returns<OrgSummary>(),
  /** Test a saved org (id, with its own credential) or unsaved details (url + API token) without saving anything. */
  testConnection: method(
    z
      .object({
        id: orgIdSchema.optional(),
        url: orgUrl.optional(),
        token: z.string().trim().min(1).max(500).optional(),
      })
      .strict(),
  ).returns<ConnectionTestResult>(),
  /**
   * Start the in-process sandbox org (if not running) and select it. It is connected with "Sign in
   * with Okta" (its native app): the answer has `hasToken` false until the agent signs in (startSignIn).
   */
  connectSandbox: method(z.object({}).strict()).returns<OrgSummary>(),
} as const;
