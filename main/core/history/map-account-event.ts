import type { JsonValue, TimelineActor, TimelineEntry, TimelineKind } from '../../../contract/history';
import type { OktaLogEvent } from '../okta';
import { debugValue, networkOf, outcomeOf, placeOf } from '../risk/log-reading';
import { whereWords } from '../risk/risk-words';
import { accountEventTypes } from './account-event-types';
import { actorOf, isAboutUser, outcomeOf as timelineOutcome } from './map-log-event';

const reasonWords: Record<string, string> = {
  INVALID_CREDENTIALS: 'wrong password',
  USER_NOT_ACTIVE: 'account not active',
  LOCKED_OUT: 'account locked',
  VERIFICATION_ERROR: 'verification failed',
};

const reportedWhat: Record<string, string> = {
  'system.push.send_factor_verify_push': 'a push they did not start',
  'user.session.start': 'a sign-in',
};

/** " from 198.51.100.23 · São Paulo, Brazil · Example Telecom Brasil (AS64500)", or nothing. */
function fromWhere(event: OktaLogEvent): string {
  const where = whereWords(placeOf(event), networkOf(event));
  return where ? ` from ${where}` : '';
}

function summaryOf(event: OktaLogEvent, kind: TimelineKind, actor: TimelineActor): string {
  const failed = outcomeOf(event) === 'FAILURE' || outcomeOf(event) === 'DENY';
  const reason = event.outcome?.reason;
  const by = actor.kind === 'user' ? 'by the user' : `by ${actor.name}`;
  switch (kind) {
    case 'signed_in':
      return failed ? `Sign-in failed${reason ? ` (${reasonWords[reason] ?? reason.toLowerCase().replaceAll('_', ' ')})` : ''}${fromWhere(event)}` : `Signed in${fromWhere(event)}`;
    case 'suspicious_activity': {
      const type = debugValue(event, 'suspicious_activity_event_type');
      const ip = debugValue(event, 'suspicious_activity_event_ip');
      const place = [debugValue(event, 'suspicious_activity_event_city'), debugValue(event, 'suspicious_activity_event_country')].filter(Boolean).join(', ');
      const about = type ? ` (${reportedWhat[type] ?? type}${ip || place ? ` from ${[ip, place].filter(Boolean).join(', ')}` : ''})` : '';
      return `The user reported suspicious activity${about}`;
    }
    case 'locked':
      return event.eventType === 'user.account.lock.limit'
        ? 'Account locked: lockout limit reached, Okta will not unlock it by itself'
        : `Account locked${event.displayMessage ? `: ${event.displayMessage}` : ''}`;
    case 'unlocked':
      if (event.eventType === 'user.account.unlock_by_admin') return `Account unlocked by ${actor.kind === 'user' ? 'the user' : actor.name}`;
      return event.eventType === 'user.account.unlock_token' ? 'Account unlocked by the user (self-service)' : 'Account unlocked automatically';
    case 'password_reset':
      return event.eventType === 'user.account.reset_password' ? `Password reset ${by}` : `Password changed ${by}`;
    default:
      return event.displayMessage || event.eventType;
  }
}

/** A System Log event about the user's account (not one factor) as a timeline entry; null for other event types and other users. */
export function mapAccountEvent(event: OktaLogEvent, userId: string): TimelineEntry | null {
  const kind = accountEventTypes[event.eventType];
  if (!kind || Number.isNaN(Date.parse(event.published)) || !isAboutUser(event, userId)) return null;
  const actor = actorOf(event, userId);
  return {
    id: `sl:${event.uuid}`,
    at: new Date(event.published).toISOString(),
    source: 'system_log',
    factorId: null,
    factorType: null,
    factorLabel: null,
    kind,
    summary: summaryOf(event, kind, actor),
    actor,
    outcome: timelineOutcome(event),
    statusAfter: null,
    raw: event as unknown as JsonValue,
  };
}
