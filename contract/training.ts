// Training calls: scripted practice calls in the sandbox org.
//
// The trainee picks a scenario; main sets up a fresh caller in the sandbox org through its control
// API (their factors, devices, sign-ins, lock state and System Log story), and answers who calls,
// the ticket, the goal and the caller's script. The renderer opens the caller, pins the phone panel
// to them and shows the script beside it; where the scenario says so, the phone answers by itself
// (the real owner denies pushes the caller cannot approve). "End training call" answers the
// debrief: what the trainee did, read by main from the desk's audit journal for that caller since
// the call started, against the desk's policy and the scenario's right outcome. Debriefs never hold
// a code, an answer or a temporary access code. Only for the sandbox org: SANDBOX_ONLY elsewhere,
// before anything is sent.
import { z } from 'zod';
import { method } from './define';
import { trainingCallIdSchema as callId } from './ids';
import { isKnownTimeZone } from './time-zone';
import type { UserSummary } from './users';

export const trainingScenarioIds = ['lost-phone', 'new-phone', 'push-lockout', 'failed-verification', 'mfa-fatigue', 'sms-number-changed'] as const;
export type TrainingScenarioId = (typeof trainingScenarioIds)[number];

/** How the caller's phone behaves in the call (the renderer plays it). */
export type TrainingPhoneBehaviour =
  /** The caller holds the phone: the trainee taps on it as the caller would. */
  | 'caller'
  /** The phone is not with the caller (lost): nothing on it is answered. */
  | 'lost'
  /** The phone is the real owner's, who is not on the call: every push is denied ("No, it's not me"). */
  | 'owner-denies';

export interface TrainingScenario {
  id: TrainingScenarioId;
  title: string;
  /** One line: what the call is about, as the list shows it. */
  summary: string;
  /** What the trainee practises. */
  skills: string[];
}

/** One step of the caller's script: when it applies, and what the caller says or does. */
export interface CallerLine {
  cue: string;
  says: string;
}

export interface TrainingCall {
  /** FactorDesk's own id of this practice call (a random UUID). */
  callId: string;
  scenarioId: TrainingScenarioId;
  title: string;
  /** The ticket the call is logged under ("INC-204817"). */
  ticket: string;
  /** What the trainee should achieve, in a sentence or two. */
  goal: string;
  /** The caller as the console shows them. */
  caller: UserSummary;
  /** What the caller tells the trainee about themselves at once ("Maya Chen, Finance"). */
  introduction: string;
  script: CallerLine[];
  phone: TrainingPhoneBehaviour;
  /** One line about the phone beside the script ("Maya's phone is lost: nothing on it is answered"). */
  phoneNote: string;
  startedAt: string;
}

export type DebriefResult = 'pass' | 'fail' | 'not_applicable';

export interface DebriefCheck {
  /** Stable key: `verified_before_reset`, `sessions_sealed`, `ticket_noted`, `no_reset`, … */
  id: string;
  title: string;
  result: DebriefResult;
  /** One sentence why, with the times it is about. */
  why: string;
}

/** One desk action of the call, as the journal has it (no secrets: the journal holds none). */
export interface DebriefAction {
  time: string;
  action: string;
  outcome: string;
  /** "Test push to Okta Verify (Maya's iPhone): denied". */
  summary: string;
}

export interface TrainingDebrief {
  callId: string;
  scenarioId: TrainingScenarioId;
  title: string;
  ticket: string;
  caller: { userId: string; login: string; displayName: string };
  agent: string;
  startedAt: string;
  endedAt: string;
  timeZone: string;
  /** Every check passed (those that do not apply aside). */
  passed: boolean;
  checks: DebriefCheck[];
  actions: DebriefAction[];
  /** What the trainee said they did outside FactorDesk (escalation), as given when ending the call. */
  reported: { escalatedToSecurity: boolean };
}

export interface TrainingDebriefExport {
  fileName: string;
  mimeType: 'text/markdown' | 'application/json';
  content: string;
}

const timeZone = z.string().max(64).refine(isKnownTimeZone, 'Expected an IANA time zone, like Europe/Berlin').optional();

export const trainingMethods = {
  /** The scenarios the sandbox org can play. Errors: SANDBOX_ONLY. */
  listTrainingScenarios: method(z.object({}).strict()).returns<TrainingScenario[]>(),
  /** Sets up a fresh caller for the scenario and starts the call; a call still running is left as it is. Errors: SANDBOX_ONLY, NOT_CONNECTED. */
  startTrainingCall: method(z.object({ scenarioId: z.enum(trainingScenarioIds) }).strict()).returns<TrainingCall>(),
  /** The training call in progress, if any (after a reload). */
  getTrainingCall: method(z.object({}).strict()).returns<TrainingCall | null>(),
  /**
   * Ends the call and answers its debrief. `escalatedToSecurity`: the trainee says they handed the
   * call to the security team (that happens outside FactorDesk). Errors: NOT_FOUND (no such call running).
   */
  endTrainingCall: method(z.object({ callId, escalatedToSecurity: z.boolean().default(false), timeZone }).strict()).returns<TrainingDebrief>(),
  /** A finished call's debrief as a file (Markdown or JSON) for the browser's download / the app's save dialog. */
  exportTrainingDebrief: method(z.object({ callId, format: z.enum(['markdown', 'json']) }).strict()).returns<TrainingDebriefExport>(),
} as const;
