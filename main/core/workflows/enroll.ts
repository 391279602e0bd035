import { z } from 'zod';
import { FactorDeskError } from '../../../contract/errors';
import type { FactorSummary } from '../../../contract/users';
import type { CodeSent, EnrollResult, enrollRequestSchema, PushActivation } from '../../../contract/workflows';
import { oktaFactorSchema, oktaUserSchema, type OktaClient, type OktaFactor } from '../okta';
import { toFactorSummary } from '../users/map-factor';
import { codeSent, isCodeFactor } from './code-delivery';
import { linkHref } from './links';
import { maskEmail, maskPhone } from './masking';
import { factorPath, factorsPath, getFactor, listUserFactors, userPath } from './okta-calls';
import { pendingActivation, readWaitingActivation, restartActivation, watchPushActivation } from './push-activation';
import { readTotpActivation } from './totp-activation';
import { buildOtpauthUri } from './totp-uri';
import type { WorkflowServices } from './workflow-services';
import { activationNotPending, badOktaAnswer, factorGone, wrongFactorType } from './workflow-errors';

type EnrollRequest = z.output<typeof enrollRequestSchema>;

/** Send-type endpoints answer with a factor, a challenge, or nothing; only success matters. */
const oktaAnyAnswer = z.unknown();

/** The body Okta's enroll endpoint expects for each request. Never logged: it can hold an answer. */
function enrollBody(request: EnrollRequest, userEmail: string | null): Record<string, unknown> {
  switch (request.factorType) {
    case 'push':
      return { factorType: 'push', provider: 'OKTA' };
    case 'token:software:totp':
      return { factorType: 'token:software:totp', provider: request.provider };
    case 'sms':
      return { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: request.phoneNumber } };
    case 'call':
      return {
        factorType: 'call',
        provider: 'OKTA',
        profile: { phoneNumber: request.phoneNumber, ...(request.phoneExtension ? { phoneExtension: request.phoneExtension } : {}) },
      };
    case 'email':
      return { factorType: 'email', provider: 'OKTA', profile: { email: request.email ?? userEmail } };
    case 'question':
      return { factorType: 'question', provider: 'OKTA', profile: { question: request.question, answer: request.answer } };
  }
}

/**
 * Whether an SMS enrollment still pending activation has another number: Okta then refuses a new
 * enrollment (E0000001, "There is an existing verified phone number") unless it is told to
 * replace the number with `updatePhone=true` (factors.md, "Enroll Okta SMS Factor by updating
 * phone number"), which is what the agent means when the caller gives a corrected number.
 */
async function replacesPendingPhone(client: OktaClient, userId: string, phoneNumber: string): Promise<boolean> {
  const factors = await listUserFactors(client, userId);
  return factors.some((factor) => factor.factorType === 'sms' && factor.status === 'PENDING_ACTIVATION' && isOtherPhone(factor.profile?.phoneNumber, phoneNumber));
}

/** Compares numbers as Okta may format them ("+1-555-415-1337" is "+15554151337"). */
function isOtherPhone(recorded: string | null | undefined, given: string): boolean {
  const digits = (phone: string): string => phone.replace(/[^\d+]/g, '');
  return !!recorded && digits(recorded) !== digits(given);
}

/** Non-secret description for the journal: where a code went, which question (never the answer). */
function enrollDetail(request: EnrollRequest): string | undefined {
  switch (request.factorType) {
    case 'sms':
    case 'call':
      return `to ${maskPhone(request.phoneNumber)}`;
    case 'email':
      return request.email ? `to ${maskEmail(request.email)}` : 'to primary email';
    case 'question':
      return `question ${request.question}`;
    case 'token:software:totp':
      return `provider ${request.provider}`;
    default:
      return undefined;
  }
}

export async function enrollFactor(services: WorkflowServices, userId: string, request: EnrollRequest, clientId: string): Promise<EnrollResult> {
  const scope = await services.scope(userId);
  const { client } = scope.active;
  let userEmail: string | null = null;
  if (request.factorType === 'email' && !request.email) {
    const user = await client.request({ method: 'GET', path: userPath(userId), schema: oktaUserSchema });
    userEmail = user.data.profile.email ?? null;
  }
  const query = request.factorType === 'sms' && (await replacesPendingPhone(client, userId, request.phoneNumber)) ? { updatePhone: true } : undefined;
  const { value: factor } = await services.audited(
    scope,
    'enroll',
    { factorType: request.factorType, detail: enrollDetail(request) },
    async () =>
      (await client.request({ method: 'POST', path: factorsPath(userId), query, body: enrollBody(request, userEmail), schema: oktaFactorSchema }))
        .data,
    (enrolled) => ({ outcome: enrolled.status === 'ACTIVE' ? 'success' : 'pending', fields: { factorId: enrolled.id } }),
  );
  const summary = toFactorSummary(factor);
  const now = services.ctx.now();

  switch (request.factorType) {
    case 'push': {
      const embedded = factor._embedded?.activation;
      const waiting = readWaitingActivation(factor._links, embedded?._links, embedded?.expiresAt);
      const activation = await watchPushActivation(services, scope, clientId, factor.id, waiting);
      return { kind: 'push_activation', factor: summary, activation };
    }
    case 'token:software:totp': {
      const activation = factor._embedded?.activation;
      if (!activation?.sharedSecret) throw badOktaAnswer('the authenticator secret');
      const { secret, digits, periodSeconds } = readTotpActivation({ ...activation, sharedSecret: activation.sharedSecret }, factor.provider);
      return {
        kind: 'totp_activation',
        factor: summary,
        provider: request.provider,
        otpauthUri: buildOtpauthUri({
          issuer: scope.active.org.name,
          account: scope.userLogin ?? userId,
          secret,
          digits,
          periodSeconds,
        }),
        sharedSecret: secret,
        digits,
        periodSeconds,
      };
    }
    case 'sms':
    case 'call':
    case 'email': {
      if (factor.status === 'ACTIVE') return { kind: 'active', factor: summary };
      // Okta's documented email enroll answer has no profile (factors.md "Enroll Okta Email
      // Factor"): where the code went is then what was asked for.
      const asked = request.factorType === 'email' ? { email: request.email ?? userEmail } : { phoneNumber: request.phoneNumber };
      return { kind: 'code_sent', factor: summary, code: codeSent({ ...factor, profile: { ...asked, ...factor.profile } }, request.factorType, now) };
    }
    case 'question':
      return { kind: 'active', factor: summary };
  }
}

/** Finish a TOTP / sms / call / email enrollment with the first code. */
export async function activateFactor(services: WorkflowServices, userId: string, factorId: string, passCode: string): Promise<FactorSummary> {
  const scope = await services.scope(userId);
  const { client } = scope.active;
  const factor = await getFactor(client, userId, factorId).catch((error: unknown) => {
    throw error instanceof FactorDeskError ? factorGone(error) : error;
  });
  if (factor.factorType === 'push') throw wrongFactorType('code-based (authenticator app, sms, call, email)', 'push');
  if (factor.status === 'ACTIVE') return toFactorSummary(factor);
  const activateHref = linkHref(factor._links, 'activate') ?? (factor.status === 'PENDING_ACTIVATION' ? `${factorPath(userId, factorId)}/lifecycle/activate` : undefined);
  if (!activateHref) throw activationNotPending();
  const { value } = await services.audited(scope, 'activate', { factorId, factorType: factor.factorType }, async () =>
    (await client.request({ method: 'POST', path: activateHref, body: { passCode }, schema: oktaFactorSchema })).data,
  );
  return toFactorSummary(value);
}

/** Send the code again: for a pending enrollment (resend link) or for a verification (a new challenge). */
export async function resendCode(services: WorkflowServices, userId: string, factorId: string, purpose: 'enroll' | 'verify'): Promise<CodeSent> {
  const scope = await services.scope(userId);
  const { client } = scope.active;
  const factor = await getFactor(client, userId, factorId).catch((error: unknown) => {
    throw error instanceof FactorDeskError ? factorGone(error) : error;
  });
  const factorType = factor.factorType;
  if (!isCodeFactor(factorType)) throw wrongFactorType('sms, call or email', factorType);
  if (purpose === 'enroll' && factor.status !== 'PENDING_ACTIVATION') throw activationNotPending();
  const href =
    purpose === 'enroll'
      ? (linkHref(factor._links, 'resend', factorType) ?? linkHref(factor._links, 'resend') ?? `${factorPath(userId, factorId)}/resend`)
      : (linkHref(factor._links, 'verify') ?? `${factorPath(userId, factorId)}/verify`);
  const body = purpose === 'enroll' ? resendBody(factor) : undefined;
  await services.audited(scope, 'resend_code', { factorId, factorType, detail: purpose }, async () =>
    client.request({ method: 'POST', path: href, body, schema: oktaAnyAnswer }),
  );
  return codeSent(factor, factorType, services.ctx.now());
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
  services: WorkflowServices,
  input: { userId: string; factorId: string; channel: 'sms' | 'email'; phoneNumber?: string },
): Promise<{ channel: 'sms' | 'email'; sentTo: string }> {
  const scope = await services.scope(input.userId);
  const { client } = scope.active;
  let activation = pendingActivation(services, scope, input.factorId);
  if (!activation?.sendHrefs[input.channel]) {
    // Not started in this session (or links missing): a fresh activation publishes the send links.
    activation = await restartActivation(client, scope, input.factorId, activation?.activateHref);
  }
  const href = activation.sendHrefs[input.channel];
  if (!href) {
    throw new FactorDeskError({
      code: 'VALIDATION',
      message: `Okta does not offer sending the activation link by ${input.channel} for this factor.`,
      action: 'Show the QR code instead, or use the other channel.',
    });
  }
  let sentTo: string;
  if (input.channel === 'sms') {
    sentTo = maskPhone(input.phoneNumber);
  } else {
    const user = await client.request({ method: 'GET', path: userPath(input.userId), schema: oktaUserSchema });
    sentTo = maskEmail(user.data.profile.email);
  }
  const body = input.channel === 'sms' ? { profile: { phoneNumber: input.phoneNumber } } : undefined;
  await services.audited(scope, 'send_activation_link', { factorId: input.factorId, factorType: 'push', detail: `${input.channel} to ${sentTo}` }, async () =>
    client.request({ method: 'POST', path: href, body, schema: oktaAnyAnswer }),
  );
  return { channel: input.channel, sentTo };
}

/** Start (again) and watch a push activation. */
export async function watchActivation(services: WorkflowServices, userId: string, factorId: string, clientId: string): Promise<PushActivation> {
  const scope = await services.scope(userId);
  const { client } = scope.active;
  const factor = await getFactor(client, userId, factorId).catch((error: unknown) => {
    throw error instanceof FactorDeskError ? factorGone(error) : error;
  });
  if (factor.factorType !== 'push') throw wrongFactorType('Okta Verify push', factor.factorType);
  if (factor.status !== 'PENDING_ACTIVATION') throw activationNotPending();
  const previous = pendingActivation(services, scope, factorId);
  const { value: waiting } = await services.audited(scope, 'restart_activation', { factorId, factorType: 'push' }, () =>
    restartActivation(client, scope, factorId, previous?.activateHref ?? linkHref(factor._links, 'activate')),
  );
  return watchPushActivation(services, scope, clientId, factorId, waiting);
}
