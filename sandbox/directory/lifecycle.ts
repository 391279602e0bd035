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
 * `DELETE /api/v1/users/{userId}/sessions`: every Okta session of the user ends; with `oauthTokens`
 * the OAuth tokens apps hold for them are revoked too (the seeded apps' and the org authorization
 * server's own grants); with `forgetDevices` their remembered devices are forgotten. 204, and
 * `user.session.clear` in the System Log. ("This operation doesn't clear the sessions created for
 * web or native apps": the sandbox has none of those.)
 */
export async function clearSessions(org: Org, ctx: ActionContext, user: UserRecord, options: { oauthTokens: boolean; forgetDevices: boolean }): Promise<void> {
  const cleared = org.sessions.clear(user, options);
  const grants = options.oauthTokens ? await org.revokeUserGrants(user.id) : 0;
  org.log.append({
    eventType: 'user.session.clear',
    displayMessage: 'Clear user session',
    actor: ctx.actor,
    targets: [org.userTarget(user)],
    result: 'SUCCESS',
    request: ctx.request,
    debugData: {
      revokeOauthTokens: String(options.oauthTokens),
      forgetDevices: String(options.forgetDevices),
      sessionsCleared: String(cleared.sessions),
      oauthTokensRevoked: String(cleared.appTokens + grants),
    },
  });
}
