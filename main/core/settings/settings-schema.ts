import { z } from 'zod';
import { ORG_ID_PATTERN } from '../../../contract/ids';
import { tokenStorageSchema } from '../../../contract/orgs';

/**
 * One saved org. Deliberately has no token field: tokens live in the keychain or in memory. The
 * address is checked per org when used (orgs/saved-org-check.ts), so one bad address flags that
 * org instead of the whole file.
 */
export const savedOrgSchema = z.object({
  id: z.string().regex(ORG_ID_PATTERN),
  name: z.string().min(1),
  url: z.string().min(1),
  kind: z.enum(['okta', 'sandbox']),
  tokenStorage: tokenStorageSchema,
  requireCallerVerification: z.boolean().default(true),
});
export type SavedOrg = z.infer<typeof savedOrgSchema>;

/** `<dataDir>/settings.json`. Unknown keys are dropped on the next save. */
export const settingsSchema = z.object({
  version: z.literal(1),
  activeOrgId: z.string().regex(ORG_ID_PATTERN).nullable().default(null),
  orgs: z.array(savedOrgSchema).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

export const emptySettings = (): Settings => ({ version: 1, activeOrgId: null, orgs: [] });
