import type { TimelineKind } from '../../../contract/history';

/**
 * System Log event types about the user's account rather than one factor, each checked against
 * Okta's event type catalogue (event-types.json): the sign-ins, reports, locks and password
 * changes the risk card and the lock reason point at, told on the same timeline.
 */
export const accountEventTypes: Readonly<Record<string, TimelineKind>> = {
  'user.session.start': 'signed_in',
  'user.account.report_suspicious_activity_by_enduser': 'suspicious_activity',
  'user.account.lock': 'locked',
  'user.account.lock.limit': 'locked',
  'user.account.unlock': 'unlocked',
  'user.account.unlock_by_admin': 'unlocked',
  'user.account.unlock_token': 'unlocked',
  'user.account.reset_password': 'password_reset',
  'user.account.update_password': 'password_reset',
};

export const accountEventTypeNames: readonly string[] = Object.keys(accountEventTypes);
