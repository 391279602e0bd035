import { validation } from '../errors';
import { asObject, optionalString, type JsonObject } from '../request-body';
import type { Query } from '../request-context';
import { QUESTIONS, SUPPORTED_FACTORS, isKnownFactorType, type SecurityQuestion } from './catalog';
import type { FactorProvider, FactorType } from './model';

/**
 * The User Factors API's requests, read from their JSON bodies and query strings into typed values.
 * A malformed request is refused here (400), before the factor service looks at the org's state.
 */

/** `tokenLifetimeSeconds`: how long a code sent by this call stays valid (undefined: the org's default). */
export function parseCodeLifetime(query: Query): number | undefined {
  const raw = query.tokenLifetimeSeconds;
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
    throw validation('tokenLifetimeSeconds', ['tokenLifetimeSeconds: must be an integer between 1 and 86400']);
  }
  return seconds;
}

interface EnrollOptions {
  provider: FactorProvider;
  /** `activate=true`: an sms, call or email factor is ACTIVE at once, without a code. */
  activate: boolean;
  /** `updatePhone=true`: a pending SMS enrollment may move to another number. */
  updatePhone: boolean;
  codeLifetimeSeconds: number | undefined;
}

/** What each enrollable factor type reads from `profile`; a phone number or email left out defaults to the user's. */
type EnrollProfile =
  | { factorType: 'push' | 'token:software:totp' }
  | { factorType: 'sms'; phoneNumber: string | undefined }
  | { factorType: 'call'; phoneNumber: string | undefined; phoneExtension: string | undefined }
  | { factorType: 'email'; email: string | undefined }
  | { factorType: 'question'; question: SecurityQuestion; answer: string };

export type EnrollRequest = EnrollOptions & EnrollProfile;

const stringOrNothing = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function enrollProfile(factorType: FactorType, profile: JsonObject): EnrollProfile {
  switch (factorType) {
    case 'push':
    case 'token:software:totp':
      return { factorType };
    case 'sms':
      return { factorType, phoneNumber: stringOrNothing(profile.phoneNumber) };
    case 'call': {
      const extension = profile.phoneExtension;
      if (extension !== undefined && (typeof extension !== 'string' || !/^\d{1,15}$/.test(extension))) {
        throw validation('factorEnrollRequest', ['phoneExtension: must be up to 15 digits']);
      }
      return { factorType, phoneNumber: stringOrNothing(profile.phoneNumber), phoneExtension: extension };
    }
    case 'email':
      return { factorType, email: stringOrNothing(profile.email) };
    case 'question': {
      const question = QUESTIONS.find((q) => q.question === profile.question);
      const answer = profile.answer;
      const causes: string[] = [];
      if (!question) causes.push(`question: '${String(profile.question)}' is not one of the security questions (GET .../factors/questions)`);
      if (typeof answer !== 'string' || answer.trim().length < 4) causes.push('answer: The security question answer must be at least 4 characters in length');
      if (!question || typeof answer !== 'string' || causes.length) throw validation('factorEnrollRequest', causes);
      return { factorType, question, answer };
    }
    default:
      throw validation('factorEnrollRequest', [`factorType: ${factorType} cannot be enrolled in the sandbox`]);
  }
}

/** An enroll request: a known factor type, a provider that offers it, a profile object with what the type needs. */
export function parseEnrollRequest(rawBody: unknown, query: Query): EnrollRequest {
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
  const fields = enrollProfile(supported.factorType, profile as JsonObject);
  return {
    ...fields,
    provider: supported.provider,
    activate: query.activate === 'true',
    updatePhone: query.updatePhone === 'true',
    codeLifetimeSeconds: parseCodeLifetime(query),
  };
}

/** An activate request: the code that proves the enrollment (OTP factors). */
export function parsePassCodeBody(rawBody: unknown): string | undefined {
  return optionalString(asObject(rawBody), 'passCode');
}

/** A verify request, read as Okta documents it for the factor's type. */
export interface VerifyRequest {
  /** push: show a number to match in the sign-in screen. */
  useNumberMatchingChallenge: boolean;
  /** question: the answer. */
  answer: string | undefined;
  /** sms, call, email, token:software:totp: the code; without one, sms, call and email send a code. */
  passCode: string | undefined;
  /** The lifetime of the code this call sends, when it sends one. */
  codeLifetimeSeconds: number | undefined;
  /** webauthn / u2f: whether the body carries a signed assertion (clientData and a signature) rather than asking for a challenge. */
  assertion: boolean;
}

/** The factor types whose verify sends a code when the body has none. */
const SENDS_CODE = new Set<FactorType>(['sms', 'call', 'email']);
/** The factor types whose verify reads a `passCode`. */
const TAKES_PASS_CODE = new Set<FactorType>(['sms', 'call', 'email', 'token:software:totp', 'token', 'token:hotp', 'token:hardware']);

export function parseVerifyRequest(factorType: FactorType, rawBody: unknown, query: Query): VerifyRequest {
  const body = asObject(rawBody);
  const answer = factorType === 'question' ? optionalString(body, 'answer') : undefined;
  const passCode = TAKES_PASS_CODE.has(factorType) ? optionalString(body, 'passCode') : undefined;
  const sendsCode = SENDS_CODE.has(factorType) && !passCode;
  return {
    useNumberMatchingChallenge: body.useNumberMatchingChallenge === true,
    answer,
    passCode,
    codeLifetimeSeconds: sendsCode ? parseCodeLifetime(query) : undefined,
    assertion: ['clientData', 'signatureData', 'authenticatorData'].some((key) => body[key] !== undefined),
  };
}

/** Where to send a push activation link: the user's email, or a phone number given in the body. */
export type ActivationLinkRequest = { channel: 'email' } | { channel: 'sms'; phoneNumber: string | undefined };

/** The request of `.../lifecycle/activate/{channel}`, or null for a channel Okta doesn't offer (a 404 path). */
export function parseActivationLinkRequest(channel: string, rawBody: unknown): ActivationLinkRequest | null {
  if (channel === 'email') return { channel };
  if (channel !== 'sms') return null;
  const profile = asObject(asObject(rawBody).profile);
  return { channel, phoneNumber: stringOrNothing(profile.phoneNumber) };
}
