// The write-up of a call: "Copy ticket note" in the user header (and its keyboard shortcut).
//
// Main builds the note from the audit journal: every action on this user since the call began —
// the first action on them in this session of FactorDesk, or the first after the agent last ended
// the call (`endCall`). When nothing was done since the call was ended, the note is of the call
// that ended. It says who (the agent's OS user and who they act as in Okta; the caller), what
// happened in order (checks with their method and result, resets, enrollments, ...), when (local
// time with the time zone, "14:02 CET"), how the caller was verified, and any ticket reference the
// agent recorded. It never holds a secret: no code, answer, setup key or temporary access code is
// in the journal to begin with, and phone numbers and email addresses are masked as there.
import { z } from 'zod';
import { method } from './define';
import { oktaUserIdSchema as userId } from './ids';
import { isKnownTimeZone } from './time-zone';

export interface TicketNote {
  userId: string;
  /** The note as plain text, ready to paste into a ticket. */
  text: string;
  /** When the call began (ISO): its first action; null when nothing was done yet. */
  callStartedAt: string | null;
  /** When the agent ended the call, if the note is of a call that was ended (ISO). */
  callEndedAt: string | null;
  /** Actions in the note (a test push sent and answered is one). */
  actionCount: number;
  /** The IANA time zone the times are written in. */
  timeZone: string;
}

export const ticketNoteMethods = {
  /**
   * The ticket note of the current call with this user. `timeZone`: the agent's (the renderer's)
   * IANA time zone, for the times; main's own when absent. Asks Okta only for the user's name,
   * and does without it when Okta cannot answer. Errors: NOT_CONNECTED.
   */
  getTicketNote: method(
    z
      .object({
        userId,
        timeZone: z.string().max(64).refine(isKnownTimeZone, 'Expected an IANA time zone, like Europe/Berlin').optional(),
      })
      .strict(),
  ).returns<TicketNote>(),
} as const;
