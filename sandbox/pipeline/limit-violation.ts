import type { Org } from '../org';

/** A call refused by an org-wide limit is logged as a DENY event of the org, as Okta logs it. */
export function logLimitViolation(org: Org, eventType: string, displayMessage: string, debugData?: Record<string, string>): void {
  org.log.append({ eventType, displayMessage, actor: org.adminActor(false), targets: [], result: 'DENY', request: null, debugData });
}
