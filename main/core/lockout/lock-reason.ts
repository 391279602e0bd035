import type { LockoutInfo } from '../../../contract/lockout';
import type { OktaLogEvent } from '../okta';
import { debugValue, factorTypeOf, networkOf, outcomeOf, placeOf } from '../risk/log-reading';
import { plural, spanWords, whenWords, whereWords } from '../risk/risk-words';

/** What the lock reason reads from the System Log (event types from Okta's catalogue). */
export const lockEventTypes = [
  'user.account.lock',
  'user.account.lock.limit',
  'user.account.unlock',
  'user.account.unlock_by_admin',
  'user.account.unlock_token',
  'user.session.start',
  'user.authentication.auth_via_mfa',
] as const;

const LOCKS = new Set(['user.account.lock', 'user.account.lock.limit']);
const UNLOCKS = new Set(['user.account.unlock', 'user.account.unlock_by_admin', 'user.account.unlock_token']);
/** Failed attempts this long before the lock are the ones that led to it. */
const LEAD_UP_MS = 60 * 60_000;

/**
 * A failed MFA verification that was an Okta Verify push the user turned down: Okta logs it as
 * `user.authentication.auth_via_mfa` with reason INVALID_CREDENTIALS and the push factor
 * (`push_only_response_type` OV_RESPONSE_DENY, or a wrong number tapped for number matching). Okta
 * logs nothing for a push left unanswered, so those cannot be counted.
 */
function isDeniedPush(event: OktaLogEvent): boolean {
  return factorTypeOf(event) === 'push' || /DENY/i.test(debugValue(event, 'push_only_response_type') ?? '') || /INVALID/i.test(debugValue(event, 'push_with_number_challenge_response_type') ?? '');
}

interface Timed {
  event: OktaLogEvent;
  at: number;
}

type Reason = Pick<LockoutInfo, 'lockedAt' | 'reason' | 'cause' | 'failedAttempts' | 'historyEntryId'>;

export const noReason: Reason = { lockedAt: null, reason: null, cause: null, failedAttempts: 0, historyEntryId: null };

/**
 * Why the user is locked out: Okta's latest lock event, and the failed sign-ins (wrong passwords)
 * or MFA attempts (wrong codes, denied Okta Verify pushes) of the hour before it, since the last
 * unlock or successful sign-in.
 */
export function lockReason(events: OktaLogEvent[], userId: string, now: Date): Reason {
  const timed: Timed[] = events
    .map((event) => ({ event, at: Date.parse(event.published) }))
    .filter((item) => !Number.isNaN(item.at))
    .sort((a, b) => a.at - b.at);
  const lock = timed.filter(({ event }) => LOCKS.has(event.eventType)).at(-1);
  if (!lock) return noReason;

  // The lead-up ends at the lock and starts after the last unlock or success before it.
  let start = lock.at - LEAD_UP_MS;
  for (const { event, at } of timed) {
    if (at >= lock.at) break;
    const fresh = UNLOCKS.has(event.eventType) || ((event.eventType === 'user.session.start' || event.eventType === 'user.authentication.auth_via_mfa') && outcomeOf(event) === 'SUCCESS' && event.actor.id === userId);
    if (fresh && at > start) start = at;
  }
  const failures = timed.filter(({ event, at }) => at > start && at <= lock.at && outcomeOf(event) === 'FAILURE' && event.actor.id === userId && (event.eventType === 'user.session.start' || event.eventType === 'user.authentication.auth_via_mfa'));
  const isPassword = (event: OktaLogEvent): boolean => event.eventType === 'user.session.start' || factorTypeOf(event) === 'password';
  const passwords = failures.filter(({ event }) => isPassword(event));
  const pushes = failures.filter(({ event }) => !isPassword(event) && isDeniedPush(event));
  const codes = failures.filter(({ event }) => !isPassword(event) && !isDeniedPush(event));
  // The kind with the most failures is what locked the account (passwords win a tie: Okta's own lock).
  const cause: LockoutInfo['cause'] =
    failures.length === 0 ? 'unknown' : passwords.length >= Math.max(codes.length, pushes.length) ? 'password' : pushes.length > codes.length ? 'push' : 'mfa';
  const counted = cause === 'mfa' ? codes : cause === 'push' ? pushes : passwords;
  const lockedWords = `Locked at ${whenWords(lock.at, now)}`;
  const permanent = lock.event.eventType === 'user.account.lock.limit' ? '; Okta will not unlock it by itself (lockout limit reached)' : '';
  let reason: string;
  if (counted.length === 0) {
    reason = `${lockedWords}: ${lock.event.displayMessage || 'Okta locked the account'}${permanent}`;
  } else {
    const first = (counted[0] as Timed).at;
    const last = (counted.at(-1) as Timed).at;
    const what = cause === 'mfa' ? plural(counted.length, 'wrong MFA code') : cause === 'push' ? plural(counted.length, 'denied Okta Verify push', 'denied Okta Verify pushes') : plural(counted.length, 'wrong password');
    const wheres = new Set(counted.map(({ event }) => whereWords(placeOf(event), networkOf(event))).filter(Boolean));
    const where = wheres.size === 1 ? ` from ${[...wheres][0]}` : wheres.size > 1 ? ` from ${wheres.size} different places` : '';
    reason = `${lockedWords} after ${what} (${spanWords(first, last, now)})${where}${permanent}`;
  }
  return { lockedAt: new Date(lock.at).toISOString(), reason, cause, failedAttempts: counted.length, historyEntryId: `sl:${lock.event.uuid}` };
}
