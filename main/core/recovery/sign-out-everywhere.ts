import { FactorDeskError } from '../../../contract/errors';
import type { SignOutOutcome } from '../../../contract/recovery';
import type { ResetResult } from '../../../contract/workflows';
import { outcomeUnknown, OutcomeUnknown, type ActionJournal } from '../audit';
import { requestReach, type OktaClient } from '../okta';
import { clearUserSessions, systemLogPage } from '../okta/resources';

export interface SignOutDeps {
  journal: ActionJournal;
  now(): Date;
  /** Waits between System Log reads after a lost answer (tests shorten them); default 1 s, 2 s, 4 s. */
  readBackDelaysMs?: readonly number[];
}

/** What the sign-out followed, for its journal record. */
export interface SignOutContext {
  afterReset?: { auditId: string; what: 'one factor' | 'all factors' };
}

const OPTIONS = { oauthTokens: true, forgetDevices: true } as const;
const DEFAULT_READ_BACK_DELAYS_MS = [1_000, 2_000, 4_000];
/** The System Log is read from a little before the attempt: the org's clock and this computer's may differ. */
const CLOCK_SLACK_MS = 60_000;

const cleared = 'sessions ended, OAuth tokens revoked, remembered devices forgotten';

/**
 * After a lost answer: did Okta clear the sessions? Clearing leaves `user.session.clear` in the System
 * Log (eventually consistent: read a few times). True when it is there; false when the log was read
 * and it is not; the error when the log cannot be read at all.
 */
async function clearedPerSystemLog(client: OktaClient, userId: string, since: Date, delaysMs: readonly number[]): Promise<boolean> {
  const query = {
    filter: `eventType eq "user.session.clear" and target.id eq "${userId}"`,
    since: new Date(since.getTime() - CLOCK_SLACK_MS).toISOString(),
    limit: '5',
  };
  for (const delayMs of delaysMs) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const page = await systemLogPage(client, { query });
    if (page.events.some((event) => event.outcome?.result === 'SUCCESS')) return true;
  }
  return false;
}

/**
 * "Sign them out everywhere": `DELETE /users/{id}/sessions?oauthTokens=true&forgetDevices=true`,
 * journaled as `clear_sessions` with an attempt record and exactly one outcome. A lost answer is
 * settled by the System Log (`user.session.clear` since the attempt); when that cannot tell either,
 * the outcome is unknown and the agent is told it is safe to repeat (clearing is idempotent).
 * Answers the outcome, failures included; only a journal that cannot be written (or no org) throws.
 */
export async function signOutEverywhere(deps: SignOutDeps, userId: string, context: SignOutContext = {}): Promise<SignOutOutcome> {
  const after = context.afterReset ? `after resetting ${context.afterReset.what} (journal ${context.afterReset.auditId}): ` : '';
  const base = { userId, oauthTokens: OPTIONS.oauthTokens, forgetDevices: OPTIONS.forgetDevices };
  try {
    const { record } = await deps.journal.run(
      { userId, action: 'clear_sessions', recordAttempt: true, fields: { detail: `${after}sign out everywhere (${cleared})` } },
      async (action) => {
        const attemptAt = deps.now();
        await action.atOkta(async () => {
          try {
            await clearUserSessions(action.scope.client, userId, OPTIONS);
          } catch (error) {
            if (requestReach(error) !== 'unknown') throw error;
            let confirmed: boolean;
            try {
              confirmed = await clearedPerSystemLog(action.scope.client, userId, attemptAt, deps.readBackDelaysMs ?? DEFAULT_READ_BACK_DELAYS_MS);
            } catch {
              throw outcomeUnknown('clear_sessions', error);
            }
            if (!confirmed) throw outcomeUnknown('clear_sessions', error);
            action.note({ detail: `${after}${cleared}; confirmed by the System Log after Okta's answer was lost` });
          }
        });
      },
    );
    return { ...base, outcome: 'success', at: record.time, auditId: record.id, error: null };
  } catch (error) {
    if (!(error instanceof FactorDeskError) || isNotRecordable(error)) throw error;
    return { ...base, outcome: error instanceof OutcomeUnknown ? 'unknown' : 'failure', at: deps.now().toISOString(), auditId: null, error: error.data };
  }
}

/** No org to record against, a journal that could not be written, or a bug: the call itself fails, not the step. */
function isNotRecordable(error: FactorDeskError): boolean {
  return error.data.code === 'NOT_CONNECTED' || error.data.code === 'INTERNAL';
}

/** A reset that asked for it (`signOutEverywhere`) is followed by signing the user out everywhere, once the reset succeeded. */
export async function signOutAfterReset(deps: SignOutDeps, wanted: boolean | undefined, what: 'one factor' | 'all factors', result: ResetResult): Promise<ResetResult> {
  if (!wanted) return result;
  return { ...result, signOut: await signOutEverywhere(deps, result.userId, { afterReset: { auditId: result.auditId, what } }) };
}
