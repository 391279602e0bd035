import type { UserRecord } from '../directory/model';
import { link, namedLink, type Link, type NamedLink } from '../links';
import type { Org, PushTransaction } from '../org';
import type { VerifyOutcome } from './service';
import { VENDOR_NAME, vendorNameOf, type FactorRecord } from './model';
import { SUPPORTED_FACTORS } from './catalog';

export function factorPath(user: UserRecord, factor: FactorRecord): string {
  return `/api/v1/users/${user.id}/factors/${factor.id}`;
}

/** `_links` of a push activation: the QR code PNG and the email / SMS send links. */
export function pushActivationLinks(org: Org, user: UserRecord, factor: FactorRecord): { send: NamedLink[]; qrcode: { href: string; type: string } } {
  const base = org.url(factorPath(user, factor));
  return {
    send: [
      namedLink('email', `${base}/lifecycle/activate/email`, 'POST'),
      namedLink('sms', `${base}/lifecycle/activate/sms`, 'POST'),
    ],
    qrcode: { href: `${base}/qr/${factor.pushActivation?.token ?? ''}`, type: 'image/png' },
  };
}

/** Activation poll answer while the phone hasn't scanned yet. */
export function activationWaiting(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
  const links = pushActivationLinks(org, user, factor);
  return {
    expiresAt: org.clock.iso(factor.pushActivation?.expiresAt),
    factorResult: 'WAITING',
    _links: { poll: link(org.url(`${factorPath(user, factor)}/lifecycle/activate/poll`, 'pushPoll'), 'POST'), qrcode: links.qrcode, send: links.send },
  };
}

/** Activation poll answer after `expiresAt`: no activation object, only the link to start over. */
export function activationTimeout(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
  return {
    factorResult: 'TIMEOUT',
    _links: { activate: link(`${org.url(factorPath(user, factor))}/lifecycle/activate`, 'POST') },
  };
}

export function totpActivation(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
  return {
    timeStep: 30,
    sharedSecret: factor.sharedSecret,
    encoding: 'base32',
    // Okta answers 6 (the code's digits) for Okta Verify but 16 for Google Authenticator
    // (factors.md "Enroll Google Authenticator Factor"; EnrollFactorGoogleResponse): not digits.
    keyLength: factor.provider === 'GOOGLE' ? 16 : 6,
    _links: { qrcode: { href: `${org.url(factorPath(user, factor))}/qr/${factor.qrToken ?? ''}`, type: 'image/png' } },
  };
}

/** A factor's `profile`: what the record keeps, with FastPass's public keys. */
export function factorProfileJson(factor: FactorRecord): Record<string, unknown> {
  return factor.keys ? { ...factor.profile, keys: factor.keys.map((key) => ({ ...key })) } : { ...factor.profile };
}

/** The Factor object, with the links Okta publishes for its type and status. */
export function factorJson(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
  const base = org.url(factorPath(user, factor));
  const userLink = link(org.url(`/api/v1/users/${user.id}`), 'GET');
  const links: Record<string, Link | NamedLink[] | { href: string; type: string }> = {};
  let embedded: Record<string, unknown> | undefined;

  if (factor.status === 'ACTIVE') {
    if (factor.factorType === 'question') {
      links.questions = link(org.url(`/api/v1/users/${user.id}/factors/questions`), 'GET');
    } else if (factor.factorType !== 'signed_nonce' && factor.factorType !== 'web') {
      // FastPass and Duo have no admin verify, so Okta publishes no verify link for them.
      links.verify = link(`${base}/verify`, 'POST');
    }
    links.self = link(base, 'GET', 'DELETE');
  } else if (factor.status !== 'PENDING_ACTIVATION') {
    // INACTIVE, EXPIRED, DISABLED, ENROLLED, NOT_SETUP: nothing to verify or activate; it can be read and removed.
    links.self = link(base, 'GET', 'DELETE');
  } else if (factor.factorType === 'push') {
    links.poll = link(org.url(`${factorPath(user, factor)}/lifecycle/activate/poll`, 'pushPoll'), 'POST');
    links.self = link(base, 'GET');
    const activation = factor.pushActivation;
    if (activation && org.clock.now() < activation.expiresAt) {
      embedded = { activation: { expiresAt: org.clock.iso(activation.expiresAt), factorResult: 'WAITING', _links: pushActivationLinks(org, user, factor) } };
    } else {
      links.activate = link(`${base}/lifecycle/activate`, 'POST');
    }
  } else {
    links.activate = link(`${base}/lifecycle/activate`, 'POST');
    if (factor.factorType === 'sms' || factor.factorType === 'call' || factor.factorType === 'email') {
      links.resend = [namedLink(factor.factorType, `${base}/resend`, 'POST')];
    }
    links.self = link(base, 'GET');
    if (factor.factorType === 'token:software:totp') embedded = { activation: totpActivation(org, user, factor) };
  }
  links.user = userLink;

  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: vendorNameOf(factor),
    status: factor.status,
    created: org.clock.iso(factor.created),
    lastUpdated: org.clock.iso(factor.lastUpdated),
    // A custom HOTP factor has no profile, only the factor profile it was enrolled with (EnrollFactorCustomTotpResponse).
    ...(factor.factorType === 'token:hotp' ? { factorProfileId: factor.factorProfileId } : { profile: factorProfileJson(factor) }),
    _links: links,
    ...(embedded ? { _embedded: embedded } : {}),
  };
}

export function catalogJson(org: Org, user: UserRecord): Array<Record<string, unknown>> {
  const enrolled = org.factorsOf(user);
  const enrollLink = link(org.url(`/api/v1/users/${user.id}/factors`), 'POST');
  return SUPPORTED_FACTORS.map(({ factorType, provider }) => {
    const existing = enrolled.find((f) => f.factorType === factorType && f.provider === provider);
    const links: Record<string, Link> = {};
    if (factorType === 'question') links.questions = link(org.url(`/api/v1/users/${user.id}/factors/questions`), 'GET');
    links.enroll = enrollLink;
    const entry: Record<string, unknown> = {
      factorType,
      provider,
      vendorName: VENDOR_NAME[provider],
      status: existing?.status ?? 'NOT_SETUP',
      enrollment: 'OPTIONAL',
      _links: links,
    };
    if ((factorType === 'sms' || factorType === 'call') && user.profile.mobilePhone) {
      entry._embedded = {
        phones: [{ id: 'mbl' + user.id.slice(3), profile: { phoneNumber: user.profile.mobilePhone.replace(/[\s\-().]/g, '') }, status: 'ACTIVE' }],
      };
    }
    return entry;
  });
}

export function pushPollPath(user: UserRecord, factor: FactorRecord, push: PushTransaction): string {
  return `${factorPath(user, factor)}/transactions/${push.id}`;
}

/** A push still waiting for the phone: its poll / cancel links and, with number matching, the number to show. */
function waitingPushJson(org: Org, user: UserRecord, factor: FactorRecord, push: PushTransaction, extra: Record<string, unknown>): Record<string, unknown> {
  const pollHref = org.url(pushPollPath(user, factor, push), 'pushPoll');
  return {
    expiresAt: org.clock.iso(push.expiresAt),
    factorResult: 'WAITING',
    ...extra,
    _links: { poll: link(pollHref, 'GET'), cancel: link(pollHref, 'DELETE') },
    ...(push.correctAnswer !== null ? { _embedded: { challenge: { correctAnswer: push.correctAnswer } } } : {}),
  };
}

/** The links of a verification that needs another try: verify again, or the factor itself. */
function verifyAgainLinks(org: Org, user: UserRecord, factor: FactorRecord): Record<string, Link> {
  const base = org.url(factorPath(user, factor));
  return { verify: link(`${base}/verify`, 'POST'), factor: link(base, 'GET', 'DELETE') };
}

/**
 * A webauthn or u2f challenge (UserFactorChallengeWebauthnResponse / ...U2fResponse): the nonce to
 * sign, the credential to sign it with, and where to send the assertion.
 */
function securityKeyChallengeJson(org: Org, user: UserRecord, factor: FactorRecord, nonce: string): Record<string, unknown> {
  const webauthn = factor.factorType === 'webauthn';
  return {
    factorResult: 'CHALLENGE',
    profile: webauthn ? { ...factor.profile } : { credentialId: factor.profile.credentialId, version: 'U2F_V2' },
    _links: verifyAgainLinks(org, user, factor),
    _embedded: { challenge: webauthn ? { challenge: nonce, extensions: {} } : { nonce, timeoutSeconds: 20 } },
  };
}

/** The answer to `POST .../verify`: a push sent (WAITING), a code sent (CHALLENGE), or SUCCESS. */
export function verifyResultJson(org: Org, user: UserRecord, factor: FactorRecord, outcome: VerifyOutcome): Record<string, unknown> {
  if (outcome.kind === 'push') return waitingPushJson(org, user, factor, outcome.push, {});
  if (outcome.kind === 'success') return { factorResult: 'SUCCESS' };
  if (outcome.kind === 'keyChallenge') return securityKeyChallengeJson(org, user, factor, outcome.nonce);
  const profile: Record<string, string> = {};
  if (factor.profile.phoneNumber) profile.phoneNumber = factor.profile.phoneNumber;
  if (factor.profile.phoneExtension) profile.phoneExtension = factor.profile.phoneExtension;
  return {
    factorResult: 'CHALLENGE',
    ...(Object.keys(profile).length ? { profile } : {}),
    _links: verifyAgainLinks(org, user, factor),
  };
}

/** A push verify transaction as `GET .../transactions/{id}` answers it (WAITING, SUCCESS, REJECTED, TIMEOUT). */
export function pushTransactionJson(org: Org, user: UserRecord, factor: FactorRecord, push: PushTransaction): Record<string, unknown> {
  const result = org.pushResult(push);
  const profile = { credentialId: user.profile.login };
  if (result === 'WAITING') return waitingPushJson(org, user, factor, push, { profile });
  if (result === 'SUCCESS') return { factorResult: 'SUCCESS' };
  return {
    factorResult: result === 'CANCELLED' ? 'REJECTED' : result,
    profile,
    _links: verifyAgainLinks(org, user, factor),
  };
}
