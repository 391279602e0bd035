import type { UserRecord } from '../directory/model';
import type { ActionContext, EventPlace, OutcomeResult } from '../logs/event-log';
import type { Org } from '../org';
import type { FactorRecord, FactorType } from './model';

/** The System Log's credentialType vocabulary (ASSERTION, EMAIL, OTP, PASSWORD, SMS, ...). */
const CREDENTIAL_TYPE: Partial<Record<FactorType, string>> = {
  sms: 'SMS',
  email: 'EMAIL',
  call: 'OTP',
  'token:software:totp': 'OTP',
  push: 'OTP',
  signed_nonce: 'ASSERTION',
};

/** Logs one event about a user (and optionally one of their factors). */
export function logFactorEvent(
  org: Org,
  ctx: ActionContext,
  user: UserRecord,
  factor: FactorRecord | null,
  eventType: string,
  displayMessage: string,
  result: OutcomeResult,
  extras: { reason?: string; debugData?: Record<string, string>; place?: EventPlace | undefined } = {},
): void {
  org.log.append({
    eventType,
    displayMessage,
    actor: ctx.actor,
    targets: factor ? [org.userTarget(user), org.factorTarget(factor)] : [org.userTarget(user)],
    result,
    reason: extras.reason,
    request: ctx.request,
    debugData: { ...(factor ? { factor: factor.factorType, factorIntent: 'ENROLLMENT' } : {}), ...extras.debugData },
    credentialType: factor ? CREDENTIAL_TYPE[factor.factorType] : undefined,
    ...(extras.place ? { place: extras.place } : {}),
  });
}
