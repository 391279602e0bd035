import type { JsonValue, TimelineActor, TimelineEntry, TimelineKind, TimelineOutcome } from '../../../contract/history';
import type { OktaLogEvent, OktaLogTarget } from '../okta';
import { factorLabel } from '../factors/factor-labels';
import { debugFactorTypes, factorEventTypes, type FactorEventType } from './factor-event-types';
import { whereDescription, type FactorDirectory, type KnownFactor } from './factor-directory';

/** The factor an event is about: Okta names it as a target (AuthenticatorEnrollment / Factor), or in debugData. */
function factorTarget(event: OktaLogEvent): OktaLogTarget | undefined {
  return event.target?.find((target) => /AuthenticatorEnrollment|Factor/i.test(target.type));
}

function debugValue(event: OktaLogEvent, key: string): string | null {
  const value = event.debugContext?.debugData?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function factorTypeOf(event: OktaLogEvent, known: KnownFactor | undefined): string | null {
  if (known) return known.factorType;
  const fromDebug = debugValue(event, 'factor');
  if (fromDebug) return debugFactorTypes[fromDebug.toUpperCase()] ?? fromDebug.toLowerCase();
  const credential = (event.authenticationContext as { credentialType?: unknown } | null | undefined)?.credentialType;
  return typeof credential === 'string' && credential !== '' ? (debugFactorTypes[credential.toUpperCase()] ?? credential.toLowerCase()) : null;
}

/**
 * The provider as the event names it: in the enrollment's name ("Google Authenticator", "RSA SecurID"),
 * Okta's factor enum (OKTA_SOFT_TOKEN, YUBIKEY_TOKEN) or an Identity Engine reset's reason ("User reset
 * SYMANTEC_VIP factor"). Empty when none does.
 */
const providerHints: ReadonlyArray<readonly [RegExp, string]> = [
  [/google/i, 'GOOGLE'],
  [/\bRSA|secur(?:e)?id/i, 'RSA'],
  [/symantec|\bVIP(?:_|\b)/i, 'SYMANTEC'],
  [/yubi/i, 'YUBICO'],
  [/\bDUO(?:_|\b)/i, 'DUO'],
  [/okta/i, 'OKTA'],
];

function providerOf(event: OktaLogEvent, factorType: string, displayName: string): string {
  const hint = `${displayName} ${debugValue(event, 'factor') ?? ''} ${event.outcome?.reason ?? ''}`;
  const named = providerHints.find(([pattern]) => pattern.test(hint));
  if (named) return named[1];
  return factorType === 'push' || factorType === 'signed_nonce' ? 'OKTA' : '';
}

function labelOf(event: OktaLogEvent, factorType: string | null, target: OktaLogTarget | undefined, known: KnownFactor | undefined): string | null {
  if (known) return known.label;
  const displayName = target?.displayName ?? '';
  if (factorType) return factorLabel(factorType, providerOf(event, factorType, displayName));
  return displayName || null;
}

export function outcomeOf(event: OktaLogEvent): TimelineOutcome {
  switch (event.outcome?.result?.toUpperCase()) {
    case 'SUCCESS':
    case 'ALLOW':
      return 'success';
    case 'FAILURE':
      return 'failure';
    case 'DENY':
      return 'denied';
    case 'CHALLENGE':
      return 'pending';
    default:
      return 'info';
  }
}

export function actorOf(event: OktaLogEvent, userId: string): TimelineActor {
  const actor = event.actor;
  const name = actor.displayName || actor.alternateId || actor.id;
  if (actor.id === userId) return { kind: 'user', name: `${name} (the user)`, id: actor.id };
  if (/^User$/i.test(actor.type)) return { kind: 'admin', name: `${name} (admin)`, id: actor.alternateId ?? actor.id };
  return { kind: 'system', name: name === 'unknown' || !name ? 'Okta' : name, id: actor.id };
}

/** "by Jane Admin (admin)" / "by the user" for lifecycle events. */
function byWhom(actor: TimelineActor): string {
  return actor.kind === 'user' ? 'by the user' : `by ${actor.name}`;
}

const reasons: Record<string, string> = {
  INVALID_CREDENTIALS: 'wrong code or answer',
  WRONG_NUMBER_CHALLENGE_ANSWER: 'wrong number tapped',
  USER_REJECTED: 'rejected on the phone',
};

function reasonText(event: OktaLogEvent): string {
  const reason = event.outcome?.reason;
  if (!reason) return '';
  return ` (${reasons[reason] ?? reason.toLowerCase().replaceAll('_', ' ')})`;
}

const channelWords = { push: 'Push', sms: 'SMS', call: 'Call', email: 'Email' } as const;

function sentSummary(spec: FactorEventType, event: OktaLogEvent, factorType: string | null, known: KnownFactor | undefined): string {
  const channel = spec.channel ?? 'push';
  if (channel === 'push') return `Push sent to ${known?.device?.name ? `'${known.device.name}'` : 'the phone'}`;
  const to = known?.detail ? ` to ${known.detail}` : '';
  // Okta logs the Okta Verify activation email with the generic email event; the factor tells them apart.
  if (spec.purpose === 'activation_link' || factorType === 'push') {
    return `Okta Verify activation link sent by ${channel === 'email' ? 'email' : 'SMS'}`;
  }
  if (spec.purpose === 'enrollment') return channel === 'call' ? `Enrollment call placed${to}` : `Enrollment code sent by ${channelWords[channel]}${to}`;
  if (channel === 'call') return `Verification call placed${to}`;
  return `${channelWords[channel]} code sent${to}`;
}

interface Described {
  kind: TimelineKind;
  summary: string;
}

function describe(
  spec: FactorEventType,
  event: OktaLogEvent,
  context: { label: string | null; factorType: string | null; known: KnownFactor | undefined; actor: TimelineActor; outcome: TimelineOutcome },
): Described {
  const label = context.label ?? 'A factor';
  const failed = context.outcome === 'failure' || context.outcome === 'denied';
  switch (event.eventType) {
    case 'user.mfa.factor.activate':
      return failed
        ? { kind: 'failed', summary: `${label} activation failed${reasonText(event)}` }
        : { kind: 'activated', summary: `${label} enrolled${whereDescription(context.known)}` };
    case 'user.mfa.factor.update':
      // Okta writes "Enroll factor ... (pending activation)" here when an enrollment starts.
      return /enrol/i.test(event.displayMessage ?? '')
        ? { kind: 'enrolled', summary: `${label} enrollment started, waiting for activation` }
        : { kind: 'updated', summary: `${label} updated ${byWhom(context.actor)}` };
    case 'user.mfa.factor.deactivate':
      return { kind: 'reset', summary: `${label}${whereDescription(context.known)} reset ${byWhom(context.actor)}` };
    case 'user.mfa.factor.reset_all':
      return { kind: 'reset_all', summary: `All factors reset ${byWhom(context.actor)}` };
    case 'user.mfa.factor.suspend':
      return { kind: 'suspended', summary: `${label} suspended ${byWhom(context.actor)}` };
    case 'user.mfa.factor.unsuspend':
      return { kind: 'unsuspended', summary: `${label} unsuspended ${byWhom(context.actor)}` };
    case 'user.mfa.okta_verify.deny_push':
      return { kind: 'denied', summary: `Push denied on the phone${reasonText(event).replace(' (rejected on the phone)', '')}` };
    case 'user.mfa.okta_verify':
      return failed ? { kind: 'failed', summary: `Okta Verify check failed${reasonText(event)}` } : { kind: 'verified', summary: 'Push approved on the phone' };
    case 'user.authentication.auth_via_mfa':
    case 'system.email.challenge_factor_redeemed':
      return failed
        ? { kind: 'failed', summary: `Verification with ${label} failed${reasonText(event)}` }
        : { kind: 'verified', summary: `Verified with ${label}` };
    default:
      if (spec.kind === 'sent') {
        return failed
          ? { kind: 'failed', summary: `${sentSummary(spec, event, context.factorType, context.known).replace(/ sent| placed/, ' not sent')}${reasonText(event)}` }
          : { kind: 'sent', summary: sentSummary(spec, event, context.factorType, context.known) };
      }
      return { kind: spec.kind, summary: event.displayMessage || event.eventType };
  }
}

/** The user is the event's target (or, with no user targeted, its actor): not the user acting on someone else. */
export function isAboutUser(event: OktaLogEvent, userId: string): boolean {
  const users = (event.target ?? []).filter((target) => /^User$/i.test(target.type));
  return users.some((target) => target.id === userId) || (users.length === 0 && event.actor.id === userId);
}

/**
 * One System Log event as a timeline entry, or null when it is not about this user's factors
 * (an event type we do not show, or the user acting on someone else).
 */
export function mapLogEvent(event: OktaLogEvent, userId: string, directory: FactorDirectory): TimelineEntry | null {
  const spec = factorEventTypes[event.eventType];
  if (!spec || Number.isNaN(Date.parse(event.published))) return null;
  if (!isAboutUser(event, userId)) return null;

  const target = factorTarget(event);
  const factorId = target?.id ?? debugValue(event, 'factorId');
  const known = directory.get(factorId);
  const factorType = factorTypeOf(event, known);
  const label = event.eventType === 'user.mfa.factor.reset_all' ? null : labelOf(event, factorType, target, known);
  const actor = actorOf(event, userId);
  const outcome = outcomeOf(event);
  const { kind, summary } = describe(spec, event, { label, factorType, known, actor, outcome });
  return {
    id: `sl:${event.uuid}`,
    at: new Date(event.published).toISOString(),
    source: 'system_log',
    factorId: event.eventType === 'user.mfa.factor.reset_all' ? null : factorId,
    factorType: event.eventType === 'user.mfa.factor.reset_all' ? null : factorType,
    factorLabel: label,
    kind,
    summary,
    actor,
    outcome,
    statusAfter: null,
    raw: event as unknown as JsonValue,
  };
}

/** Okta logs a push answer twice (okta_verify / deny_push, then auth_via_mfa) in one transaction: keep the specific one. */
export function dropEchoedVerifications(events: OktaLogEvent[]): OktaLogEvent[] {
  const pushAnswers = new Set(
    events
      .filter((event) => event.eventType === 'user.mfa.okta_verify' || event.eventType === 'user.mfa.okta_verify.deny_push')
      .map((event) => `${event.transaction?.id ?? ''}|${factorTarget(event)?.id ?? ''}`),
  );
  return events.filter(
    (event) =>
      event.eventType !== 'user.authentication.auth_via_mfa' ||
      !event.transaction?.id ||
      event.transaction.id === 'unknown' ||
      !pushAnswers.has(`${event.transaction.id}|${factorTarget(event)?.id ?? ''}`),
  );
}
