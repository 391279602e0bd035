import { z } from 'zod';
import { oktaLinksSchema } from './links';

/** One entry of a user's factor catalog (`GET /users/{id}/factors/catalog`). */
export const oktaCatalogEntrySchema = z.looseObject({
  factorType: z.string(),
  provider: z.string(),
  vendorName: z.string().nullable().optional(),
  _links: oktaLinksSchema.optional(),
  _embedded: z
    .looseObject({
      phones: z.array(z.looseObject({ profile: z.looseObject({ phoneNumber: z.string().optional() }).optional() })).optional(),
    })
    .optional(),
});

/** One of the org's security questions (`GET /users/{id}/factors/questions`). */
export const oktaSecurityQuestionSchema = z.looseObject({ question: z.string(), questionText: z.string() });

export type OktaCatalogEntry = z.infer<typeof oktaCatalogEntrySchema>;
export type OktaSecurityQuestion = z.infer<typeof oktaSecurityQuestionSchema>;
