/** The System Log event types the risk card reads (checked against Okta's event type catalogue). */
export const riskEventTypes = [
  'user.session.start',
  'user.authentication.auth_via_mfa',
  'user.mfa.okta_verify.deny_push',
  'system.push.send_factor_verify_push',
  'user.account.report_suspicious_activity_by_enduser',
  'user.account.reset_password',
  'user.account.update_password',
  'user.mfa.factor.deactivate',
  'user.mfa.factor.reset_all',
  'user.mfa.factor.activate',
  'user.risk.detect',
  'user.risk.change',
] as const;

/** One query's worth: the newest this many events are read (Okta's largest page). */
export const RISK_QUERY_LIMIT = 1000;

const quoted = (value: string): string => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** SCIM filter: the user as target or actor, and only the event types above. */
export function riskLogFilter(userId: string, eventTypes: readonly string[] = riskEventTypes): string {
  const types = eventTypes.map((type) => `eventType eq ${quoted(type)}`).join(' or ');
  return `(target.id eq ${quoted(userId)} or actor.id eq ${quoted(userId)}) and (${types})`;
}

/** A bounded query (since and until), newest first, one page. */
export function riskLogQuery(userId: string, since: Date, until: Date, eventTypes?: readonly string[]): Record<string, string> {
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    filter: riskLogFilter(userId, eventTypes),
    sortOrder: 'DESCENDING',
    limit: String(RISK_QUERY_LIMIT),
  };
}
