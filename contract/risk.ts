// The risk card: before any reset or code, what the System Log of the last 72 hours and the user's
// admin roles say about an attack on this account right now (MFA fatigue, a report of suspicious
// activity, a new country or an anonymizer, another reset, an administrator as the target).
//
// How the UI uses it: `getRiskCard` on the user page and in every dialog that resets or issues a
// code (main answers from a short cache, so one System Log query serves them all); each signal
// links to its History entry (`historyEntryIds`, `sl:<uuid>`). When `requiresSecondVerification`
// is set, `resetFactor` / `resetAllFactors` refuse unless `riskAcknowledgement` gives a second,
// different verification method and a reason (main checks the card itself: the renderer's word is
// not taken). When the System Log cannot be read, `level` is `unknown`, never `none`.
import { z } from 'zod';
import { method } from './define';
import { oktaUserIdSchema as userId } from './ids';

export const riskSignalKinds = [
  'push_fatigue', // several pushes denied within minutes
  'denied_push', // a push denied on the phone
  'suspicious_activity', // the user reported suspicious activity
  'failed_mfa', // several failed MFA attempts (wrong codes)
  'anonymizer', // activity through an anonymizing proxy or VPN
  'new_country', // a sign-in or MFA attempt from a country not seen in the last 30 days
  'new_network', // from a network (AS number) not seen in the last 30 days
  'okta_risk', // Okta itself rated the activity high risk
  'password_reset', // the password was reset or changed
  'factor_reset', // a factor (or all) was reset
  'factor_enrolled', // a new factor was enrolled
  'admin_role', // the user is an administrator
] as const;
export type RiskSignalKind = (typeof riskSignalKinds)[number];

/** `high`: stop and verify twice; `medium`: worth asking about. */
export type RiskSeverity = 'high' | 'medium';

/** `high`: a reset needs a second verification and a reason; `elevated`: signals worth asking about; `none`: nothing found; `unknown`: the System Log could not be read. */
export type RiskLevel = 'high' | 'elevated' | 'none' | 'unknown';

export interface RiskSignal {
  kind: RiskSignalKind;
  severity: RiskSeverity;
  /** One sentence for the agent: "5 pushes denied in 7 minutes (10:02–10:09): possible MFA fatigue attack". Times in the agent's local time. */
  summary: string;
  /** Where it came from, when the log says: "203.0.113.77 · Amsterdam, Netherlands · Example Anonymizer VPN (AS64511) · proxy". */
  detail: string | null;
  /** The latest moment of the signal (ISO); null for standing facts (an admin role). */
  at: string | null;
  /** The History entries it rests on (`sl:<uuid>`), newest first; empty for roles. */
  historyEntryIds: string[];
}

export interface RiskCard {
  userId: string;
  level: RiskLevel;
  /** One line: "High risk: possible attack in progress", "No signs of attack in the last 72 hours", "Risk unknown: …". */
  headline: string;
  /** Highest severity first, then newest. */
  signals: RiskSignal[];
  /** A reset (or a code) needs a second, different verification method and a reason. */
  requiresSecondVerification: boolean;
  systemLog: {
    readable: boolean;
    /** Why not, in words ("This connection can't read the System Log (okta.logs.read)"), or a note (only the newest 1000 events were read). */
    message?: string;
    /** The signals' window (72 hours). */
    since: string;
    until: string;
    /** How far back sign-ins were compared from (30 days), when the log was read. */
    comparedSince: string | null;
    /** Earlier sign-ins found to compare with; 0 means "new country" could not be judged. */
    earlierSignIns: number;
  };
  roles: {
    readable: boolean;
    message?: string;
    /** The admin roles' labels ("Super Organization administrator"); empty for a non-admin. */
    admin: string[];
  };
  /** When main read it; it is reused until `freshUntil` unless refreshed. */
  checkedAt: string;
  freshUntil: string;
}

/** What a reset records of the risk card it was done under (journal and ResetResult). */
export interface RiskCheckRecord {
  level: RiskLevel;
  signals: RiskSignalKind[];
  /** High risk: the second method and the reason the agent gave. */
  secondMethod?: string;
  reason?: string;
}

export const riskMethods = {
  /** The risk card of a user; `refresh` reads the System Log again instead of the short cache. Errors: NOT_CONNECTED, NOT_FOUND. */
  getRiskCard: method(z.object({ userId, refresh: z.boolean().default(false) }).strict()).returns<RiskCard>(),
} as const;
