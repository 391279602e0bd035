import type { z } from 'zod';
import type { EnrollResult, enrollRequestSchema } from '../../../contract/workflows';
import type { ActionJournal } from '../audit';
import type { AdminTargets } from '../auth/admin-targets';
import type { StepUp } from '../auth/step-up';
import { toFactorSummary } from '../factors/factor-summary';
import type { OktaClient } from '../okta';
import { enrollUserFactor, getUser, listFactors } from '../okta/resources';
import { explainAdminRefusal } from './admin-refusal';
import { codeSent } from './code-delivery';
import { maskEmail, maskPhone } from './masking';
import { readWaitingActivation, type PushActivations } from './push-activation';
import { readTotpActivation } from './totp-activation';
import { buildOtpauthUri } from './totp-uri';
import { badOktaAnswer } from './workflow-errors';

export interface EnrollDeps {
  journal: ActionJournal;
  pushActivations: PushActivations;
  now(): Date;
  /** A signed-in agent enrolling a factor for an admin must have signed in recently. */
  stepUp?: StepUp;
  /** Whether a user holds an admin role: Okta's refusal to enroll for an administrator is said so. */
  adminTargets?: AdminTargets;
}

type EnrollRequest = z.output<typeof enrollRequestSchema>;

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
  const factors = await listFactors(client, userId);
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

/** Enroll one factor and answer what the agent needs next: a QR code to scan, an app secret, a code sent, or done. */
export async function enrollFactor(deps: EnrollDeps, userId: string, request: EnrollRequest, clientId: string): Promise<EnrollResult> {
  const { value, scope } = await deps.journal.run(
    { userId, action: 'enroll', fields: { factorType: request.factorType, detail: enrollDetail(request) } },
    async (action) => {
      const { client } = action.scope;
      await deps.stepUp?.check(action.scope, { kind: 'change_factors' });
      const userEmail = request.factorType === 'email' && !request.email ? ((await getUser(client, userId)).profile.email ?? null) : null;
      const query = request.factorType === 'sms' && (await replacesPendingPhone(client, userId, request.phoneNumber)) ? { updatePhone: true } : undefined;
      const factor = await action
        .atOkta(() => enrollUserFactor(client, userId, enrollBody(request, userEmail), query))
        .catch(async (error: unknown) => {
          throw await explainAdminRefusal(error, action.scope, deps.adminTargets, 'enroll');
        });
      action.note({ factorId: factor.id });
      action.succeedAs(factor.status === 'ACTIVE' ? 'success' : 'pending');
      return { factor, userEmail };
    },
  );
  const { factor, userEmail } = value;
  const summary = toFactorSummary(factor);

  switch (request.factorType) {
    case 'push': {
      const embedded = factor._embedded?.activation;
      const waiting = readWaitingActivation(factor._links, embedded?._links, embedded?.expiresAt);
      const activation = await deps.pushActivations.watch(scope, clientId, factor.id, waiting);
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
          issuer: scope.org.name,
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
      return { kind: 'code_sent', factor: summary, code: codeSent({ ...factor, profile: { ...asked, ...factor.profile } }, request.factorType, deps.now()) };
    }
    case 'question':
      return { kind: 'active', factor: summary };
  }
}
