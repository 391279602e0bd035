import { randomUUID } from 'node:crypto';
import type { BridgeErrorData } from '../../../contract/errors';
import type { EnrollmentFlag, Reenrollment, ReenrollmentStatusEvent, ReenrollmentWatch } from '../../../contract/recovery';
import type { FactorSummary } from '../../../contract/users';
import type { ActiveOrg, EmitEvent } from '../feature-context';
import { toFactorSummary } from '../factors/factor-summary';
import type { OktaClient } from '../okta';
import { listFactors, systemLogPage } from '../okta/resources';
import type { OktaLogEvent } from '../okta/schemas';
import type { OrgPollBudgets, PollSchedule, WatchRegistry } from '../watch';
import { placeOf } from './event-place';

/** A caller re-enrolls within minutes; the watch gives up after half an hour. */
export const REENROLLMENT_WATCH_MS = 30 * 60_000;
/** Every 3 s for the first five minutes (the caller is on the phone doing it), then every 10 s. */
export const reenrollmentSchedule: PollSchedule = { intervalMs: (elapsedMs) => (elapsedMs < 5 * 60_000 ? 3_000 : 10_000) };
/** How far back the user's own sign-ins and enrollments tell where they usually are (Okta keeps 90 days). */
const HISTORY_DAYS = 90;
/** The org's clock and this computer's may differ: events are looked for from a little before. */
const CLOCK_SLACK_MS = 2 * 60_000;

export interface ReenrollmentDeps {
  watches: WatchRegistry;
  budgets: OrgPollBudgets;
  emit: EmitEvent;
  now(): Date;
  maxDurationMs?: number;
}

/** Okta Verify brings push, its codes and FastPass in one enrollment: they are reported together. */
function familyOf(factor: FactorSummary): string {
  const oktaVerify = factor.factorType === 'push' || factor.factorType === 'signed_nonce' || (factor.factorType === 'token:software:totp' && factor.provider === 'OKTA');
  return oktaVerify ? 'okta_verify' : factor.id;
}

function familyLabel(factors: FactorSummary[]): string {
  const first = factors[0];
  if (!first) return 'a factor';
  if (familyOf(first) === 'okta_verify') return 'Okta Verify';
  return first.label;
}

/** The activation event of the first of `factors` the System Log has (push first: it carries the device). */
async function activationEvent(client: OktaClient, factors: FactorSummary[], since: Date): Promise<OktaLogEvent | null> {
  const ordered = [...factors].sort((a, b) => Number(b.factorType === 'push') - Number(a.factorType === 'push'));
  const ids = ordered.map((factor) => `target.id eq "${factor.id}"`).join(' or ');
  const page = await systemLogPage(client, {
    query: { filter: `eventType eq "user.mfa.factor.activate" and (${ids})`, since: new Date(since.getTime() - CLOCK_SLACK_MS).toISOString(), limit: '20' },
  });
  for (const factor of ordered) {
    const event = page.events.find((each) => each.outcome?.result !== 'FAILURE' && (each.target ?? []).some((target) => target.id === factor.id));
    if (event) return event;
  }
  return null;
}

/** Countries of the user's own successful sign-ins and enrollments in the 90 days before `before`. */
async function knownCountries(client: OktaClient, userId: string, before: Date): Promise<Set<string>> {
  const since = new Date(before.getTime() - HISTORY_DAYS * 86_400_000);
  const page = await systemLogPage(client, {
    query: {
      filter: `(eventType eq "user.session.start" or eventType eq "user.mfa.factor.activate") and actor.id eq "${userId}" and outcome.result eq "SUCCESS"`,
      since: since.toISOString(),
      until: before.toISOString(),
      limit: '200',
    },
  });
  const countries = new Set<string>();
  for (const event of page.events) {
    const country = placeOf(event)?.country;
    if (country) countries.add(country);
  }
  return countries;
}

function problemText(error: unknown): string {
  return error instanceof Error && 'data' in error ? String((error as { data: BridgeErrorData }).data.message) : 'the System Log could not be read';
}

/**
 * Watching for the caller's re-enrollment after a reset (or a temporary access code): the user's
 * factor list is polled within the org's poll budget, and each factor that becomes ACTIVE after
 * `since` is reported once (an Okta Verify enrollment's push, codes and FastPass together) with when,
 * on which device, and from where — read from the System Log's activation event — flagging a country
 * none of the user's own sign-ins and enrollments of the last 90 days came from, and an anonymizing
 * proxy. The watch keeps going (someone else may enroll too) until it is stopped or half an hour passed.
 */
export class ReenrollmentWatches {
  constructor(private readonly deps: ReenrollmentDeps) {}

  async start(active: ActiveOrg, userId: string, since: Date, clientId: string): Promise<ReenrollmentWatch> {
    const { client, org } = active;
    const watchId = randomUUID();
    const startedAt = this.deps.now();
    const maxDurationMs = this.deps.maxDurationMs ?? REENROLLMENT_WATCH_MS;
    // Factors there before `since` are not news; the first list says which (ones made since are).
    const before = (await listFactors(client, userId)).map(toFactorSummary);
    const old = new Set(before.filter((factor) => Date.parse(factor.created) < since.getTime()).map((factor) => factor.id));
    const reported = new Set<string>();
    let countries: Promise<Set<string>> | undefined;

    const emit = (state: ReenrollmentStatusEvent['state'], extra: Partial<ReenrollmentStatusEvent> = {}): void => {
      this.deps.emit(clientId, 'reenrollmentStatus', { watchId, userId, state, at: this.deps.now().toISOString(), enrollment: null, reason: null, error: null, ...extra });
    };

    const describe = async (factors: FactorSummary[]): Promise<Reenrollment> => {
      const flags: EnrollmentFlag[] = [];
      let event: OktaLogEvent | null = null;
      let why: string | null = null;
      try {
        event = await activationEvent(client, factors, since);
        if (!event) why = 'the System Log has no activation event for it yet';
      } catch (error) {
        why = problemText(error);
      }
      // An admin's activation (the desk enrolling for the caller) is logged from the admin's place, which says nothing of the caller's.
      const byAdmin = event !== null && event.actor.id !== userId;
      if (byAdmin) why = 'it was activated by an admin, so the System Log tells where the admin was, not the caller';
      const place = event && !byAdmin ? placeOf(event) : null;
      if (!place || (!place.country && place.isProxy === null)) flags.push({ kind: 'place_unknown', why: why ?? 'Okta did not record where it came from' });
      if (place?.country) {
        countries ??= knownCountries(client, userId, since).catch(() => new Set<string>());
        const known = await countries;
        if (known.size > 0 && !known.has(place.country)) flags.push({ kind: 'new_country', country: place.country, knownCountries: [...known].sort() });
      }
      if (place?.isProxy) flags.push({ kind: 'proxy', network: place.network });
      const withDevice = factors.find((factor) => factor.deviceName) ?? null;
      return {
        factors,
        label: familyLabel(factors),
        deviceName: withDevice?.deviceName ?? null,
        enrolledAt: event?.published ?? factors[0]?.lastUpdated ?? this.deps.now().toISOString(),
        place,
        flags,
      };
    };

    this.deps.watches.start({
      watchId,
      clientId,
      budget: this.deps.budgets.for(org.id),
      maxDurationMs,
      poll: async () => {
        const factors = (await listFactors(client, userId)).map(toFactorSummary);
        const fresh = factors.filter((factor) => factor.status === 'ACTIVE' && !old.has(factor.id) && !reported.has(factor.id));
        const families = new Map<string, FactorSummary[]>();
        for (const factor of fresh) families.set(familyOf(factor), [...(families.get(familyOf(factor)) ?? []), factor]);
        for (const family of families.values()) {
          for (const factor of family) reported.add(factor.id);
          emit('ENROLLED', { enrollment: await describe(family) });
        }
        return false;
      },
      onRetrying: (error) => emit('WATCHING', { error: error.data }),
      onRecovered: () => emit('WATCHING'),
      onEnd: (reason, error) => {
        if (reason === 'failed') emit('ERROR', { error: error?.data ?? null });
        else emit('STOPPED', { reason });
      },
    });
    return { watchId, userId, since: since.toISOString(), until: new Date(startedAt.getTime() + maxDurationMs).toISOString() };
  }
}
