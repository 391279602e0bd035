import { z } from 'zod';
import { oktaLinksSchema } from './links';

/** What a verify request and the push transaction's poll answer. */
export const oktaVerifyAnswerSchema = z.looseObject({
  factorResult: z.string().optional(),
  expiresAt: z.string().optional(),
  _links: oktaLinksSchema.optional(),
  _embedded: z.looseObject({ challenge: z.looseObject({ correctAnswer: z.number().optional() }).optional() }).optional(),
});

/** What the push activation endpoints answer while waiting or after a timeout (once ACTIVE, the answer is the factor itself). */
export const oktaActivationAnswerSchema = z.looseObject({
  id: z.string().optional(),
  status: z.string().optional(),
  factorResult: z.string().optional(),
  expiresAt: z.string().optional(),
  _links: oktaLinksSchema.optional(),
});

export type OktaVerifyAnswer = z.infer<typeof oktaVerifyAnswerSchema>;
export type OktaActivationAnswer = z.infer<typeof oktaActivationAnswerSchema>;
