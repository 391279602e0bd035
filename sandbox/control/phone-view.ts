import type { UserRecord } from '../directory/model';
import { numberChoices } from '../factors/number-challenge';
import { factorDisplayName, type FactorRecord } from '../factors/model';
import { codePeriodSeconds, currentCode, isTokenFactor } from '../factors/token-codes';
import type { Org } from '../org';
import type { Channel } from '../phone';

/** A push waiting on the phone. The right number is not said: the phone only shows the three to choose from. */
export interface PhonePushJson {
  transactionId: string;
  factorId: string;
  /** The device the push went to ("Isaac iPhone"), from its Okta Verify factor. */
  deviceName: string | null;
  /** Number matching: the three numbers Okta Verify shows, one of them right; null for a plain push. */
  numberChoices: number[] | null;
  sentAt: string;
  expiresAt: string;
}

/** An Okta Verify enrollment waiting for the phone to scan its QR code (or open its link). */
export interface PhoneActivationJson {
  factorId: string;
  expiresAt: string;
}

/** A text, call or email the org sent for the user. */
export interface PhoneMessageJson {
  /** Its place in the org's outbox: stable while the outbox is not emptied. */
  id: string;
  channel: Channel;
  to: string;
  text: string;
  code: string | null;
  link: string | null;
  /** When the link is this user's Okta Verify activation link: the push factor opening it activates. */
  activationFactorId: string | null;
  sentAt: string;
}

/** What an authenticator app or hardware token shows now. */
export interface PhoneCodeJson {
  factorId: string;
  factorType: string;
  provider: string;
  /** Okta's name for it: "Google Authenticator", "Okta Verify TOTP", "RSA SecurID", "YubiKey OTP", … */
  name: string;
  /** The device an Okta Verify code lives on, when known. */
  deviceName: string | null;
  /** ACTIVE, or PENDING_ACTIVATION while an authenticator app enrollment waits for its first code. */
  status: string;
  passCode: string;
  /** RSA SecurID: the PIN and the tokencode the passcode is made of. */
  pin: string | null;
  tokenCode: string | null;
  /** Symantec VIP: the code after this one (its enrollment asks for two). */
  nextPassCode: string | null;
  /** Counter-based tokens (HOTP, YubiKey): the counter of this code. */
  counter: number | null;
  /** Time-based codes: how long each lasts and how much of this one is left, on the org clock; null for counter-based tokens. */
  periodSeconds: number | null;
  secondsLeft: number | null;
}

/**
 * A security question the user set up, and the answer they remember. Shown to whoever plays the
 * caller (the sandbox's phone view only, like the apps' codes): the end user's own knowledge.
 */
export interface PhoneQuestionJson {
  factorId: string;
  /** Okta's key for the question ("disliked_food"). */
  question: string;
  /** The question as the user read it when they chose it. */
  questionText: string;
  /** What the user remembers as the answer. */
  answer: string;
  /** ACTIVE (a question is active once enrolled), or PENDING_ACTIVATION where the sandbox holds one. */
  status: string;
}

/**
 * The simulated user's phone and mailbox at one moment, as the control API's `phone` call and the
 * phone page show it: pending pushes, pending Okta Verify enrollments, the messages sent for the
 * user (newest first), the codes of their apps and tokens, the answers to their security
 * questions, and the org clock.
 */
export interface PhoneViewJson {
  user: { id: string; login: string; firstName: string; displayName: string };
  now: string;
  /** How far the org clock runs ahead of real time (moved by `clock/advance`). */
  clockAheadSeconds: number;
  pushes: PhonePushJson[];
  activations: PhoneActivationJson[];
  messages: PhoneMessageJson[];
  codes: PhoneCodeJson[];
  /** What the user remembers: the questions of their security question factors, with the answers. */
  questions: PhoneQuestionJson[];
}

/** A factor the user holds: set up, or being set up. */
const IN_USE_STATUSES = new Set(['ACTIVE', 'PENDING_ACTIVATION']);

/** The name of the device an Okta Verify factor lives on: its own, or its push factor's. */
function deviceNameOf(factors: readonly FactorRecord[], factor: FactorRecord): string | null {
  if (factor.profile.name) return factor.profile.name;
  if (!factor.oktaVerifyEnrollment) return null;
  const push = factors.find((f) => f.factorType === 'push' && f.oktaVerifyEnrollment === factor.oktaVerifyEnrollment);
  return push?.profile.name ?? null;
}

/** The push factor an `oktaverify://activate` link of this user names, or null for any other link. */
function activationFactorOf(link: string | null, user: UserRecord, factors: readonly FactorRecord[]): string | null {
  if (!link?.startsWith('oktaverify://activate?')) return null;
  const params = new URLSearchParams(link.slice('oktaverify://activate?'.length));
  const factorId = params.get('f');
  if (params.get('u') !== user.id || !factorId) return null;
  return factors.some((f) => f.id === factorId && f.factorType === 'push') ? factorId : null;
}

export function phoneView(org: Org, user: UserRecord): PhoneViewJson {
  const now = org.clock.now();
  const factors = org.factorsOf(user);
  const pushes = [...org.pushes.values()]
    .filter((push) => push.userId === user.id && org.pushResult(push) === 'WAITING')
    .map((push) => {
      const factor = factors.find((f) => f.id === push.factorId);
      return {
        transactionId: push.id,
        factorId: push.factorId,
        deviceName: factor ? deviceNameOf(factors, factor) : null,
        numberChoices: push.correctAnswer === null ? null : numberChoices(org.numberChallengeSalt, { id: push.id, correctAnswer: push.correctAnswer }),
        sentAt: org.clock.iso(push.createdAt),
        expiresAt: org.clock.iso(push.expiresAt),
      };
    });
  const activations = factors
    .filter((f) => f.factorType === 'push' && f.status === 'PENDING_ACTIVATION' && f.pushActivation && now < f.pushActivation.expiresAt)
    .map((f) => ({ factorId: f.id, expiresAt: org.clock.iso(f.pushActivation?.expiresAt) }));
  const messages = org.outbox.messages
    .map((message, index) => ({ message, index }))
    .filter(({ message }) => message.userId === user.id)
    .reverse()
    .map(({ message, index }) => ({
      id: String(index),
      channel: message.channel,
      to: message.to,
      text: message.text,
      code: message.code,
      link: message.link,
      activationFactorId: activationFactorOf(message.link, user, factors),
      sentAt: message.sentAt,
    }));
  const codes: PhoneCodeJson[] = [];
  for (const factor of factors) {
    if (!isTokenFactor(factor) || !IN_USE_STATUSES.has(factor.status)) continue;
    const code = currentCode(factor, now);
    const periodSeconds = codePeriodSeconds(factor);
    codes.push({
      factorId: factor.id,
      factorType: factor.factorType,
      provider: factor.provider,
      name: factorDisplayName(factor),
      deviceName: deviceNameOf(factors, factor),
      status: factor.status,
      passCode: code.passCode,
      pin: code.pin ?? null,
      tokenCode: code.tokenCode ?? null,
      nextPassCode: code.nextPassCode ?? null,
      counter: code.counter ?? null,
      periodSeconds,
      secondsLeft: periodSeconds === null ? null : periodSeconds - (Math.floor(now / 1000) % periodSeconds),
    });
  }
  const questions: PhoneQuestionJson[] = factors
    .filter((factor) => factor.factorType === 'question' && IN_USE_STATUSES.has(factor.status) && factor.answer !== undefined)
    .map((factor) => ({
      factorId: factor.id,
      question: factor.profile.question ?? '',
      questionText: factor.profile.questionText ?? factor.profile.question ?? '',
      answer: factor.answer ?? '',
      status: factor.status,
    }));
  const { firstName, lastName, login } = user.profile;
  return {
    user: { id: user.id, login, firstName, displayName: `${firstName} ${lastName}` },
    now: org.clock.iso(now),
    clockAheadSeconds: Math.max(0, Math.round((now - Date.now()) / 1000)),
    pushes,
    activations,
    messages,
    codes,
    questions,
  };
}
