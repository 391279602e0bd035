import { z } from 'zod';

/** A HAL link as Okta returns it in `_links`; hrefs are checked against the org origin before use. */
export const oktaLinkSchema = z.looseObject({
  href: z.string(),
  hints: z.looseObject({ allow: z.array(z.string()).optional() }).optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  templated: z.boolean().optional(),
});

/** `_links` values are a link or (for e.g. `resend`) a list of links. */
export const oktaLinksSchema = z.record(z.string(), z.union([oktaLinkSchema, z.array(oktaLinkSchema)]));

export type OktaLink = z.infer<typeof oktaLinkSchema>;
export type OktaLinks = z.infer<typeof oktaLinksSchema>;
