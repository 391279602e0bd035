import { z } from 'zod';

const detail = z.record(z.string(), z.unknown()).nullable().optional();

export const oktaLogActorSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  alternateId: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
  detailEntry: detail,
});

export const oktaLogTargetSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  alternateId: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
  detailEntry: detail,
});

export const oktaLogOutcomeSchema = z.looseObject({
  result: z.string(),
  reason: z.string().nullable().optional(),
});

export const oktaLogClientSchema = z.looseObject({
  ipAddress: z.string().nullable().optional(),
  device: z.string().nullable().optional(),
  zone: z.string().nullable().optional(),
  id: z.string().nullable().optional(),
  userAgent: z
    .looseObject({
      rawUserAgent: z.string().nullable().optional(),
      os: z.string().nullable().optional(),
      browser: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  geographicalContext: z.looseObject({}).nullable().optional(),
});

export const oktaLogEventSchema = z.looseObject({
  uuid: z.string(),
  published: z.string(),
  eventType: z.string(),
  version: z.string().optional(),
  displayMessage: z.string().nullable().optional(),
  severity: z.string(),
  legacyEventType: z.string().nullable().optional(),
  actor: oktaLogActorSchema,
  target: z.array(oktaLogTargetSchema).nullable().optional(),
  outcome: oktaLogOutcomeSchema.nullable().optional(),
  client: oktaLogClientSchema.nullable().optional(),
  debugContext: z.looseObject({ debugData: detail }).nullable().optional(),
  transaction: z
    .looseObject({ id: z.string().nullable().optional(), type: z.string().nullable().optional(), detail })
    .nullable()
    .optional(),
  authenticationContext: z.looseObject({}).nullable().optional(),
  securityContext: z.looseObject({}).nullable().optional(),
  request: z.looseObject({}).nullable().optional(),
});

export type OktaLogActor = z.infer<typeof oktaLogActorSchema>;
export type OktaLogTarget = z.infer<typeof oktaLogTargetSchema>;
export type OktaLogEvent = z.infer<typeof oktaLogEventSchema>;
