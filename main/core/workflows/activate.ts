import type { FactorSummary } from '../../../contract/users';
import type { CodeSent, PushActivation } from '../../../contract/workflows';
import type { ActionJournal, JournaledAction } from '../audit';
import { toFactorSummary } from '../factors/factor-summary';
import { linkHref, type OktaFactor } from '../okta';
import { activateWithCode, factorHref, getFactorOrGone, getUser, sendToUser } from '../okta/resources';
import { codeSent, isCodeFactor } from './code-delivery';
import { maskEmail, maskPhone } from './masking';
import type { PushActivations } from './push-activation';
import { activationNotPending, channelNotOffered, wrongFactorType } from './workflow-errors';

export interface ActivateDeps {
  journal: ActionJournal;
  pushActivations: PushActivations;
  now(): Date;
}

/** Finish a TOTP / sms / call / email enrollment with the first code. */
export async function activateFactor(deps: Pick<ActivateDeps, 'journal'>, userId: string, factorId: string, passCode: string): Promise<FactorSummary> {
  const { value } = await deps.journal.run({ userId, action: 'activate', fields: { factorId } }, async (action) => {
    const { client } = action.scope;
    const factor = await getFactorOrGone(client, userId, factorId);
    action.note({ factorType: factor.factorType });
    if (factor.factorType === 'push') throw wrongFactorType('code-based (authenticator app, sms, call, email)', 'push');
    if (factor.status === 'ACTIVE') {
      action.note({ detail: 'no code sent to Okta' });
      return factor;
    }
    if (linkHref(factor._links, 'activate') === undefined && factor.status !== 'PENDING_ACTIVATION') throw activationNotPending();
    return action.atOkta(() => activateWithCode(client, factorHref(userId, factor, 'activate'), passCode));
  });
  return toFactorSummary(value);
}

/** Send the code again: for a pending enrollment (resend link) or for a verification (a new challenge). */
export async function resendCode(deps: Pick<ActivateDeps, 'journal' | 'now'>, userId: string, factorId: string, purpose: 'enroll' | 'verify'): Promise<CodeSent> {
  const { value } = await deps.journal.run({ userId, action: 'resend_code', fields: { factorId, detail: purpose } }, async (action) => {
    const { client } = action.scope;
    const factor = await getFactorOrGone(client, userId, factorId);
    const factorType = factor.factorType;
    action.note({ factorType });
    if (!isCodeFactor(factorType)) throw wrongFactorType('sms, call or email', factorType);
    if (purpose === 'enroll' && factor.status !== 'PENDING_ACTIVATION') throw activationNotPending();
    const href = factorHref(userId, factor, purpose === 'enroll' ? 'resend' : 'verify');
    await action.atOkta(() => sendToUser(client, href, purpose === 'enroll' ? resendBody(factor) : undefined));
    return { factor, factorType };
  });
  return codeSent(value.factor, value.factorType, deps.now());
}

function resendBody(factor: OktaFactor): Record<string, unknown> {
  const profile = factor.profile ?? {};
  const kept =
    factor.factorType === 'email'
      ? { email: profile.email }
      : { phoneNumber: profile.phoneNumber, ...(profile.phoneExtension ? { phoneExtension: profile.phoneExtension } : {}) };
  return { factorType: factor.factorType, provider: factor.provider, profile: kept };
}

/** Push activation: send the activation link by sms or email, following the activation's `send` links. */
export async function sendActivationLink(
  deps: Pick<ActivateDeps, 'journal' | 'pushActivations'>,
  input: { userId: string; factorId: string; channel: 'sms' | 'email'; phoneNumber?: string },
): Promise<{ channel: 'sms' | 'email'; sentTo: string }> {
  const { value: sentTo } = await deps.journal.run(
    { userId: input.userId, action: 'send_activation_link', fields: { factorId: input.factorId, factorType: 'push' } },
    async (action) => {
      const { scope } = action;
      let activation = deps.pushActivations.pendingFor(scope, input.factorId);
      if (!activation?.sendHrefs[input.channel]) {
        // Not started in this session (or links missing): a fresh activation publishes the send links.
        const activateHref = activation?.activateHref ?? factorHref(input.userId, await pendingPushFactor(action, input.factorId), 'activate');
        activation = await action.atOkta(() => deps.pushActivations.restart(scope, input.factorId, activateHref));
      }
      const href = activation.sendHrefs[input.channel];
      if (!href) throw channelNotOffered(input.channel);
      const sentTo = input.channel === 'sms' ? maskPhone(input.phoneNumber) : maskEmail((await getUser(scope.client, input.userId)).profile.email);
      action.note({ detail: `${input.channel} to ${sentTo}` });
      const body = input.channel === 'sms' ? { profile: { phoneNumber: input.phoneNumber } } : undefined;
      await action.atOkta(() => sendToUser(scope.client, href, body));
      return sentTo;
    },
  );
  return { channel: input.channel, sentTo };
}

/** The push factor whose activation is to be (re)started: it must still be waiting for activation. */
async function pendingPushFactor(action: JournaledAction, factorId: string): Promise<OktaFactor> {
  const factor = await getFactorOrGone(action.scope.client, action.scope.userId, factorId);
  action.note({ factorType: factor.factorType });
  if (factor.factorType !== 'push') throw wrongFactorType('Okta Verify push', factor.factorType);
  if (factor.status !== 'PENDING_ACTIVATION') throw activationNotPending();
  return factor;
}

/** Start (again) and watch a push activation. */
export async function watchActivation(
  deps: Pick<ActivateDeps, 'journal' | 'pushActivations'>,
  userId: string,
  factorId: string,
  clientId: string,
): Promise<PushActivation> {
  const { value: waiting, scope } = await deps.journal.run(
    { userId, action: 'restart_activation', fields: { factorId, factorType: 'push' } },
    async (action) => {
      const factor = await pendingPushFactor(action, factorId);
      const activateHref = deps.pushActivations.pendingFor(action.scope, factorId)?.activateHref ?? factorHref(userId, factor, 'activate');
      return action.atOkta(() => deps.pushActivations.restart(action.scope, factorId, activateHref));
    },
  );
  return deps.pushActivations.watch(scope, clientId, factorId, waiting);
}
