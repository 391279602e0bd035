import type { BulkOperation, BulkParams } from '../../../contract';
import { FactorDeskError } from '../../../contract/errors';
import { OutcomeUnknown, Refusal, type ActionJournal, type ActionRequest, type AuditAction, type BulkJobReference } from '../audit';
import { toFactorSummary } from '../factors/factor-summary';
import type { ActiveOrg } from '../feature-context';
import { linkHref, oktaFactorSchema, OktaRequestError, requestReach, type OktaClient, type OktaFactor } from '../okta';
import {
  clearUserSessions,
  deleteFactor,
  enrollUserFactor,
  factorActionPath,
  getUser,
  listFactors,
  resetFactorsOfUser,
  sendToUser,
  startPushActivation,
  systemLogPage,
  unlockUser,
} from '../okta/resources';
import { confirmedRemovedDetail, notRemovedAfterLostAnswer, readBackFactors } from '../workflows/read-back';
import type { InventoriedFactor, JobRecord, RowPlan } from './bulk-job-record';

/** What one row's run ended with, for the job's journal. */
export interface RowResult {
  outcome: 'success' | 'failed' | 'refused' | 'unknown';
  detail?: string;
  errorCode?: string;
  oktaErrorCode?: string;
  oktaErrorId?: string;
  auditId?: string;
  factors?: InventoriedFactor[];
}

export interface RowContext {
  org: ActiveOrg;
  job: JobRecord;
  journal: ActionJournal;
}

export const auditActionOf: Record<Exclude<BulkOperation, 'inventory'>, AuditAction> = {
  reset_all_factors: 'reset_all_factors',
  reset_factor_types: 'reset_factor',
  clear_sessions: 'clear_sessions',
  send_enrollment_email: 'send_enrollment_email',
  unlock: 'unlock_user',
};

/** A 429 that outlasted the client's waits: nothing happened at Okta, and the row is tried again later. */
export function isRateLimited(error: unknown): error is FactorDeskError {
  return error instanceof FactorDeskError && error.data.code === 'RATE_LIMITED';
}

export function bulkReference(job: JobRecord, row: number): BulkJobReference {
  return { jobId: job.id, row, ...(job.ticket ? { ticket: job.ticket } : {}), ...(job.reason ? { reason: job.reason } : {}) };
}

const factorWords = (factors: ReadonlyArray<{ factorType: string }>): string => factors.map((factor) => factor.factorType).join(', ') || 'none';

function failure(error: unknown): RowResult {
  if (error instanceof FactorDeskError) {
    const data = error.data;
    const outcome = error instanceof OutcomeUnknown || data.code === 'OUTCOME_UNKNOWN' ? 'unknown' : error instanceof Refusal ? 'refused' : 'failed';
    const detail =
      data.code === 'PERMISSION_DENIED' && outcome === 'failed'
        ? `Okta refused: your role may not change this user (an admin, or outside the groups your role covers). ${data.message}`
        : data.message;
    return {
      outcome,
      detail,
      errorCode: data.code,
      ...(data.oktaErrorCode ? { oktaErrorCode: data.oktaErrorCode } : {}),
      ...(data.oktaErrorId ? { oktaErrorId: data.oktaErrorId } : {}),
    };
  }
  return { outcome: 'failed', detail: error instanceof Error ? error.message : String(error), errorCode: 'INTERNAL' };
}

/** The factors of an inventory row, as the results CSV shows them. */
export async function inventoryRow(client: OktaClient, plan: RowPlan): Promise<RowResult> {
  const factors = (await listFactors(client, plan.userId as string)).map(toFactorSummary);
  return {
    outcome: 'success',
    detail: `${factors.length} factor(s): ${factorWords(factors)}`,
    factors: factors.map(({ id, factorType, provider, status, label, deviceName, platform, platformVersion, created, lastUpdated }) => ({
      id,
      factorType,
      provider,
      status,
      label,
      deviceName,
      platform,
      platformVersion,
      created,
      lastUpdated,
    })),
  };
}

/**
 * One row of a changing job, journaled in the audit journal with the job id: the attempt is on disk
 * before the request goes out, and a lost answer is settled by reading the state back (as a single
 * reset does). A row the dry run refused is journaled as refused without a request. A rate limit
 * that outlasted the client's waits is thrown on (nothing happened; the row runs again).
 */
export async function changeRow(context: RowContext, plan: RowPlan, params: BulkParams): Promise<RowResult> {
  const { org, job } = context;
  const operation = job.operation as Exclude<BulkOperation, 'inventory'>;
  const userId = plan.userId as string;
  const targets = (plan.factors ?? []).filter((factor) => plan.targetFactorIds?.includes(factor.id));
  const single = operation === 'reset_factor_types' && targets.length === 1 ? targets[0] : undefined;
  const request: ActionRequest = {
    userId,
    action: auditActionOf[operation],
    org,
    ...(plan.login ? { userLogin: plan.login } : {}),
    recordAttempt: plan.resolution === 'ready',
    fields: {
      bulkJob: bulkReference(job, plan.row),
      ...(single ? { factorId: single.id, factorType: single.factorType } : {}),
      ...(targets.length > 0 && !single ? { detail: `${targets.length} factor(s) at the dry run: ${factorWords(targets)}` } : {}),
    },
  };
  try {
    const { record } = await context.journal.run(request, async (action) => {
      if (plan.resolution === 'not_allowed') throw new Refusal({ code: 'PERMISSION_DENIED', message: plan.detail ?? 'Your role may not change this user.', action: 'Ask a super admin to do it.' });
      const { client } = org;
      switch (operation) {
        case 'reset_all_factors':
          await action.atOkta(async () => {
            try {
              await resetFactorsOfUser(client, userId);
            } catch (error) {
              if (requestReach(error) !== 'unknown') throw error;
              const ids = targets.map((factor) => factor.id);
              const readBack = await readBackFactors(client, userId, ids, 'reset_all_factors', error);
              if (readBack.remaining.length === ids.length) throw notRemovedAfterLostAnswer(error, 'every factor');
              if (readBack.remaining.length > 0) throw partlyRemoved();
              action.note({ detail: `${targets.length} factor(s): ${factorWords(targets)}; ${confirmedRemovedDetail.replace('has it', 'has them')}` });
            }
          });
          return;
        case 'reset_factor_types': {
          const removed: string[] = [];
          await action.atOkta(async () => {
            for (const factor of targets) {
              try {
                await deleteFactor(client, userId, { id: factor.id, _links: undefined });
              } catch (error) {
                if (error instanceof FactorDeskError && error.data.code === 'NOT_FOUND' && requestReach(error) === 'answered') {
                  removed.push(`${factor.factorType} (already gone)`);
                  continue;
                }
                if (requestReach(error) !== 'unknown') throw withDone(error, removed);
                const readBack = await readBackFactors(client, userId, [factor.id], 'reset_factor', error);
                if (readBack.remaining.length > 0) throw withDone(notRemovedAfterLostAnswer(error, 'the factor'), removed);
              }
              removed.push(factor.factorType);
            }
          });
          action.note({ detail: `removed ${removed.join(', ')}` });
          return;
        }
        case 'clear_sessions':
          await action.atOkta(() => clearUserSessions(client, userId, { oauthTokens: params.oauthTokens ?? false }));
          action.note({ detail: params.oauthTokens ? 'sessions ended and OAuth tokens revoked' : 'sessions ended' });
          return;
        case 'unlock':
          await action.atOkta(async () => {
            try {
              await unlockUser(client, userId);
            } catch (error) {
              if (requestReach(error) !== 'unknown') throw error;
              const user = await getUser(client, userId).catch(() => null);
              if (!user) throw error;
              if (user.status === 'LOCKED_OUT') throw new FactorDeskError({ code: 'OKTA_ERROR', message: "Okta's answer was lost, and the user is still locked out: nothing changed.", action: 'Run the job again.' });
              action.note({ detail: `confirmed unlocked: Okta's answer was lost, and the user reads back as ${user.status}` });
            }
          });
          return;
        case 'send_enrollment_email':
          await action.atOkta(() => sendEnrollmentEmail(client, userId, plan.targetFactorIds?.[0]));
          action.note({ detail: 'Okta Verify activation link emailed to the user' });
          return;
      }
    });
    return { outcome: 'success', auditId: record.id, ...(record.detail ? { detail: record.detail } : {}) };
  } catch (error) {
    if (isRateLimited(error)) throw error;
    return failure(error);
  }
}

function partlyRemoved(): OutcomeUnknown {
  return new OutcomeUnknown({
    code: 'OUTCOME_UNKNOWN',
    message: "Okta's answer was lost, and reading the factors back shows some removed and some still there.",
    action: 'Open the user to see which factors are left before trying again.',
  });
}

/** A failure part-way through a user's factors: say which were removed before it. */
function withDone(error: unknown, removed: string[]): unknown {
  if (!(error instanceof FactorDeskError) || removed.length === 0) return error;
  const data = { ...error.data, message: `${error.data.message} (already removed: ${removed.join(', ')})` };
  if (error instanceof OutcomeUnknown) return new OutcomeUnknown(data);
  return error instanceof OktaRequestError ? new OktaRequestError(data, error.reach, error.location) : new FactorDeskError(data);
}

/**
 * Email the user an Okta Verify activation link. In Identity Engine no management call emails a
 * generic "set up MFA" link; the Factors API's push activation does: enroll Okta Verify (push), then
 * POST its `send` link named `email` (`…/lifecycle/activate/email`). A push already pending is
 * activated again for fresh links instead of enrolled twice.
 */
async function sendEnrollmentEmail(client: OktaClient, userId: string, pendingPushId: string | undefined): Promise<void> {
  let links: OktaFactor['_links'];
  let activationLinks: OktaFactor['_links'];
  if (pendingPushId) {
    const answer = await startPushActivation(client, factorActionPath(userId, pendingPushId, 'activate'));
    links = answer._links;
  } else {
    const factor = oktaFactorSchema.parse(await enrollUserFactor(client, userId, { factorType: 'push', provider: 'OKTA' }));
    links = factor._links;
    activationLinks = factor._embedded?.activation?._links;
  }
  const href = linkHref(links, 'send', 'email') ?? linkHref(activationLinks, 'send', 'email');
  if (!href) throw new FactorDeskError({ code: 'BAD_RESPONSE', message: 'Okta did not offer to email the activation link.', action: 'Enroll the user from the user page instead.' });
  await sendToUser(client, href);
}

/** What reading the state back says about a row whose request went out before FactorDesk stopped. */
export type ReadBack = { state: 'done'; detail: string } | { state: 'not_done'; remainingFactorIds?: string[] } | { state: 'unknown'; detail: string };

/**
 * Settle a row interrupted between its attempt and its outcome, without sending the change again:
 * its factors, its status or the System Log say whether the request took effect.
 */
export async function readBackRow(client: OktaClient, operation: BulkOperation, plan: RowPlan, attemptTime: string): Promise<ReadBack> {
  const userId = plan.userId as string;
  try {
    switch (operation) {
      case 'inventory':
        return { state: 'not_done' };
      case 'reset_all_factors':
      case 'reset_factor_types': {
        const listed = new Set((await listFactors(client, userId)).map((factor) => factor.id));
        const targets = plan.targetFactorIds ?? [];
        const remaining = targets.filter((id) => listed.has(id));
        if (remaining.length === 0) return { state: 'done', detail: 'confirmed after a restart: the factors read back as removed' };
        if (remaining.length === targets.length) return { state: 'not_done' };
        if (operation === 'reset_factor_types') return { state: 'not_done', remainingFactorIds: remaining };
        return { state: 'unknown', detail: 'After a restart the factors read back partly removed.' };
      }
      case 'unlock': {
        const user = await getUser(client, userId);
        return user.status === 'LOCKED_OUT' ? { state: 'not_done' } : { state: 'done', detail: `confirmed after a restart: the user reads back as ${user.status}` };
      }
      case 'clear_sessions': {
        const since = new Date(Date.parse(attemptTime) - 5_000).toISOString();
        const page = await systemLogPage(client, { query: { filter: `eventType eq "user.session.clear" and target.id eq "${userId}"`, since, limit: '5' } });
        return page.events.length > 0 ? { state: 'done', detail: 'confirmed after a restart: the System Log has the sessions cleared' } : { state: 'not_done' };
      }
      case 'send_enrollment_email': {
        const after = Date.parse(attemptTime) - 5_000;
        const push = (await listFactors(client, userId)).find((factor) => factor.factorType === 'push');
        if (!push && !plan.targetFactorIds?.length) return { state: 'not_done' };
        if (push && !plan.targetFactorIds?.length && Date.parse(push.created ?? '') < after) return { state: 'not_done' };
        return { state: 'unknown', detail: 'Okta Verify is enrolled, but whether the activation email went out before the restart is not known; send it from the user page if the user has none.' };
      }
    }
  } catch (error) {
    return { state: 'unknown', detail: `Reading the state back after a restart failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
