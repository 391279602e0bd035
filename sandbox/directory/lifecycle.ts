import { OktaError } from '../errors';
import type { ActionContext } from '../logs/event-log';
import type { Org } from '../org';
import type { UserRecord } from './model';

/**
 * `POST /api/v1/users/{id}/lifecycle/unlock`: a LOCKED_OUT user becomes ACTIVE and may sign in with
 * the current password again. Okta refuses users that are not locked out with 403 E0000032.
 */
export function unlockUser(org: Org, ctx: ActionContext, user: UserRecord): void {
  if (user.status !== 'LOCKED_OUT') throw new OktaError('E0000032');
  org.directory.setStatus(user, 'ACTIVE');
  user.statusChanged = user.lastUpdated = org.clock.now();
  org.log.append({
    eventType: 'user.account.unlock_by_admin',
    displayMessage: 'User account unlock by admin',
    actor: ctx.actor,
    targets: [org.userTarget(user)],
    result: 'SUCCESS',
    request: ctx.request,
  });
}

/**
 * `DELETE /api/v1/users/{userId}/sessions`: 204 and `user.session.clear` in the System Log. The
 * sandbox keeps no sign-in sessions beyond one-time session tokens, so nothing else changes.
 */
export function clearSessions(org: Org, ctx: ActionContext, user: UserRecord): void {
  org.log.append({
    eventType: 'user.session.clear',
    displayMessage: 'Clear user session',
    actor: ctx.actor,
    targets: [org.userTarget(user)],
    result: 'SUCCESS',
    request: ctx.request,
  });
}
