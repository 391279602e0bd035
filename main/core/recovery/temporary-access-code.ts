import { FactorDeskError } from '../../../contract/errors';
import type { CurrentTac, IssuedTac, RevokedTac, TacPolicy, TacSettings } from '../../../contract/recovery';
import type { CallerVerificationInput, RiskAcknowledgement } from '../../../contract/workflows';
import { OutcomeUnknown, Refusal, outcomeUnknown, type ActionJournal } from '../audit';
import type { StepUp } from '../auth/step-up';
import type { Connections } from '../feature-context';
import { requestReach, type OktaClient } from '../okta';
import {
  asUtc,
  createTac,
  deleteAuthenticatorEnrollment,
  isNotFound,
  listAuthenticatorEnrollments,
  listAuthenticators,
  type IssuedTacAnswer,
} from '../okta/resources';
import { tacConfigurationSchema } from '../okta/schemas';
import { holdSecret } from '../storage';
import type { RiskGate } from '../risk/risk-gate';
import { passCallerGate } from '../workflows/caller-gate';
import type { VerificationTimeline } from '../workflows/verification-timeline';

export interface TacDeps {
  connections: Connections;
  journal: ActionJournal;
  timeline: VerificationTimeline;
  now(): Date;
  stepUp?: StepUp;
  /** On a high-risk account (the risk card), a code needs a second verification and a reason, as a reset does. */
  riskGate?: RiskGate;
}

type Availability = { available: true; policy: TacPolicy } | Omit<Extract<TacSettings, { available: false }>, 'userId'>;

/** The org's TAC authenticator as FactorDesk may issue codes within it, or why it cannot. */
async function tacAvailability(client: OktaClient): Promise<Availability> {
  let authenticators;
  try {
    authenticators = await listAuthenticators(client);
  } catch (error) {
    if (error instanceof FactorDeskError && error.data.oktaErrorCode === 'E0000015') {
      return {
        available: false,
        reason: 'not_identity_engine',
        message: 'This org cannot issue temporary access codes: they are an Okta Identity Engine feature, and this org does not have it.',
        action: 'Get the caller in another way: enroll a new factor with them on the phone.',
      };
    }
    throw error;
  }
  const tac = authenticators.find((each) => each.key === 'tac');
  if (!tac) {
    return {
      available: false,
      reason: 'not_set_up',
      message: 'This org has no Temporary Access Code authenticator.',
      action: 'Ask your Okta administrator to add it (Security → Authenticators → Temporary Access Code), then try again.',
    };
  }
  if (tac.status !== 'ACTIVE') {
    return {
      available: false,
      reason: 'inactive',
      message: "The org's Temporary Access Code authenticator is turned off (inactive).",
      action: 'Ask your Okta administrator to activate it (Security → Authenticators), then try again.',
    };
  }
  const parsed = tacConfigurationSchema.safeParse(tac.provider?.configuration);
  if (!parsed.success) {
    throw new FactorDeskError({
      code: 'BAD_RESPONSE',
      message: "Okta's Temporary Access Code settings could not be read (no minimum and maximum lifetime).",
      action: 'Ask your Okta administrator to check the authenticator (Security → Authenticators → Temporary Access Code).',
    });
  }
  const config = parsed.data;
  const minTtlMinutes = Math.max(10, Math.ceil(config.minTtl));
  const maxTtlMinutes = Math.min(14_400, Math.floor(config.maxTtl));
  const fallback = Math.min(Math.max(120, minTtlMinutes), maxTtlMinutes);
  const defaultTtlMinutes = config.defaultTtl !== undefined && config.defaultTtl >= minTtlMinutes && config.defaultTtl <= maxTtlMinutes ? Math.round(config.defaultTtl) : fallback;
  return {
    available: true,
    policy: { authenticatorId: tac.id, minTtlMinutes, maxTtlMinutes, defaultTtlMinutes, multiUseAllowed: config.multiUseAllowed === true, length: config.length ?? null },
  };
}

/** The user's live code, if any (a TAC enrollment whose expiry is still ahead). */
async function currentTac(client: OktaClient, userId: string, now: Date): Promise<CurrentTac | null> {
  const enrollments = await listAuthenticatorEnrollments(client, userId);
  for (const enrollment of enrollments) {
    if (enrollment.type !== 'tac' && enrollment.key !== 'tac') continue;
    const expiresAtText = typeof enrollment.profile?.expiresAt === 'string' ? enrollment.profile.expiresAt : null;
    const expiresAt = expiresAtText ? Date.parse(asUtc(expiresAtText)) : NaN;
    if (Number.isNaN(expiresAt) || expiresAt <= now.getTime()) continue;
    if (enrollment.status !== undefined && enrollment.status !== 'ACTIVE') continue;
    return {
      enrollmentId: enrollment.id,
      issuedAt: enrollment.created ?? null,
      expiresAt: new Date(expiresAt).toISOString(),
      multiUse: enrollment.profile?.multiUse === true,
    };
  }
  return null;
}

/** `getTacSettings`: may this org issue a code, within what, and does the user have one now. */
export async function getTacSettings(deps: Pick<TacDeps, 'connections' | 'now'>, userId: string): Promise<TacSettings> {
  const { client } = deps.connections.active();
  const availability = await tacAvailability(client);
  if (!availability.available) return { ...availability, userId };
  return { userId, available: true, policy: availability.policy, current: await currentTac(client, userId, deps.now()) };
}

function tacVerificationMissing(): Refusal {
  return new Refusal({
    code: 'INVALID_INPUT',
    message: 'A temporary access code lets whoever holds it sign in as the user, so FactorDesk issues one only after the caller is verified.',
    action: 'Send a test push or check a code first, or pick how you verified the caller and enter the ticket reference.',
    causes: ['callerVerification: required for a temporary access code'],
  });
}

function refused(message: string, action: string): Refusal {
  return new Refusal({ code: 'VALIDATION', message, action });
}

/** "2 hours", "90 minutes", "3 days". */
function duration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

/**
 * `issueTac`: the same gate as a reset (the caller's verification, and on a high-risk account a
 * second one and a reason: workflows/caller-gate.ts), a fresh sign-in for signed-in agents, the
 * lifetime and multi-use checked against the org's settings before anything is sent, then one
 * `POST …/authenticator-enrollments/tac` journaled as `issue_tac` (attempt first, then exactly one
 * outcome). The code is held out of every store and log line (storage/secret-guard.ts) from Okta's
 * answer until it leaves in this call's answer; the journal keeps only that a code was issued, its
 * lifetime, use and expiry, and by whom. A lost answer is unknown: Okta never shows a code again, so
 * the agent is told to revoke or replace it (the enrollments are read back to say whether one exists).
 */
export async function issueTac(
  deps: TacDeps,
  input: {
    userId: string;
    ttlMinutes?: number | undefined;
    multiUse: boolean;
    callerVerification?: CallerVerificationInput | undefined;
    riskAcknowledgement?: RiskAcknowledgement | undefined;
  },
): Promise<IssuedTac> {
  const issued: { answer?: IssuedTacAnswer; release?: () => void } = {};
  try {
    const { value, record } = await deps.journal.run({ userId: input.userId, action: 'issue_tac', recordAttempt: true }, async (action) => {
      const { scope } = action;
      // Whoever holds a code signs in as the user: a verification is required whatever the org's reset setting.
      if (!input.callerVerification) throw tacVerificationMissing();
      const { callerVerification, riskCheck } = await passCallerGate(deps, action, input, { what: 'temporary_access_code', stepUp: { kind: 'issue_tac' } });
      const availability = await tacAvailability(scope.client);
      if (!availability.available) throw refused(availability.message, availability.action);
      const { policy } = availability;
      const ttlMinutes = input.ttlMinutes ?? policy.defaultTtlMinutes;
      if (ttlMinutes < policy.minTtlMinutes || ttlMinutes > policy.maxTtlMinutes) {
        throw refused(
          `The org's settings allow a code to last from ${duration(policy.minTtlMinutes)} to ${duration(policy.maxTtlMinutes)}; ${duration(ttlMinutes)} is outside that.`,
          `Choose a lifetime between ${duration(policy.minTtlMinutes)} and ${duration(policy.maxTtlMinutes)}.`,
        );
      }
      if (input.multiUse && !policy.multiUseAllowed) {
        throw refused("The org's settings allow single-use codes only.", 'Issue a single-use code.');
      }
      const previous = await currentTac(scope.client, input.userId, deps.now()).catch(() => null);
      const use = input.multiUse ? 'multi-use' : 'single-use';
      action.note({ detail: `${use} code for ${duration(ttlMinutes)}${previous ? ', replacing the code issued before' : ''}` });
      const attemptAt = deps.now();
      const answer = await action.atOkta(async () => {
        try {
          return await createTac(scope.client, input.userId, { authenticatorId: policy.authenticatorId, ttlMinutes, multiUse: input.multiUse });
        } catch (error) {
          if (requestReach(error) !== 'unknown') throw error;
          throw await lostIssueAnswer(scope.client, input.userId, attemptAt, error);
        }
      });
      issued.answer = answer;
      issued.release = holdSecret(answer.code);
      const expiresAt = new Date(Date.parse(asUtc(answer.expiresAt))).toISOString();
      action.note({ factorId: answer.enrollmentId, factorType: 'tac', detail: `${answer.multiUse ? 'multi-use' : 'single-use'} code for ${duration(ttlMinutes)}, valid until ${expiresAt}${previous ? '; replaced the code issued before' : ''}` });
      return { ttlMinutes, expiresAt, replacedPrevious: previous !== null, callerVerification, riskCheck, multiUse: answer.multiUse };
    });
    const answer = issued.answer;
    if (!answer) throw new Error('issueTac finished without an answer');
    return {
      userId: input.userId,
      enrollmentId: answer.enrollmentId,
      code: answer.code,
      ttlMinutes: value.ttlMinutes,
      multiUse: value.multiUse,
      issuedAt: record.time,
      expiresAt: value.expiresAt,
      replacedPrevious: value.replacedPrevious,
      callerVerification: value.callerVerification,
      ...(value.riskCheck ? { riskCheck: value.riskCheck } : {}),
      auditId: record.id,
    };
  } finally {
    // The code leaves in this answer; from here on nothing in main holds it.
    issued.release?.();
    delete issued.answer;
  }
}

/** After a lost answer to issuing a code: read the enrollments back to say whether one was made, and always leave the outcome unknown. */
async function lostIssueAnswer(client: OktaClient, userId: string, attemptAt: Date, lost: unknown): Promise<OutcomeUnknown> {
  let current: CurrentTac | null | undefined;
  try {
    current = await currentTac(client, userId, new Date(0));
  } catch {
    return outcomeUnknown('issue_tac', lost);
  }
  const made = current && current.issuedAt !== null && Date.parse(current.issuedAt) >= attemptAt.getTime() - 60_000;
  const causes = lost instanceof FactorDeskError ? [lost.data.message] : [];
  return new OutcomeUnknown({
    code: 'OUTCOME_UNKNOWN',
    message: made
      ? "Okta's answer was lost. Reading back shows Okta did issue a code, but Okta never shows a code again, so nobody can read it."
      : "Okta's answer was lost. Reading back shows no new code, but FactorDesk cannot be sure none was issued, and Okta never shows a code again.",
    action: made ? 'Revoke that code, then issue a new one (issuing again also replaces it).' : 'Issue a new code (it replaces any code issued a moment ago), or revoke to be sure.',
    ...(causes.length > 0 ? { causes } : {}),
  });
}

/** `revokeTac`: delete the user's code (journaled as `revoke_tac`; nothing to revoke is not an action). */
export async function revokeTac(deps: Pick<TacDeps, 'connections' | 'journal' | 'now'>, userId: string): Promise<RevokedTac> {
  const { client } = deps.connections.active();
  const current = await currentTac(client, userId, new Date(0));
  if (!current) return { userId, revoked: false, auditId: null };
  const { record } = await deps.journal.run(
    { userId, action: 'revoke_tac', recordAttempt: true, fields: { factorId: current.enrollmentId, factorType: 'tac', detail: `code valid until ${current.expiresAt} deleted` } },
    async (action) => {
      await action.atOkta(async () => {
        try {
          await deleteAuthenticatorEnrollment(action.scope.client, userId, current.enrollmentId);
        } catch (error) {
          // Gone already (expired or used up meanwhile): the code does not work, which is what was wanted.
          if (isNotFound(error)) {
            action.note({ detail: 'the code was already gone (expired, used or deleted)' });
            return;
          }
          if (requestReach(error) !== 'unknown') throw error;
          const still = await currentTac(action.scope.client, userId, new Date(0)).catch(() => undefined);
          if (still === undefined) throw outcomeUnknown('revoke_tac', error);
          if (still?.enrollmentId === current.enrollmentId) throw new FactorDeskError({ code: 'OKTA_ERROR', message: "Okta's answer was lost, and the code is still there: it was not deleted.", action: 'Try again.' });
          action.note({ detail: "code deleted; confirmed by reading back after Okta's answer was lost" });
        }
      });
    },
  );
  return { userId, revoked: true, auditId: record.id };
}
