import { randomUUID } from 'node:crypto';
import type { BridgeErrorData } from '../../../contract/errors';
import type { ActivationState, ActivationStatusEvent, PushActivation } from '../../../contract/workflows';
import type { ActionScope } from '../audit';
import { toFactorSummary } from '../factors/factor-summary';
import { linkHref, linkNames, oktaFactorSchema, type OktaLinks } from '../okta';
import { factorActionPath, fetchActivationQr, pollPushActivation, startPushActivation } from '../okta/resources';
import type { LiveWatchDeps } from './live-watch';
import { badOktaAnswer, pollRetrying } from './workflow-errors';

/** Links of a pending push activation, remembered so "send link" and "start again" follow Okta's own hrefs. */
export interface PendingActivation {
  pollHref: string;
  qrHref?: string;
  sendHrefs: Partial<Record<'sms' | 'email', string>>;
  /** From the TIMEOUT answer: POST it to start a fresh activation. */
  activateHref?: string;
  expiresAt: string | null;
  /** The live watch following it, if any. */
  watchId?: string;
}

/** Read a WAITING activation (enroll's `_embedded.activation` plus the factor's `poll` link, or an activate answer). */
export function readWaitingActivation(links: OktaLinks | undefined, activationLinks: OktaLinks | undefined, expiresAt: string | undefined): PendingActivation {
  const pollHref = linkHref(links, 'poll') ?? linkHref(activationLinks, 'poll');
  if (!pollHref) throw badOktaAnswer('a link to follow the activation');
  // The factor's own links win over the activation's.
  const sendHrefs = { ...readSendHrefs(activationLinks), ...readSendHrefs(links) };
  const qrHref = linkHref(activationLinks, 'qrcode') ?? linkHref(links, 'qrcode');
  return { pollHref, ...(qrHref ? { qrHref } : {}), sendHrefs, expiresAt: expiresAt ?? null };
}

const activationKey = (scope: ActionScope, factorId: string): string => `${scope.org.id}\u0000${scope.userId}\u0000${factorId}`;

/** Push activations in progress: their links, and the live watch that reports the phone scanning the QR code. */
export class PushActivations {
  private readonly pending = new Map<string, PendingActivation>();

  constructor(private readonly deps: LiveWatchDeps) {}

  /** The activation started in this session for the factor, if it is still pending. */
  pendingFor(scope: ActionScope, factorId: string): PendingActivation | undefined {
    return this.pending.get(activationKey(scope, factorId));
  }

  /** POST the activate link (or Okta's documented activate path) to start a fresh push activation. */
  async restart(scope: ActionScope, factorId: string, activateHref?: string): Promise<PendingActivation> {
    const answer = await startPushActivation(scope.client, activateHref ?? factorActionPath(scope.userId, factorId, 'activate'));
    return readWaitingActivation(answer._links, undefined, answer.expiresAt);
  }

  /**
   * Fetch the QR image, start the live watch (replacing any earlier watch of this activation), and
   * answer what the enroll screen shows.
   */
  async watch(scope: ActionScope, clientId: string, factorId: string, activation: PendingActivation): Promise<PushActivation> {
    const { watches, emit: emitEvent, now, journal } = this.deps;
    const { client, org } = scope;
    const key = activationKey(scope, factorId);
    const previous = this.pending.get(key);
    if (previous?.watchId) await watches.stop(previous.watchId, 'cancelled');
    const watchId = randomUUID();
    activation.watchId = watchId;
    this.pending.set(key, activation);

    const qrImageDataUrl = activation.qrHref ? await fetchActivationQr(client, activation.qrHref) : null;
    const budget = this.deps.budgets.for(org.id);
    const emit = (state: ActivationState, extra: Partial<ActivationStatusEvent> = {}): void => {
      emitEvent(clientId, 'activationStatus', {
        watchId,
        userId: scope.userId,
        factorId,
        state,
        at: now().toISOString(),
        expiresAt: activation.expiresAt,
        device: null,
        factor: null,
        restartable: false,
        error: null,
        ...extra,
      });
    };

    watches.start({
      watchId,
      clientId,
      budget,
      poll: async (signal) => {
        const answer = await pollPushActivation(client, activation.pollHref, signal);
        if (answer.rateLimit) budget.setBucketLimit(answer.rateLimit.limit);
        const data = answer.data;
        if (data.status === 'ACTIVE' && data.id) {
          const factor = toFactorSummary(oktaFactorSchema.parse(data));
          this.pending.delete(key);
          await journal.record(scope, 'activate', 'success', {
            factorId,
            factorType: 'push',
            detail: `device ${factor.deviceName ?? 'unknown'} (${factor.platform ?? 'unknown platform'})`,
          });
          emit('ACTIVE', {
            factor,
            device: { name: factor.deviceName, platform: factor.platform, version: factor.platformVersion },
          });
          return true;
        }
        if (data.factorResult === 'TIMEOUT') {
          activation.activateHref = linkHref(data._links, 'activate');
          await journal.record(scope, 'activate', 'timeout', { factorId, factorType: 'push' });
          emit('TIMEOUT', { restartable: true });
          return true;
        }
        if (data.factorResult === 'WAITING') {
          if (data.expiresAt) activation.expiresAt = data.expiresAt;
          Object.assign(activation.sendHrefs, readSendHrefs(data._links));
          return false;
        }
        // CANCELLED / ERROR from Okta, or an unknown result.
        const error: BridgeErrorData = {
          code: 'OKTA_ERROR',
          message: `Okta ended the activation (${data.factorResult ?? data.status ?? 'unknown state'}).`,
          action: 'Start the activation again.',
        };
        await journal.record(scope, 'activate', 'failure', { factorId, factorType: 'push', detail: error.message });
        emit(data.factorResult === 'CANCELLED' ? 'CANCELLED' : 'ERROR', { error, restartable: true });
        return true;
      },
      // Still waiting, but the agent should know FactorDesk cannot reach Okta right now (and when it can again).
      onRetrying: (error, consecutiveFailures) => emit('WAITING', { error: pollRetrying(error, consecutiveFailures) }),
      onRecovered: () => emit('WAITING'),
      onEnd: (reason, error) => {
        if (reason === 'cancelled' || reason === 'client_closed' || reason === 'shutdown') {
          emit('CANCELLED', { restartable: true });
          return;
        }
        emit(reason === 'expired' ? 'TIMEOUT' : 'ERROR', { restartable: true, error: error?.data ?? null });
      },
    });
    return {
      watchId,
      userId: scope.userId,
      factorId,
      qrImageDataUrl,
      expiresAt: activation.expiresAt,
      sendChannels: (['sms', 'email'] as const).filter((channel) => activation.sendHrefs[channel]),
    };
  }
}

function readSendHrefs(links: OktaLinks | undefined): PendingActivation['sendHrefs'] {
  const hrefs: PendingActivation['sendHrefs'] = {};
  for (const name of linkNames(links, 'send')) {
    if (name === 'sms' || name === 'email') hrefs[name] = linkHref(links, 'send', name);
  }
  return hrefs;
}
