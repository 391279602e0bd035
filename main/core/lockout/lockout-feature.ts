import { FactorDeskError, type LockoutInfo, type UnlockResult } from '../../../contract';
import type { lockoutMethods } from '../../../contract/lockout';
import { outcomeUnknown, Refusal, type ActionJournal } from '../audit';
import type { Connections, Feature } from '../feature-context';
import { requestReach } from '../okta';
import { getUser, systemLogPage, unlockUserAt } from '../okta/resources';
import { riskLogQuery } from '../risk/risk-query';
import { lockEventTypes, lockReason, noReason } from './lock-reason';

export type LockoutMethodName = keyof typeof lockoutMethods;

export interface LockoutFeatureDeps {
  connections: Connections;
  journal: ActionJournal;
  now(): Date;
}

/** Okta keeps about 90 days of System Log. */
const LOG_RETENTION_MS = 90 * 86_400_000;

function notLocked(login: string, status: string): Refusal {
  return new Refusal({
    code: 'VALIDATION',
    message: `${login} is not locked out (Okta says ${status}), so there is nothing to unlock.`,
    action: status === 'ACTIVE' ? 'Refresh the user: someone may have unlocked them already, or the lock ended by itself.' : `A ${status} user is not unlocked: their status needs another action in Okta.`,
    causes: [`status: ${status}`],
  });
}

/** Okta's "Unlock is not allowed for this user" (403 E0000032), in words for this user. */
function unlockRefused(error: FactorDeskError, login: string): FactorDeskError {
  return new FactorDeskError({
    ...error.data,
    code: 'VALIDATION',
    message: `Okta does not allow unlocking ${login}: they are not locked out any more, or their account is managed elsewhere (for example Active Directory).`,
    action: 'Refresh the user. If they are still locked out, their directory (or an Okta admin) must unlock them.',
  });
}

/** A 429 on unlock is the org's API limit (the per-factor wording Okta's code may get elsewhere does not apply). */
function unlockRateLimited(error: FactorDeskError): FactorDeskError {
  const until = error.data.retryAt ? new Date(error.data.retryAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : null;
  return new FactorDeskError({
    ...error.data,
    message: 'Okta is rate-limiting this org right now, so the unlock was not sent through.',
    action: until ? `Try the unlock again after ${until}.` : 'Wait a minute, then try the unlock again.',
  });
}

/** The answer to the unlock was lost, and the user still reads back as locked out: nothing changed. */
function stillLocked(lost: unknown, login: string): FactorDeskError {
  const cause = lost instanceof FactorDeskError ? [lost.data.message] : [];
  return new FactorDeskError({
    code: lost instanceof FactorDeskError ? lost.data.code : 'OKTA_ERROR',
    message: `Okta's answer was lost, and ${login} still reads back as locked out: the unlock did not take effect.`,
    action: 'Try the unlock again.',
    ...(cause.length > 0 ? { causes: cause } : {}),
  });
}

/** Why a user is locked out, and unlocking them (journaled as `unlock_user`). */
export function createLockoutFeature(deps: LockoutFeatureDeps): Feature<LockoutMethodName> {
  const { connections, journal, now } = deps;

  async function getLockout({ userId }: { userId: string }): Promise<LockoutInfo> {
    const { client } = connections.active();
    const user = await getUser(client, userId);
    const base = { userId, status: user.status, locked: user.status === 'LOCKED_OUT' };
    if (!base.locked) return { ...base, ...noReason, systemLog: { readable: true } };
    const until = now();
    try {
      const page = await systemLogPage(client, { query: { ...riskLogQuery(userId, new Date(until.getTime() - LOG_RETENTION_MS), until, lockEventTypes), limit: '200' } });
      const reason = lockReason(page.events, userId, until);
      return { ...base, ...reason, systemLog: reason.lockedAt ? { readable: true } : { readable: true, message: 'The System Log of the last 90 days does not say when or why Okta locked this account (it may be older).' } };
    } catch (error) {
      const message =
        error instanceof FactorDeskError && error.data.code === 'PERMISSION_DENIED'
          ? "This connection can't read the System Log, so why the account was locked is not known."
          : `Couldn't read the System Log (${error instanceof Error ? error.message.replace(/\.$/, '') : 'unexpected failure'}), so why the account was locked is not known.`;
      return { ...base, ...noReason, systemLog: { readable: false, message } };
    }
  }

  async function unlockUser({ userId }: { userId: string }): Promise<UnlockResult> {
    const { value, record } = await journal.run({ userId, action: 'unlock_user', freshLogin: true }, async (action) => {
      const { client, userLogin } = action.scope;
      const login = userLogin ?? userId;
      const user = await getUser(client, userId);
      // Okta offers the unlock link whenever unlocking is allowed (an ACTIVE user blocked from unknown devices too).
      if (user.status !== 'LOCKED_OUT' && !user._links?.unlock) throw notLocked(login, user.status);
      action.note({ detail: `status before: ${user.status}` });
      await action.atOkta(async () => {
        try {
          await unlockUserAt(client, user);
        } catch (error) {
          if (error instanceof FactorDeskError && error.data.oktaErrorCode === 'E0000032') throw unlockRefused(error, login);
          if (error instanceof FactorDeskError && error.data.code === 'RATE_LIMITED') throw unlockRateLimited(error);
          if (requestReach(error) !== 'unknown') throw error;
          // The answer was lost: what Okta has now says whether it happened.
          const after = await getUser(client, userId).catch(() => null);
          if (!after) throw outcomeUnknown('unlock_user', error);
          if (after.status === 'LOCKED_OUT') throw stillLocked(error, login);
          action.note({ detail: `confirmed unlocked: Okta's answer was lost, and the user reads back as ${after.status}` });
        }
      });
      return getUser(client, userId)
        .then((after) => after.status)
        .catch(() => 'ACTIVE' as const);
    });
    return { userId, status: value, unlockedAt: record.time, auditId: record.id };
  }

  return { handlers: { getLockout, unlockUser } };
}
