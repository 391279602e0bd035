import type { Org } from '../org';
import type { RequestContext } from '../logs/event-log';
import type { Principal } from '../principals/principal';
import { principalActor } from '../request-context';

/** A call refused by an org-wide limit is logged as a DENY event of the org, as Okta logs it. */
export function logLimitViolation(org: Org, eventType: string, displayMessage: string, debugData?: Record<string, string>): void {
  org.log.append({ eventType, displayMessage, actor: org.orgActor(), targets: [], result: 'DENY', request: null, debugData });
}

/**
 * A call refused because its principal used up its share: Okta records "an API token rate limit
 * violation" in the System Log only (no admin e-mail). The event type is the catalogue's operation
 * rate-limit violation, whose debug data names the scope and threshold; the actor is the caller.
 */
export function logPrincipalLimitViolation(org: Org, principal: Principal, request: RequestContext, debugData: Record<string, string>): void {
  org.log.append({
    eventType: 'system.operation.rate_limit.violation',
    displayMessage: 'Operation rate limit violation',
    actor: principalActor(org, principal) ?? org.orgActor(),
    targets: [],
    result: 'DENY',
    request,
    debugData: { operationRateLimitScopeType: principal.rateLimitType === 'SSWS_TOKEN' ? 'API_TOKEN' : 'OAUTH_CLIENT', ...debugData },
  });
}
