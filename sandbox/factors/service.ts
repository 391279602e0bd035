import type { UserRecord } from '../directory/model';
import { notFound, OktaError, validation } from '../errors';
import { factorIdPrefix } from '../ids';
import type { ActionContext, EventPlace, RequestContext } from '../logs/event-log';
import type { Org, PushTransaction } from '../org';
import { normalizePhone } from '../phone';
import { secureToken } from '../random';
import { logFactorEvent } from './events';
import { factorDisplayName, factorKey, type FactorRecord } from './model';
import { attemptsExhausted, checkPassCode, codeChannel, codeRecipient, countAttempt, sendCode } from './one-time-codes';
import { factorsRemovedWith, oktaVerifySiblings } from './okta-verify';
import { newTotpSecret } from './otp';
import { isTokenFactor } from './token-codes';
import type { ActivationLinkRequest, EnrollRequest, VerifyRequest } from './requests';

/**
 * The factor service: every state transition of a user's factors (enroll, activate, resend,
 * verify, the phone's answers, unenroll), shared by the Factors API, the Authentication API and the
 * control API. Its arguments are already-parsed requests (see requests.ts).
 */

const OTP_TYPES = new Set<FactorRecord['factorType']>(['sms', 'call', 'email', 'token:software:totp']);

function newPushActivation(org: Org): NonNullable<FactorRecord['pushActivation']> {
  return { token: secureToken(42), expiresAt: org.clock.now() + org.timings.activationTtlSeconds * 1000, timeoutReported: false };
}

/** An E.164 phone number, or 400 E0000098 naming what was given. */
function normalizedPhone(given: string): string {
  const phone = normalizePhone(given);
  if (!phone) throw new OktaError('E0000098', undefined, [`phoneNumber: '${given}' is not a valid E.164 phone number (for example +15554151337)`]);
  return phone;
}

function logMfaAuthentication(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, result: 'SUCCESS' | 'FAILURE', reason?: string): void {
  logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', result, { reason });
}

/** The URI the push activation QR code (and the emailed / texted link) carries. */
function pushActivationUri(org: Org, user: UserRecord, factor: FactorRecord): string {
  const params = new URLSearchParams({ t: factor.pushActivation?.token ?? '', f: factor.id, u: user.id, s: org.origin });
  return `oktaverify://activate?${params.toString()}`;
}

function totpUri(user: UserRecord, factor: FactorRecord): string {
  const issuer = factor.provider === 'GOOGLE' ? 'Sandbox Org (Google Authenticator)' : 'Sandbox Org';
  const params = new URLSearchParams({ secret: factor.sharedSecret ?? '', issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(user.profile.login)}?${params.toString()}`;
}

/** What the QR code with this secret shows: a live push activation or a pending TOTP enrollment, else null. */
export function activationQrContent(org: Org, user: UserRecord, factor: FactorRecord, token: string): string | null {
  if (factor.status !== 'PENDING_ACTIVATION') return null;
  const activation = factor.pushActivation;
  if (factor.factorType === 'push' && activation?.token === token && org.clock.now() < activation.expiresAt) return pushActivationUri(org, user, factor);
  if (factor.factorType === 'token:software:totp' && factor.qrToken === token) return totpUri(user, factor);
  return null;
}

/** Enrolls a factor (Factors API and Authentication API share this). Returns the new factor record. */
export function enrollFactor(org: Org, ctx: ActionContext, user: UserRecord, request: EnrollRequest): FactorRecord {
  if (user.status === 'DEPROVISIONED') throw new OktaError('E0000107');
  const { factorType, provider } = request;
  // Identity Engine lists one Okta Verify enrollment per device, so another phone may enroll push
  // beside an active one; only a pending enrollment of the same kind is replaced.
  const severalDevices = org.engine === 'oie' && factorType === 'push';
  const existing = org
    .factorsOf(user)
    .find((f) => f.factorType === factorType && f.provider === provider && (!severalDevices || f.status === 'PENDING_ACTIVATION'));
  if (existing?.status === 'ACTIVE') throw validation('factorEnrollRequest', ['A factor of this type is already set up.']);

  const now = org.clock.now();
  const factor: FactorRecord = {
    id: org.ids.next(factorIdPrefix(factorType, provider)),
    userId: user.id,
    factorType,
    provider,
    status: 'PENDING_ACTIVATION',
    created: now,
    lastUpdated: now,
    profile: {},
    activationAttempts: [],
    resendAttempts: [],
  };

  switch (request.factorType) {
    case 'push':
      factor.pushActivation = newPushActivation(org);
      if (org.engine === 'oie') factor.oktaVerifyEnrollment = org.ids.next('pfd');
      break;
    case 'sms':
    case 'call': {
      const given = request.phoneNumber ?? user.profile.mobilePhone ?? undefined;
      if (!given) throw validation('factorEnrollRequest', ['phoneNumber: The field cannot be left blank']);
      const phone = normalizedPhone(given);
      factor.profile.phoneNumber = phone;
      // Okta keeps a pending SMS enrollment's number: another number needs `updatePhone=true`
      // (factors.md, "Enroll Okta SMS Factor by updating phone number" and "Existing phone").
      if (request.factorType === 'sms' && existing?.status === 'PENDING_ACTIVATION' && existing.profile.phoneNumber !== phone && !request.updatePhone) {
        throw validation('factorEnrollRequest', ['There is an existing verified phone number.']);
      }
      if (request.factorType === 'call' && request.phoneExtension !== undefined) factor.profile.phoneExtension = request.phoneExtension;
      if (!request.activate) org.outbox.assertNotThrottled(codeChannel(factor), phone);
      break;
    }
    case 'email': {
      const email = request.email ?? user.profile.email;
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 100) {
        throw validation('factorEnrollRequest', [`email: '${email}' is not a valid email address`]);
      }
      factor.profile.email = email;
      if (!request.activate) org.outbox.assertNotThrottled('email', email);
      break;
    }
    case 'token:software:totp':
      factor.profile.credentialId = user.profile.login;
      factor.sharedSecret = newTotpSecret();
      factor.qrToken = secureToken(42);
      break;
    case 'question':
      factor.profile.question = request.question.question;
      factor.profile.questionText = request.question.questionText;
      factor.answer = request.answer;
      factor.status = 'ACTIVE';
      break;
  }

  // A pending enrollment of the same kind is replaced, as a re-enrollment is in Okta.
  if (existing) org.removeFactor(user, existing.id);
  const sendsCode = factorType === 'sms' || factorType === 'call' || factorType === 'email';
  if (request.activate && sendsCode) factor.status = 'ACTIVE';
  org.factorsOf(user).push(factor);

  if (factor.status === 'ACTIVE') {
    logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS');
  } else {
    logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.update', 'Enroll factor for user (pending activation)', 'SUCCESS');
    if (sendsCode) sendCode(org, ctx, user, factor, 'enroll', request.codeLifetimeSeconds ?? org.timings.otpTtlSeconds);
  }
  return factor;
}

function markActive(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, place?: EventPlace): void {
  factor.status = 'ACTIVE';
  factor.lastUpdated = org.clock.now();
  factor.sentCode = undefined;
  factor.pushActivation = undefined;
  logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS', { place });
}

export type PushActivationOutcome = { kind: 'active' } | { kind: 'waiting' } | { kind: 'timeout' };

/**
 * Activation poll for a push factor: ACTIVE once the phone scanned; WAITING until `expiresAt`;
 * then TIMEOUT once, after which a POST to `activate` (not `poll`) starts a fresh activation.
 */
export function pollPushActivation(org: Org, factor: FactorRecord, mayRestart: boolean): PushActivationOutcome {
  if (factor.status === 'ACTIVE') return { kind: 'active' };
  const activation = factor.pushActivation;
  if (activation && org.clock.now() < activation.expiresAt) return { kind: 'waiting' };
  if (mayRestart && (!activation || activation.timeoutReported)) {
    factor.pushActivation = newPushActivation(org);
    return { kind: 'waiting' };
  }
  if (activation) activation.timeoutReported = true;
  return { kind: 'timeout' };
}

/** Activates an OTP-based factor with a passCode (five attempts per five minutes, as Okta). */
export function activateWithPassCode(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, passCode: string | undefined): void {
  if (factor.status === 'ACTIVE') throw new OktaError('E0000107', undefined, ['The factor is already active.']);
  if (!OTP_TYPES.has(factor.factorType)) throw new OktaError('E0000107', undefined, [`A ${factor.factorType} factor is not activated with a passcode.`]);
  if (!passCode) throw validation('passCode', ['passCode: The field cannot be left blank']);
  countAttempt(org, factor.activationAttempts);
  const failure = checkPassCode(org, factor, passCode);
  if (failure) {
    logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.activate', 'Activate factor for user', 'FAILURE', { reason: 'INVALID_CREDENTIALS' });
    throw new OktaError('E0000068', undefined, [failure]);
  }
  markActive(org, ctx, user, factor);
}

/** The device a phone reports when it scans the activation QR code. */
export interface ScannedDevice {
  /** Left out: "<first name>'s iPhone". */
  name: string | undefined;
  platform: 'IOS' | 'ANDROID';
  version: string;
  /** Where the phone was (its network and place), for the activation's System Log events; unknown when left out. */
  place?: EventPlace;
}

/** The phone scanned the QR code (or opened the activation link): the push factor becomes ACTIVE with that device. */
export function completePushActivation(org: Org, user: UserRecord, factor: FactorRecord, device: ScannedDevice, request: RequestContext | null): void {
  if (factor.factorType !== 'push') throw validation('scan', [`Factor ${factor.id} is a ${factor.factorType} factor, not push`]);
  if (factor.status === 'ACTIVE') throw new OktaError('E0000107', undefined, ['The push factor is already active.']);
  if (!factor.pushActivation || org.clock.now() >= factor.pushActivation.expiresAt) throw new OktaError('E0000110');
  factor.profile = {
    credentialId: user.profile.login,
    deviceType: device.platform === 'IOS' ? 'SmartPhone_IPhone' : 'SmartPhone_Android',
    name: device.name ?? `${user.profile.firstName}'s iPhone`,
    platform: device.platform,
    version: device.version,
  };
  const ctx: ActionContext = { actor: org.actorFor(user), request };
  markActive(org, ctx, user, factor, device.place);
  if (org.engine !== 'oie') return;
  const now = org.clock.now();
  const siblings = oktaVerifySiblings(user, factor, { totpId: org.ids.next('ost'), fastPassId: org.ids.next('crp') }, now);
  for (const sibling of siblings) {
    org.factorsOf(user).push(sibling);
    logFactorEvent(org, ctx, user, sibling, 'user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS', { place: device.place });
  }
}

/** Sends the push activation link by email or SMS (the activation's `send` links). */
export function sendPushActivation(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, link: ActivationLinkRequest): void {
  if (factor.factorType !== 'push' || factor.status !== 'PENDING_ACTIVATION') throw new OktaError('E0000107');
  if (!factor.pushActivation || org.clock.now() >= factor.pushActivation.expiresAt) throw new OktaError('E0000110');
  const uri = pushActivationUri(org, user, factor);
  const text = `Set up Okta Verify for your sandbox org account: ${uri}`;
  if (link.channel === 'email') {
    org.outbox.send('email', user.profile.email, text, { link: uri, userId: user.id });
    logFactorEvent(org, ctx, user, factor, 'system.email.send_factor_verify_message', 'Send Okta Verify activation email', 'SUCCESS');
    return;
  }
  if (!link.phoneNumber) throw validation('profile', ['phoneNumber: The field cannot be left blank']);
  org.outbox.send('sms', normalizedPhone(link.phoneNumber), text, { link: uri, userId: user.id });
  logFactorEvent(org, ctx, user, factor, 'system.sms.send_okta_push_verify_message', 'Send Okta Verify activation SMS', 'SUCCESS');
}

/** Resends the enrollment code of a pending SMS, call or email factor. */
export function resendEnrollment(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, codeLifetimeSeconds: number | undefined): void {
  if (factor.status !== 'PENDING_ACTIVATION' || !['sms', 'call', 'email'].includes(factor.factorType)) throw new OktaError('E0000107');
  if (attemptsExhausted(org, factor.activationAttempts)) throw new OktaError('E0000047');
  org.outbox.assertNotThrottled(codeChannel(factor), codeRecipient(factor));
  countAttempt(org, factor.resendAttempts);
  sendCode(org, ctx, user, factor, 'enroll', codeLifetimeSeconds ?? org.timings.otpTtlSeconds);
}

/**
 * What a verify call did: sent a push, sent a code (CHALLENGE), issued a security-key challenge
 * (CHALLENGE with a nonce), or accepted a code or answer (SUCCESS).
 */
export type VerifyOutcome = { kind: 'push'; push: PushTransaction } | { kind: 'challenge' } | { kind: 'keyChallenge'; nonce: string } | { kind: 'success' };

/** Verify: starts a push, sends a code (no passCode yet), or checks a passCode / answer. */
export function verifyFactor(
  org: Org,
  ctx: ActionContext,
  user: UserRecord,
  factor: FactorRecord,
  request: VerifyRequest,
  source: PushTransaction['source'],
): VerifyOutcome {
  if (factor.status !== 'ACTIVE') throw new OktaError('E0000107', undefined, ['The factor must be ACTIVE to be verified.']);

  if (factor.factorType === 'push') {
    const numberMatching = request.useNumberMatchingChallenge;
    const now = org.clock.now();
    const push: PushTransaction = {
      id: org.ids.transaction(),
      userId: user.id,
      factorId: factor.id,
      createdAt: now,
      expiresAt: now + org.timings.pushTtlSeconds * 1000,
      correctAnswer: numberMatching ? 10 + Math.floor(Math.random() * 90) : null,
      result: 'WAITING',
      source,
    };
    org.pushes.set(push.id, push);
    logFactorEvent(org, ctx, user, factor, 'system.push.send_factor_verify_push', 'Push notification sent for verification', 'SUCCESS', {
      debugData: { pushTransactionId: push.id, numberMatching: String(numberMatching) },
    });
    return { kind: 'push', push };
  }

  if (factor.factorType === 'question') {
    const answer = request.answer;
    if (!answer) throw validation('answer', ['answer: The field cannot be left blank']);
    if (answer.trim().toLowerCase() !== (factor.answer ?? '').trim().toLowerCase()) {
      logMfaAuthentication(org, ctx, user, factor, 'FAILURE', 'INVALID_CREDENTIALS');
      throw new OktaError('E0000068', undefined, ["Your answer doesn't match our records. Please try again."]);
    }
    logMfaAuthentication(org, ctx, user, factor, 'SUCCESS');
    return { kind: 'success' };
  }

  if (factor.factorType === 'signed_nonce' || factor.factorType === 'web') {
    // FastPass is only used by Okta Verify itself and Duo only in its own prompt: Okta publishes no
    // `verify` link for either and no admin verify.
    throw validation('factorVerifyRequest', [`A ${factor.factorType} factor can't be verified through the Factors API`]);
  }

  if (factor.factorType === 'webauthn' || factor.factorType === 'u2f') {
    if (request.assertion) {
      throw validation('factorVerifyRequest', ['The sandbox org has no security key to check a WebAuthn or U2F assertion against']);
    }
    return { kind: 'keyChallenge', nonce: secureToken(20) };
  }

  const passCode = request.passCode;
  if (!passCode) {
    if (isTokenFactor(factor)) throw validation('passCode', ['passCode: The field cannot be left blank']);
    sendCode(org, ctx, user, factor, 'verify', request.codeLifetimeSeconds ?? org.timings.otpTtlSeconds);
    return { kind: 'challenge' };
  }
  const failure = checkPassCode(org, factor, passCode);
  if (failure) {
    logMfaAuthentication(org, ctx, user, factor, 'FAILURE', 'INVALID_CREDENTIALS');
    throw new OktaError('E0000068', undefined, [failure]);
  }
  logMfaAuthentication(org, ctx, user, factor, 'SUCCESS');
  return { kind: 'success' };
}

/** A push verify transaction of this factor, or 404. */
export function pushTransactionOf(org: Org, factor: FactorRecord, transactionId: string): PushTransaction {
  const push = org.pushes.get(transactionId);
  if (!push || push.factorId !== factor.id) throw notFound(transactionId, 'Transaction');
  return push;
}

/** The phone answers a push: approve (with the number shown, when number matching) or deny. */
export function answerPush(
  org: Org,
  push: PushTransaction,
  decision: 'approve' | 'deny',
  answer: number | undefined,
  request: RequestContext | null,
): 'SUCCESS' | 'REJECTED' {
  const user = org.user(push.userId);
  const factor = org.factor(user, push.factorId);
  const state = org.pushResult(push);
  if (state !== 'WAITING') throw new OktaError('E0000110', undefined, [`The push is no longer waiting (it is ${state}).`]);
  const ctx: ActionContext = { actor: org.actorFor(user), request };
  const reject = (reason: string, mfaReason: string): 'REJECTED' => {
    push.result = 'REJECTED';
    logFactorEvent(org, ctx, user, factor, 'user.mfa.okta_verify.deny_push', 'User rejected Okta push verify', 'DENY', { reason });
    logMfaAuthentication(org, ctx, user, factor, 'FAILURE', mfaReason);
    return 'REJECTED';
  };
  if (decision === 'approve' && push.correctAnswer !== null) {
    if (answer === undefined) throw validation('answer', ['answer: this push uses number matching; send the number shown in the sign-in screen']);
    if (answer !== push.correctAnswer) return reject('WRONG_NUMBER_CHALLENGE_ANSWER', 'INVALID_CREDENTIALS');
  }
  if (decision === 'deny') return reject('USER_REJECTED', 'USER_REJECTED');
  push.result = 'SUCCESS';
  logFactorEvent(org, ctx, user, factor, 'user.mfa.okta_verify', 'Verify user with Okta Verify', 'SUCCESS');
  logMfaAuthentication(org, ctx, user, factor, 'SUCCESS');
  return 'SUCCESS';
}

/** Logs one factor's unenrollment; Identity Engine names the factor in the reason ("User reset SIGNED_NONCE factor"). */
function logDeactivation(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord): void {
  const reason = org.engine === 'oie' ? `User reset ${factorKey(factor)} factor` : undefined;
  logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.deactivate', `Reset factor for user (${factorDisplayName(factor)})`, 'SUCCESS', { reason });
}

/**
 * Unenrolls a factor. Unenrolling Okta Verify push or FastPass also unenrolls the rest of that Okta
 * Verify enrollment (see okta-verify.ts), each with its own `user.mfa.factor.deactivate` event.
 */
export function deleteFactor(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord): void {
  for (const removed of factorsRemovedWith(org.factorsOf(user), factor)) {
    org.removeFactor(user, removed.id);
    logDeactivation(org, ctx, user, removed);
  }
}

/**
 * Resets every factor. Classic logs one `user.mfa.factor.reset_all`; Identity Engine logs one
 * `user.mfa.factor.deactivate` per factor (Okta Workflows: "User MFA Factor Deactivated" fires three
 * times for Okta Verify).
 */
export function resetAllFactors(org: Org, ctx: ActionContext, user: UserRecord): void {
  const factors = [...org.factorsOf(user)];
  for (const factor of factors) org.removeFactor(user, factor.id);
  if (org.engine === 'oie') {
    for (const factor of factors) logDeactivation(org, ctx, user, factor);
    return;
  }
  logFactorEvent(org, ctx, user, null, 'user.mfa.factor.reset_all', 'Reset all factors for user', 'SUCCESS');
}
