import { z } from 'zod';

/** Okta's error body: `{ errorCode, errorSummary, errorLink, errorId, errorCauses[] }`. */
export const oktaErrorSchema = z.looseObject({
  errorCode: z.string(),
  errorSummary: z.string().optional(),
  errorLink: z.string().optional(),
  errorId: z.string().optional(),
  errorCauses: z.array(z.looseObject({ errorSummary: z.string().optional() })).optional(),
});

export type OktaErrorBody = z.infer<typeof oktaErrorSchema>;
