import { z } from 'zod';
import { OAUTH_CLIENT_ID_PATTERN, ORG_ID_PATTERN } from '../../../contract/ids';
import { MARKER_COLOR_PATTERN, MARKER_LABEL_MAX } from '../../../contract/org-marker';
import { oktaApiScopeSchema, tokenStorageSchema } from '../../../contract/orgs';

/**
 * How the org is connected, with its public parameters only. The secrets (API token, refresh
 * token, private keys) are in the keychain (orgs/org-credentials.ts); an access token only in memory.
 * Settings saved before connections had methods are API-token orgs.
 */
export const savedConnectionSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('ssws') }),
  z.object({ method: z.literal('oauth'), clientId: z.string().regex(OAUTH_CLIENT_ID_PATTERN), scopes: z.array(oktaApiScopeSchema).min(1) }),
  z.object({
    method: z.literal('service'),
    clientId: z.string().regex(OAUTH_CLIENT_ID_PATTERN),
    scopes: z.array(oktaApiScopeSchema).min(1),
    /** The `kid` of the app's key (Okta picks the public key by it). */
    keyId: z.string().min(1).max(100),
  }),
]);
export type SavedConnection = z.infer<typeof savedConnectionSchema>;

/**
 * One saved org. Deliberately has no secret field: tokens and keys live in the keychain or in memory. The
 * address is checked per org when used (orgs/saved-org-check.ts), so one bad address flags that
 * org instead of the whole file.
 */
export const savedOrgSchema = z.object({
  id: z.string().regex(ORG_ID_PATTERN),
  name: z.string().min(1),
  url: z.string().min(1),
  /** The org's custom domain (an origin), whose links are followed like the org's own; absent or null for none. */
  customDomain: z.string().min(1).nullable().optional(),
  kind: z.enum(['okta', 'sandbox']),
  tokenStorage: tokenStorageSchema,
  requireCallerVerification: z.boolean().default(true),
  connection: savedConnectionSchema.default({ method: 'ssws' }),
  /**
   * The band across the top of the window. A hand-edited value that is not valid is dropped (the org
   * then shows the default red "Production" band) rather than making the whole file unreadable.
   */
  marker: z
    .object({ color: z.string().regex(MARKER_COLOR_PATTERN), label: z.string().trim().min(1).max(MARKER_LABEL_MAX).regex(/^[^\u0000-\u001f\u007f]+$/) })
    .optional()
    .catch(undefined),
  /** ISO 3166 country for phone numbers typed without a country code; absent or null: the agent's locale. Invalid: dropped. */
  phoneRegion: z.string().regex(/^[A-Z]{2}$/).nullable().optional().catch(undefined),
});
export type SavedOrg = z.infer<typeof savedOrgSchema>;

/**
 * The agent's own preferences (contract/preferences.ts). A value this version does not know is
 * forgotten, never a reason to set the whole file aside.
 */
export const agentPreferencesSchema = z.object({
  enrollCallerLocation: z.enum(['remote', 'here']).nullable().default(null).catch(null),
});

/** `<dataDir>/settings.json`. Unknown keys are dropped on the next save. */
export const settingsSchema = z.object({
  version: z.literal(1),
  activeOrgId: z.string().regex(ORG_ID_PATTERN).nullable().default(null),
  orgs: z.array(savedOrgSchema).default([]),
  preferences: agentPreferencesSchema.default({ enrollCallerLocation: null }).catch({ enrollCallerLocation: null }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const emptySettings = (): Settings => ({ version: 1, activeOrgId: null, orgs: [], preferences: { enrollCallerLocation: null } });
