import { z } from 'zod';

// What the sandbox's control API answers, read strictly where the phone needs a field and
// tolerantly otherwise (fields it adds later are ignored).

const iso = z.string().min(1).max(40);
const text = (max: number) => z.string().max(max);

const phoneQuestionSchema = z.object({ factorId: text(40), questionText: text(400).min(1), answer: text(400).min(1) });

export const sandboxPhoneSchema = z.object({
  user: z.object({ id: z.string(), login: text(320), firstName: text(200), displayName: text(400) }),
  now: iso,
  clockAheadSeconds: z.number().finite().min(0),
  pushes: z.array(
    z.object({
      transactionId: text(100),
      factorId: text(40),
      deviceName: text(200).nullable(),
      numberChoices: z.array(z.number().int()).max(10).nullable(),
      sentAt: iso,
      expiresAt: iso,
    }),
  ),
  activations: z.array(z.object({ factorId: text(40), expiresAt: iso })),
  messages: z.array(
    z.object({
      id: text(40),
      channel: z.enum(['sms', 'voice', 'email']),
      to: text(320),
      text: text(4000),
      code: text(40).nullable(),
      link: text(4000).nullable(),
      activationFactorId: text(40).nullable(),
      sentAt: iso,
    }),
  ),
  codes: z.array(
    z.object({
      factorId: text(40),
      factorType: text(60),
      provider: text(60),
      name: text(200),
      deviceName: text(200).nullable(),
      status: text(40),
      passCode: text(100),
      pin: text(40).nullable(),
      tokenCode: text(40).nullable(),
      counter: z.number().int().nullable(),
      periodSeconds: z.number().int().positive().nullable(),
      secondsLeft: z.number().int().min(0).nullable(),
    }),
  ),
  // A sandbox from before the phone showed security questions has none to show; an entry the phone
  // cannot show (no text or answer) is left out rather than failing the whole phone.
  questions: z
    .array(z.unknown())
    .max(20)
    .optional()
    .transform((entries) => (entries ?? []).flatMap((entry) => {
      const read = phoneQuestionSchema.safeParse(entry);
      return read.success ? [read.data] : [];
    })),
});

export type SandboxPhone = z.infer<typeof sandboxPhoneSchema>;

export const waitingPushesSchema = z.array(z.object({ transactionId: text(100), factorId: text(40), numberChoices: z.array(z.number().int()).nullable().optional() }));

export type WaitingPush = z.infer<typeof waitingPushesSchema>[number];

export const sandboxPushAnswerSchema = z.object({ factorResult: z.enum(['SUCCESS', 'REJECTED']) });

export const practiceUserSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9]{20}$/),
  login: text(320),
  status: text(40),
  factors: z.array(z.object({ id: z.string().regex(/^[A-Za-z0-9]{20}$/), factorType: text(60), provider: text(60), status: text(40) })).max(20),
});

export type PracticeUser = z.infer<typeof practiceUserSchema>;

/** What a control-API scenario logged: read for the user's status after it (the events are the System Log's). */
export const scenarioStorySchema = z.object({ userId: z.string(), status: text(40), events: z.array(z.object({ eventType: text(200), published: iso })).max(200) });

export type ScenarioStoryResult = z.infer<typeof scenarioStorySchema>;
