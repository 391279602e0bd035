import type { UserRecord } from '../directory/model';
import { OktaError, validation } from '../errors';
import { FACTOR_ID_PREFIX } from '../ids';
import type { LogActor, OutcomeResult, RequestContext } from '../logs/event-log';
import type { Org, PushTransaction } from '../org';
import { normalizePhone, type Channel } from '../phone';
import { secureDigits, secureToken } from '../random';
import { QUESTIONS, SUPPORTED_FACTORS, isKnownFactorType } from './catalog';
import { factorDisplayName, type FactorProvider, type FactorRecord, type FactorType } from './model';
import { matchTotp, newTotpSecret } from './otp';
import { factorPath } from './serialize';

/** Who is acting (admin for management calls, the end user for authn and phone actions) and from where. */
export interface ActionContext {
  actor: LogActor;
  request: RequestContext | null;
}

/** The System Log's credentialType vocabulary (ASSERTION, EMAIL, OTP, PASSWORD, SMS, ...). */
const CREDENTIAL_TYPE: Partial<Record<FactorType, string>> = {
  sms: 'SMS',
  email: 'EMAIL',
  call: 'OTP',
  'token:software:totp': 'OTP',
  push: 'OTP',
  signed_nonce: 'ASSERTION',
};

const ATTEMPT_WINDOW_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const OTP_TYPES = new Set<FactorType>(['sms', 'call', 'email', 'token:software:totp']);

export type JsonObject = Record<string, unknown>;

export function asObject(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new OktaError('E0000003');
  return body as JsonObject;
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(key, [`${key}: must be a string`]);
  return value;
}

/** Logs one event about a user (and optionally one of their factors). */
export function logFactorEvent(
  org: Org,
  ctx: ActionContext,
  user: UserRecord,
  factor: FactorRecord | null,
  eventType: string,
  displayMessage: string,
  result: OutcomeResult,
  extras: { reason?: string; debugData?: Record<string, string> } = {},
): void {
  org.log.append({
    eventType,
    displayMessage,
    actor: ctx.actor,
    targets: factor ? [org.userTarget(user), org.factorTarget(factor)] : [org.userTarget(user)],
    result,
    reason: extras.reason,
    request: ctx.request,
    debugData: { ...(factor ? { factor: factor.factorType, factorIntent: 'ENROLLMENT' } : {}), ...extras.debugData },
    credentialType: factor ? CREDENTIAL_TYPE[factor.factorType] : undefined,
  });
}

function countAttempt(org: Org, attempts: number[]): void {
  const now = org.clock.now();
  const recent = attempts.filter((t) => now - t < ATTEMPT_WINDOW_MS);
  attempts.length = 0;
  attempts.push(...recent);
  if (recent.length >= MAX_ATTEMPTS) throw new OktaError('E0000047');
  attempts.push(now);
}

function phoneChannel(factor: FactorRecord): Channel {
  return factor.factorType === 'call' ? 'voice' : factor.factorType === 'email' ? 'email' : 'sms';
}

function recipient(factor: FactorRecord): string {
  return factor.factorType === 'email' ? (factor.profile.email ?? '') : (factor.profile.phoneNumber ?? '');
}

/** Sends a fresh one-time code by SMS, voice or email and remembers it on the factor. */
function sendCode(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, purpose: 'enroll' | 'verify', lifetimeSeconds: number): void {
  const channel = phoneChannel(factor);
  const code = secureDigits(6);
  const to = recipient(factor);
  const text =
    channel === 'email'
      ? `Your sandbox org verification code is ${code}. It expires in ${Math.round(lifetimeSeconds / 60)} minutes.`
      : channel === 'voice'
        ? `Hello from your sandbox org. Your code is ${code.split('').join(', ')}.`
        : `Your sandbox org code is ${code}`;
  org.outbox.send(channel, to, text, { code });
  factor.sentCode = { code, expiresAt: org.clock.now() + lifetimeSeconds * 1000 };
  const eventType =
    channel === 'sms'
      ? purpose === 'enroll' ? 'system.sms.send_phone_verification_message' : 'system.sms.send_factor_verify_message'
      : channel === 'voice'
        ? purpose === 'enroll' ? 'system.voice.send_phone_verification_call' : 'system.voice.send_mfa_challenge_call'
        : 'system.email.send_factor_verify_message';
  const message =
    channel === 'sms' ? 'Send SMS verification code' : channel === 'voice' ? 'Send voice call verification code' : 'Send email verification code';
  logFactorEvent(org, ctx, user, factor, eventType, message, 'SUCCESS');
}

function lifetimeFrom(query: Record<string, string | undefined>, fallback: number): number {
  const raw = query.tokenLifetimeSeconds;
  if (raw === undefined) return fallback;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
    throw validation('tokenLifetimeSeconds', ['tokenLifetimeSeconds: must be an integer between 1 and 86400']);
  }
  return seconds;
}

function newPushActivation(org: Org): NonNullable<FactorRecord['pushActivation']> {
  return { token: secureToken(42), expiresAt: org.clock.now() + org.timings.activationTtlSeconds * 1000, timeoutReported: false };
}

/** The URI the push activation QR code (and the emailed / texted link) carries. */
export function pushActivationUri(org: Org, user: UserRecord, factor: FactorRecord): string {
  const params = new URLSearchParams({ t: factor.pushActivation?.token ?? '', f: factor.id, u: user.id, s: org.origin });
  return `oktaverify://activate?${params.toString()}`;
}

export function totpUri(org: Org, user: UserRecord, factor: FactorRecord): string {
  const issuer = factor.provider === 'GOOGLE' ? 'Sandbox Org (Google Authenticator)' : 'Sandbox Org';
  const params = new URLSearchParams({ secret: factor.sharedSecret ?? '', issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(user.profile.login)}?${params.toString()}`;
}

export interface EnrollRequest {
  factorType: FactorType;
  provider: FactorProvider;
  profile: JsonObject;
}

/** Validates an enroll body: known factor type, a provider that offers it, a profile object. */
export function parseEnrollRequest(rawBody: unknown): EnrollRequest {
  const body = asObject(rawBody);
  const factorType = optionalString(body, 'factorType');
  const provider = optionalString(body, 'provider')?.toUpperCase();
  const causes: string[] = [];
  if (!factorType) causes.push('factorType: The field cannot be left blank');
  else if (!isKnownFactorType(factorType)) causes.push(`factorType: '${factorType}' is not a supported factor type`);
  if (!provider) causes.push('provider: The field cannot be left blank');
  if (causes.length) throw validation('factorEnrollRequest', causes);
  if (factorType === 'signed_nonce') {
    throw validation('factorEnrollRequest', ["factorType: Okta FastPass (signed_nonce) can't be enrolled through the Factors API"]);
  }
  const supported = SUPPORTED_FACTORS.find((f) => f.factorType === factorType && f.provider === provider);
  if (!supported) throw validation('factorEnrollRequest', [`provider: '${provider}' does not offer the factor type '${factorType}'`]);
  if (!supported.enrollable) {
    throw validation('factorEnrollRequest', [`factorType: ${factorType} is listed in the catalog but the sandbox cannot enroll it (it needs a real authenticator)`]);
  }
  const profile = body.profile ?? {};
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) throw validation('factorEnrollRequest', ['profile: must be an object']);
  return { factorType: factorType as FactorType, provider: provider as FactorProvider, profile: profile as JsonObject };
}

/** Enrolls a factor (Factors API and Authentication API share this). Returns the new factor record. */
export function enrollFactor(
  org: Org,
  ctx: ActionContext,
  user: UserRecord,
  request: EnrollRequest,
  query: Record<string, string | undefined>,
): FactorRecord {
  if (user.status === 'DEPROVISIONED') throw new OktaError('E0000107');
  const { factorType, provider, profile } = request;
  const factors = org.factorsOf(user);
  const existing = factors.find((f) => f.factorType === factorType && f.provider === provider);
  if (existing?.status === 'ACTIVE') throw validation('factorEnrollRequest', ['A factor of this type is already set up.']);

  const now = org.clock.now();
  const prefix = FACTOR_ID_PREFIX[factorType] ?? 'fct';
  const factor: FactorRecord = {
    id: org.ids.next(prefix),
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
  const autoActivate = query.activate === 'true';

  switch (factorType) {
    case 'push':
      factor.pushActivation = newPushActivation(org);
      break;
    case 'sms':
    case 'call': {
      const given = typeof profile.phoneNumber === 'string' ? profile.phoneNumber : (user.profile.mobilePhone ?? undefined);
      if (!given) throw validation('factorEnrollRequest', ['phoneNumber: The field cannot be left blank']);
      const phone = normalizePhone(given);
      if (!phone) throw new OktaError('E0000098', undefined, [`phoneNumber: '${given}' is not a valid E.164 phone number (for example +15554151337)`]);
      factor.profile.phoneNumber = phone;
      // Okta keeps a pending SMS enrollment's number: another number needs `updatePhone=true`
      // (factors.md, "Enroll Okta SMS Factor by updating phone number" and "Existing phone").
      if (factorType === 'sms' && existing?.status === 'PENDING_ACTIVATION' && existing.profile.phoneNumber !== phone && query.updatePhone !== 'true') {
        throw validation('factorEnrollRequest', ['There is an existing verified phone number.']);
      }
      if (factorType === 'call' && profile.phoneExtension !== undefined) {
        if (typeof profile.phoneExtension !== 'string' || !/^\d{1,15}$/.test(profile.phoneExtension)) {
          throw validation('factorEnrollRequest', ['phoneExtension: must be up to 15 digits']);
        }
        factor.profile.phoneExtension = profile.phoneExtension;
      }
      if (!autoActivate) org.outbox.assertNotThrottled(factorType === 'call' ? 'voice' : 'sms', phone);
      break;
    }
    case 'email': {
      const email = typeof profile.email === 'string' ? profile.email : user.profile.email;
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 100) {
        throw validation('factorEnrollRequest', [`email: '${email}' is not a valid email address`]);
      }
      factor.profile.email = email;
      if (!autoActivate) org.outbox.assertNotThrottled('email', email);
      break;
    }
    case 'token:software:totp':
      factor.profile.credentialId = user.profile.login;
      factor.sharedSecret = newTotpSecret();
      factor.qrToken = secureToken(42);
      break;
    case 'question': {
      const question = QUESTIONS.find((q) => q.question === profile.question);
      const causes: string[] = [];
      if (!question) causes.push(`question: '${String(profile.question)}' is not one of the security questions (GET .../factors/questions)`);
      if (typeof profile.answer !== 'string' || profile.answer.trim().length < 4) {
        causes.push('answer: The security question answer must be at least 4 characters in length');
      }
      if (causes.length || !question) throw validation('factorEnrollRequest', causes);
      factor.profile.question = question.question;
      factor.profile.questionText = question.questionText;
      factor.answer = String(profile.answer);
      factor.status = 'ACTIVE';
      break;
    }
    default:
      throw validation('factorEnrollRequest', [`factorType: ${factorType} cannot be enrolled in the sandbox`]);
  }

  // A pending enrollment of the same kind is replaced, as a re-enrollment is in Okta.
  if (existing) org.removeFactor(user, existing.id);
  const lifetime = lifetimeFrom(query, org.timings.otpTtlSeconds);
  if (autoActivate && ['sms', 'call', 'email'].includes(factorType)) factor.status = 'ACTIVE';
  org.factorsOf(user).push(factor);

  if (factor.status === 'ACTIVE') {
    logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS');
  } else {
    logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.update', 'Enroll factor for user (pending activation)', 'SUCCESS');
    if (factorType === 'sms' || factorType === 'call' || factorType === 'email') sendCode(org, ctx, user, factor, 'enroll', lifetime);
  }
  return factor;
}

function markActive(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord): void {
  factor.status = 'ACTIVE';
  factor.lastUpdated = org.clock.now();
  factor.sentCode = undefined;
  factor.pushActivation = undefined;
  logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.activate', 'Activate factor for user', 'SUCCESS');
}

/** Checks a one-time code sent to the factor (SMS, voice, email) or a TOTP code. Returns a failure cause or null. */
function checkPassCode(org: Org, factor: FactorRecord, passCode: string): string | null {
  if (factor.factorType === 'token:software:totp') {
    const step = matchTotp(factor.sharedSecret ?? '', passCode, org.clock.now());
    if (step === null) return "Your passcode doesn't match our records. Please try again.";
    if (factor.lastAcceptedStep !== undefined && step <= factor.lastAcceptedStep) throw new OktaError('E0000082');
    factor.lastAcceptedStep = step;
    return null;
  }
  const sent = factor.sentCode;
  if (!sent || sent.code !== passCode) return "Your passcode doesn't match our records. Please try again.";
  if (org.clock.now() >= sent.expiresAt) return 'Your passcode has expired. Request a new code and try again.';
  factor.sentCode = undefined;
  return null;
}

export type PushActivationOutcome =
  | { kind: 'active' }
  | { kind: 'waiting' }
  | { kind: 'timeout' };

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
export function activateWithPassCode(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, rawBody: unknown): void {
  if (factor.status === 'ACTIVE') throw new OktaError('E0000107', undefined, ['The factor is already active.']);
  if (!OTP_TYPES.has(factor.factorType)) throw new OktaError('E0000107', undefined, [`A ${factor.factorType} factor is not activated with a passcode.`]);
  const passCode = optionalString(asObject(rawBody), 'passCode');
  if (!passCode) throw validation('passCode', ['passCode: The field cannot be left blank']);
  countAttempt(org, factor.activationAttempts);
  const failure = checkPassCode(org, factor, passCode);
  if (failure) {
    logFactorEvent(org, ctx, user, factor, 'user.mfa.factor.activate', 'Activate factor for user', 'FAILURE', { reason: 'INVALID_CREDENTIALS' });
    throw new OktaError('E0000068', undefined, [failure]);
  }
  markActive(org, ctx, user, factor);
}

/** The phone scanned the QR code (or opened the activation link): the push factor becomes ACTIVE with that device. */
export function completePushActivation(
  org: Org,
  user: UserRecord,
  factor: FactorRecord,
  device: { name: string; platform: string; version: string },
  request: RequestContext | null,
): void {
  if (factor.factorType !== 'push') throw validation('scan', [`Factor ${factor.id} is a ${factor.factorType} factor, not push`]);
  if (factor.status === 'ACTIVE') throw new OktaError('E0000107', undefined, ['The push factor is already active.']);
  if (!factor.pushActivation || org.clock.now() >= factor.pushActivation.expiresAt) throw new OktaError('E0000110');
  factor.profile = {
    credentialId: user.profile.login,
    deviceType: device.platform.toUpperCase() === 'IOS' ? 'SmartPhone_IPhone' : 'SmartPhone_Android',
    name: device.name,
    platform: device.platform.toUpperCase(),
    version: device.version,
  };
  markActive(org, { actor: org.actorFor(user), request }, user, factor);
}

/** Sends the push activation link by email or SMS (the activation's `send` links). */
export function sendPushActivation(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, channel: 'email' | 'sms', rawBody: unknown): void {
  if (factor.factorType !== 'push' || factor.status !== 'PENDING_ACTIVATION') throw new OktaError('E0000107');
  if (!factor.pushActivation || org.clock.now() >= factor.pushActivation.expiresAt) throw new OktaError('E0000110');
  const uri = pushActivationUri(org, user, factor);
  if (channel === 'email') {
    org.outbox.send('email', user.profile.email, `Set up Okta Verify for your sandbox org account: ${uri}`, { link: uri });
    logFactorEvent(org, ctx, user, factor, 'system.email.send_factor_verify_message', 'Send Okta Verify activation email', 'SUCCESS');
    return;
  }
  const body = asObject(rawBody);
  const profile = asObject(body.profile);
  const given = typeof profile.phoneNumber === 'string' ? profile.phoneNumber : undefined;
  if (!given) throw validation('profile', ['phoneNumber: The field cannot be left blank']);
  const phone = normalizePhone(given);
  if (!phone) throw new OktaError('E0000098', undefined, [`phoneNumber: '${given}' is not a valid E.164 phone number (for example +15554151337)`]);
  org.outbox.send('sms', phone, `Set up Okta Verify for your sandbox org account: ${uri}`, { link: uri });
  logFactorEvent(org, ctx, user, factor, 'system.sms.send_okta_push_verify_message', 'Send Okta Verify activation SMS', 'SUCCESS');
}

/** Resends the enrollment code of a pending SMS, call or email factor. */
export function resendEnrollment(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord, query: Record<string, string | undefined>): void {
  if (factor.status !== 'PENDING_ACTIVATION' || !['sms', 'call', 'email'].includes(factor.factorType)) throw new OktaError('E0000107');
  const now = org.clock.now();
  if (factor.activationAttempts.filter((t) => now - t < ATTEMPT_WINDOW_MS).length >= MAX_ATTEMPTS) throw new OktaError('E0000047');
  org.outbox.assertNotThrottled(phoneChannel(factor), recipient(factor));
  countAttempt(org, factor.resendAttempts);
  sendCode(org, ctx, user, factor, 'enroll', lifetimeFrom(query, org.timings.otpTtlSeconds));
}

export type VerifyOutcome =
  | { kind: 'push'; push: PushTransaction }
  | { kind: 'challenge' }
  | { kind: 'success' };

/** Verify: starts a push, sends a code (no passCode yet), or checks a passCode / answer. */
export function verifyFactor(
  org: Org,
  ctx: ActionContext,
  user: UserRecord,
  factor: FactorRecord,
  rawBody: unknown,
  query: Record<string, string | undefined>,
  source: PushTransaction['source'],
): VerifyOutcome {
  if (factor.status !== 'ACTIVE') throw new OktaError('E0000107', undefined, ['The factor must be ACTIVE to be verified.']);
  const body = asObject(rawBody);

  if (factor.factorType === 'push') {
    const numberMatching = body.useNumberMatchingChallenge === true;
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
    const answer = optionalString(body, 'answer');
    if (!answer) throw validation('answer', ['answer: The field cannot be left blank']);
    if (answer.trim().toLowerCase() !== (factor.answer ?? '').trim().toLowerCase()) {
      logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'FAILURE', { reason: 'INVALID_CREDENTIALS' });
      throw new OktaError('E0000068', undefined, ["Your answer doesn't match our records. Please try again."]);
    }
    logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'SUCCESS');
    return { kind: 'success' };
  }

  const passCode = optionalString(body, 'passCode');
  if (!passCode) {
    if (factor.factorType === 'token:software:totp') throw validation('passCode', ['passCode: The field cannot be left blank']);
    sendCode(org, ctx, user, factor, 'verify', lifetimeFrom(query, org.timings.otpTtlSeconds));
    return { kind: 'challenge' };
  }
  const failure = checkPassCode(org, factor, passCode);
  if (failure) {
    logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'FAILURE', { reason: 'INVALID_CREDENTIALS' });
    throw new OktaError('E0000068', undefined, [failure]);
  }
  logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'SUCCESS');
  return { kind: 'success' };
}

/** The phone answers a push: approve (with the number shown, when number matching) or deny. */
export function answerPush(org: Org, push: PushTransaction, decision: 'approve' | 'deny', answer: unknown, request: RequestContext | null): 'SUCCESS' | 'REJECTED' {
  const user = org.user(push.userId);
  const factor = org.factor(user, push.factorId);
  const state = org.pushResult(push);
  if (state !== 'WAITING') throw new OktaError('E0000110', undefined, [`The push is no longer waiting (it is ${state}).`]);
  const ctx: ActionContext = { actor: org.actorFor(user), request };
  if (decision === 'approve' && push.correctAnswer !== null) {
    if (answer === undefined || answer === null) {
      throw validation('answer', ['answer: this push uses number matching; send the number shown in the sign-in screen']);
    }
    if (Number(answer) !== push.correctAnswer) {
      push.result = 'REJECTED';
      logFactorEvent(org, ctx, user, factor, 'user.mfa.okta_verify.deny_push', 'User rejected Okta push verify', 'DENY', { reason: 'WRONG_NUMBER_CHALLENGE_ANSWER' });
      logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'FAILURE', { reason: 'INVALID_CREDENTIALS' });
      return 'REJECTED';
    }
  }
  if (decision === 'deny') {
    push.result = 'REJECTED';
    logFactorEvent(org, ctx, user, factor, 'user.mfa.okta_verify.deny_push', 'User rejected Okta push verify', 'DENY', { reason: 'USER_REJECTED' });
    logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'FAILURE', { reason: 'USER_REJECTED' });
    return 'REJECTED';
  }
  push.result = 'SUCCESS';
  logFactorEvent(org, ctx, user, factor, 'user.mfa.okta_verify', 'Verify user with Okta Verify', 'SUCCESS');
  logFactorEvent(org, ctx, user, factor, 'user.authentication.auth_via_mfa', 'Authentication of user via MFA', 'SUCCESS');
  return 'SUCCESS';
}

/**
 * Unenrolls a factor. Okta Verify is one app: resetting push also resets the Okta Verify TOTP
 * (`token:software:totp` with provider OKTA) and any `signed_nonce` factor of the user.
 */
export function deleteFactor(org: Org, ctx: ActionContext, user: UserRecord, factor: FactorRecord): void {
  const cascade = org.factorsOf(user).filter((f) => {
    if (f.id === factor.id) return true;
    if (factor.factorType === 'push' || factor.factorType === 'signed_nonce') {
      return (f.factorType === 'token:software:totp' && f.provider === 'OKTA') || f.factorType === 'signed_nonce' || f.factorType === 'push';
    }
    return false;
  });
  for (const removed of cascade) {
    org.removeFactor(user, removed.id);
    logFactorEvent(org, ctx, user, removed, 'user.mfa.factor.deactivate', `Reset factor for user (${factorDisplayName(removed)})`, 'SUCCESS');
  }
}

export function resetAllFactors(org: Org, ctx: ActionContext, user: UserRecord): void {
  for (const factor of [...org.factorsOf(user)]) org.removeFactor(user, factor.id);
  logFactorEvent(org, ctx, user, null, 'user.mfa.factor.reset_all', 'Reset all factors for user', 'SUCCESS');
}

export function pushPollPath(user: UserRecord, factor: FactorRecord, push: PushTransaction): string {
  return `${factorPath(user, factor)}/transactions/${push.id}`;
}
