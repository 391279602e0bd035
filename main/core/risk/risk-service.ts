import { FactorDeskError } from '../../../contract/errors';
import type { RiskCard } from '../../../contract/risk';
import type { ActiveOrg } from '../feature-context';
import { listUserRoles, systemLogPage } from '../okta/resources';
import { riskLogQuery } from './risk-query';
import { COMPARISON_WINDOW_MS, readRisk, RISK_WINDOW_MS } from './risk-signals';

/** A card is reused this long: the user page, the reset dialog and the reset itself share one System Log query. */
export const RISK_CARD_TTL_MS = 60_000;
/** A card that could not read the log is tried again sooner. */
const UNKNOWN_CARD_TTL_MS = 15_000;

export interface RiskServiceOptions {
  now(): Date;
  ttlMs?: number;
}

const isError = (error: unknown, ...codes: string[]): error is FactorDeskError => error instanceof FactorDeskError && codes.includes(error.data.code);

/** Why the System Log could not be read, in one line for the card. */
function unreadableLog(error: unknown): string {
  if (isError(error, 'PERMISSION_DENIED')) {
    return "This connection can't read the System Log (Okta refused: it needs the okta.logs.read scope and an admin role that may read reports), so FactorDesk cannot tell whether this account is under attack.";
  }
  if (isError(error, 'RATE_LIMITED') && error.data.retryAt) {
    const until = new Date(error.data.retryAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return `Okta is rate-limiting System Log reads until ${until}; refresh the risk card then.`;
  }
  const reason = error instanceof Error ? error.message.replace(/\.$/, '') : 'an unexpected failure';
  return `Couldn't read the System Log (${reason}). Refresh to try again.`;
}

function unreadableRoles(error: unknown): string {
  return isError(error, 'PERMISSION_DENIED')
    ? "This connection can't read admin roles (it needs the okta.roles.read scope), so whether the user is an administrator is not known."
    : `Couldn't read the user's admin roles (${error instanceof Error ? error.message.replace(/\.$/, '') : 'unexpected failure'}).`;
}

function headlineOf(card: Pick<RiskCard, 'level' | 'signals'>, logMessage: string | undefined): string {
  switch (card.level) {
    case 'high':
      return card.signals.some((signal) => signal.kind === 'push_fatigue' || signal.kind === 'suspicious_activity' || signal.kind === 'anonymizer')
        ? 'High risk: this account may be under attack right now'
        : 'High risk: verify the caller twice before any reset or code';
    case 'elevated':
      return 'Check with the caller: something unusual in the last 72 hours';
    case 'none':
      return 'No signs of attack in the last 72 hours';
    case 'unknown':
      return `Risk unknown: ${logMessage ?? "the System Log can't be read"}`;
  }
}

/**
 * Reads and keeps the users' risk cards: one System Log query (72 hours of signals, 30 days of
 * sign-ins to compare with) and one roles read per card, shared by everyone asking for the same
 * user at once, and reused for a minute. When the log cannot be read the card says "unknown".
 */
export class RiskService {
  private readonly cards = new Map<string, { card: RiskCard; expiresAt: number }>();
  private readonly reading = new Map<string, Promise<RiskCard>>();
  private readonly ttlMs: number;

  constructor(private readonly options: RiskServiceOptions) {
    this.ttlMs = options.ttlMs ?? RISK_CARD_TTL_MS;
  }

  async card(active: ActiveOrg, userId: string, options: { refresh?: boolean } = {}): Promise<RiskCard> {
    const key = cardKey(active.org.id, userId);
    const now = this.options.now().getTime();
    const kept = this.cards.get(key);
    if (!options.refresh && kept && kept.expiresAt > now) return kept.card;
    const pending = this.reading.get(key);
    if (pending) return pending;
    const read = this.read(active, userId).finally(() => this.reading.delete(key));
    this.reading.set(key, read);
    const card = await read;
    this.cards.set(key, { card, expiresAt: Date.parse(card.freshUntil) });
    return card;
  }

  /** Something changed the user's story (a reset, an unlock): the next card reads the log again. */
  invalidate(orgId: string, userId: string): void {
    this.cards.delete(cardKey(orgId, userId));
  }

  private async read(active: ActiveOrg, userId: string): Promise<RiskCard> {
    const now = this.options.now();
    const since = new Date(now.getTime() - RISK_WINDOW_MS);
    const comparedSince = new Date(now.getTime() - COMPARISON_WINDOW_MS);
    const [log, roles] = await Promise.all([
      systemLogPage(active.client, { query: riskLogQuery(userId, comparedSince, now) }).then(
        (page) => ({ ok: true as const, page }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      listUserRoles(active.client, userId).then(
        (list) => ({ ok: true as const, list }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ]);
    // An unknown user is not a card.
    if (!roles.ok && isError(roles.error, 'NOT_FOUND')) throw roles.error;
    const adminRoles = roles.ok ? roles.list.filter((role) => !role.status || role.status === 'ACTIVE').map((role) => role.label || role.type) : null;
    const reading = readRisk({ userId, events: log.ok ? log.page.events : [], now, adminRoles });
    const level = log.ok || reading.level === 'high' ? reading.level : 'unknown';
    const logMessage = log.ok
      ? log.page.nextUrl
        ? `Only the newest ${log.page.events.length} events of the last 30 days were read; earlier sign-ins were not all compared.`
        : undefined
      : unreadableLog(log.error);
    const card: RiskCard = {
      userId,
      level,
      headline: '',
      signals: reading.signals,
      requiresSecondVerification: level === 'high',
      systemLog: {
        readable: log.ok,
        ...(logMessage ? { message: logMessage } : {}),
        since: since.toISOString(),
        until: now.toISOString(),
        comparedSince: log.ok ? comparedSince.toISOString() : null,
        earlierSignIns: reading.earlierSignIns,
      },
      roles: { readable: roles.ok, ...(roles.ok ? {} : { message: unreadableRoles(roles.error) }), admin: adminRoles ?? [] },
      checkedAt: now.toISOString(),
      freshUntil: new Date(now.getTime() + (log.ok ? this.ttlMs : Math.min(this.ttlMs, UNKNOWN_CARD_TTL_MS))).toISOString(),
    };
    card.headline = headlineOf(card, log.ok ? undefined : logMessage);
    return card;
  }
}

const cardKey = (orgId: string, userId: string): string => `${orgId}\u0000${userId}`;
