import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { BridgeErrorData } from '../../../contract/errors';
import type { ActivationState, ActivationStatusEvent, PushActivation } from '../../../contract/workflows';
import { oktaFactorSchema, oktaLinksSchema, type OktaClient, type OktaLinks } from '../okta';
import { toFactorSummary } from '../users/map-factor';
import { linkHref, linkNames } from './links';
import { factorPath } from './okta-calls';
import { fetchQrImage } from './qr-image';
import type { UserScope, WorkflowServices } from './workflow-services';
import { badOktaAnswer, pollRetrying } from './workflow-errors';

/** What the activation endpoints answer while waiting / after a timeout (the ACTIVE answer is the factor itself). */
const activationAnswerSchema = z.looseObject({
  id: z.string().optional(),
  status: z.string().optional(),
  factorResult: z.string().optional(),
  expiresAt: z.string().optional(),
  _links: oktaLinksSchema.optional(),
});

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

const pendingActivations = new WeakMap<WorkflowServices, Map<string, PendingActivation>>();

function pendingFor(services: WorkflowServices): Map<string, PendingActivation> {
  let map = pendingActivations.get(services);
  if (!map) {
    map = new Map();
    pendingActivations.set(services, map);
  }
  return map;
}

const activationKey = (scope: UserScope, factorId: string): string => `${scope.active.org.id}\u0000${scope.userId}\u0000${factorId}`;

export function pendingActivation(services: WorkflowServices, scope: UserScope, factorId: string): PendingActivation | undefined {
  return pendingFor(services).get(activationKey(scope, factorId));
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

/** POST the factor's activate link (or Okta's documented activate path) to start a fresh push activation. */
export async function restartActivation(client: OktaClient, scope: UserScope, factorId: string, activateHref?: string): Promise<PendingActivation> {
  const answer = await client.request({
    method: 'POST',
    path: activateHref ?? `${factorPath(scope.userId, factorId)}/lifecycle/activate`,
    schema: activationAnswerSchema,
  });
  return readWaitingActivation(answer.data._links, undefined, answer.data.expiresAt);
}

/**
 * Fetch the QR image, start the live watch (replacing any earlier watch of this activation), and
 * answer what the enroll screen shows.
 */
export async function watchPushActivation(
  services: WorkflowServices,
  scope: UserScope,
  clientId: string,
  factorId: string,
  activation: PendingActivation,
): Promise<PushActivation> {
  const { client, org } = scope.active;
  const key = activationKey(scope, factorId);
  const pending = pendingFor(services);
  const previous = pending.get(key);
  if (previous?.watchId) await services.watches.stop(previous.watchId, 'cancelled');
  const watchId = randomUUID();
  activation.watchId = watchId;
  pending.set(key, activation);

  const qrImageDataUrl = activation.qrHref ? await fetchQrImage(client, activation.qrHref) : null;
  const budget = services.budgetFor(org.id);
  const emit = (state: ActivationState, extra: Partial<ActivationStatusEvent> = {}): void => {
    services.ctx.emit(clientId, 'activationStatus', {
      watchId,
      userId: scope.userId,
      factorId,
      state,
      at: services.ctx.now().toISOString(),
      expiresAt: activation.expiresAt,
      device: null,
      factor: null,
      restartable: false,
      error: null,
      ...extra,
    });
  };

  services.watches.start({
    watchId,
    clientId,
    budget,
    poll: async (signal) => {
      const answer = await client.request({
        method: 'POST',
        path: activation.pollHref,
        schema: activationAnswerSchema,
        signal,
        // Polling changes nothing at Okta, so a failed poll may be retried.
        idempotent: true,
      });
      if (answer.rateLimit) budget.setBucketLimit(answer.rateLimit.limit);
      const data = answer.data;
      if (data.status === 'ACTIVE' && data.id) {
        const factor = toFactorSummary(oktaFactorSchema.parse(data));
        pending.delete(key);
        await services.record(scope, 'activate', 'success', {
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
        await services.record(scope, 'activate', 'timeout', { factorId, factorType: 'push' });
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
      await services.record(scope, 'activate', 'failure', { factorId, factorType: 'push', detail: error.message });
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

function readSendHrefs(links: OktaLinks | undefined): PendingActivation['sendHrefs'] {
  const hrefs: PendingActivation['sendHrefs'] = {};
  for (const name of linkNames(links, 'send')) {
    if (name === 'sms' || name === 'email') hrefs[name] = linkHref(links, 'send', name);
  }
  return hrefs;
}
