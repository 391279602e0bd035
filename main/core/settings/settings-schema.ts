import { z } from 'zod';
import { tokenStorageSchema } from '../../../contract/orgs';

/** One saved org. Deliberately has no token field: tokens live in the keychain or in memory. */
export const savedOrgSchema = z.object({
  id: z.string().min(1),
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
  activeOrgId: z.string().nullable().default(null),
  orgs: z.array(savedOrgSchema).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

export const emptySettings = (): Settings => ({ version: 1, activeOrgId: null, orgs: [] });
