import type { JsonValue, TimelineEntry } from '../../../contract/history';
import type { OktaLogEvent } from '../okta';
import { debugFactorTypes } from './factor-event-types';
import type { FactorDirectory } from './factor-directory';
import { mapAccountEvent } from './map-account-event';
import { mapLogEvent } from './map-log-event';

/**
 * Identity Engine does not log a reset of all factors as `user.mfa.factor.reset_all`: it writes one
 * `user.mfa.factor.deactivate` per factor ("User reset OKTA_VERIFY_PUSH factor", … in
 * outcome.reason; Okta Workflows, "User MFA Factor Deactivated"), all in the one request. Removing
 * Okta Verify push or FastPass also writes several (the device's push, code and FastPass), so
 * several deactivations of one request are a reset of all factors when the request was
 * `lifecycle/reset_factors`, or when they are not all Okta Verify's.
 */

const DEACTIVATE = 'user.mfa.factor.deactivate';
const OKTA_VERIFY_TYPES = new Set(['push', 'signed_nonce']);

function transactionOf(event: OktaLogEvent): string | null {
  const id = event.transaction?.id;
  return id && id !== 'unknown' ? id : null;
}

function requestPath(event: OktaLogEvent): string {
  const data = event.debugContext?.debugData ?? {};
  const uri = data.requestUri ?? data.url;
  return typeof uri === 'string' ? (uri.split('?')[0] ?? '') : '';
}

/** Whether the deactivation is one of Okta Verify's (push, its codes, FastPass), by the factor Okta names in the reason. */
function isOktaVerifyDeactivation(event: OktaLogEvent): boolean {
  const key = /^User reset (\w+) factor$/i.exec(event.outcome?.reason ?? '')?.[1]?.toUpperCase();
  if (!key) return false;
  return key === 'OKTA_SOFT_TOKEN' || OKTA_VERIFY_TYPES.has(debugFactorTypes[key] ?? '');
}

/** Whether the deactivations of one request (transaction) are a reset of all the user's factors. */
export function isResetOfAll(deactivations: readonly OktaLogEvent[]): boolean {
  if (deactivations.some((event) => /\/lifecycle\/reset_factors$/.test(requestPath(event)))) return true;
  return deactivations.length >= 2 && deactivations.some((event) => !isOktaVerifyDeactivation(event));
}

/** The request an event may be part of an Identity Engine reset of all factors in: its transaction, for a deactivation. */
export function resetTransactionOf(event: OktaLogEvent): string | null {
  return event.eventType === DEACTIVATE ? transactionOf(event) : null;
}

/** A timeline entry of the System Log and the Okta request it came from (null when Okta names none). */
export interface LoggedEntry {
  entry: TimelineEntry;
  transactionId: string | null;
}

/**
 * The timeline entries of a page of System Log events (in the log's order), each with its request:
 * an Identity Engine reset of all factors becomes one `reset_all` entry naming the factors, at its
 * first event's place.
 */
export function mapLogEvents(events: readonly OktaLogEvent[], userId: string, directory: FactorDirectory): LoggedEntry[] {
  const byRequest = new Map<string, OktaLogEvent[]>();
  for (const event of events) {
    const transaction = resetTransactionOf(event);
    if (transaction) byRequest.set(transaction, [...(byRequest.get(transaction) ?? []), event]);
  }
  const entries: LoggedEntry[] = [];
  const merged = new Set<string>();
  for (const event of events) {
    const transaction = resetTransactionOf(event);
    const group = transaction ? (byRequest.get(transaction) ?? []) : [];
    if (transaction && isResetOfAll(group)) {
      if (merged.has(transaction)) continue;
      merged.add(transaction);
      const entry = resetOfAllEntry(group, userId, directory);
      if (entry) entries.push({ entry, transactionId: transaction });
      continue;
    }
    // Factor events first; what is not one may be an account event (sign-in, lock, unlock, password).
    const entry = mapLogEvent(event, userId, directory) ?? mapAccountEvent(event, userId);
    if (entry) entries.push({ entry, transactionId: transactionOf(event) });
  }
  return entries;
}

function resetOfAllEntry(group: readonly OktaLogEvent[], userId: string, directory: FactorDirectory): TimelineEntry | null {
  const each = group.map((event) => mapLogEvent(event, userId, directory)).filter((entry): entry is TimelineEntry => entry !== null);
  const first = each[0];
  if (!first) return null;
  const labels = each.map((entry) => entry.factorLabel ?? entry.factorType ?? 'a factor');
  const by = first.actor.kind === 'user' ? 'by the user' : `by ${first.actor.name}`;
  return {
    ...first,
    factorId: null,
    factorType: null,
    factorLabel: null,
    kind: 'reset_all',
    summary: `All factors reset ${by} (${each.length} ${each.length === 1 ? 'factor' : 'factors'}: ${labels.join(', ')})`,
    raw: group as unknown as JsonValue,
  };
}
