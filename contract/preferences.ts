// The agent's own preferences, kept in FactorDesk's settings on this computer (never secrets).
import { z } from 'zod';
import { method } from './define';

/** Where the caller is when enrolling: on the phone (send the activation link first) or at the desk (QR code first). */
export const callerLocationSchema = z.enum(['remote', 'here']);
export type CallerLocation = z.infer<typeof callerLocationSchema>;

export interface AgentPreferences {
  /** The enroll dialog's last choice; null until the agent makes one. */
  enrollCallerLocation: CallerLocation | null;
}

export const preferenceMethods = {
  getAgentPreferences: method(z.object({}).strict()).returns<AgentPreferences>(),
  /** Change some preferences; answers all of them. */
  setAgentPreferences: method(z.object({ enrollCallerLocation: callerLocationSchema.optional() }).strict()).returns<AgentPreferences>(),
} as const;
