import type { UserRecord } from '../directory/model';
import { SUPPORTED_FACTORS } from '../factors/catalog';
import { VENDOR_NAME, vendorNameOf, type FactorRecord } from '../factors/model';
import { pushActivationLinks, totpActivation } from '../factors/serialize';
import { link, namedLink } from '../links';
import { maskedProfile } from './masking';
import type { Org } from '../org';
import type { AuthnSession, FactorResult } from './service';
import type { AuthnTransaction } from './transactions';

const relayStateOf = (relayState: string | undefined): { relayState?: string } => (relayState !== undefined ? { relayState } : {});

function authnUser(org: Org, user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    ...(user.passwordChanged !== null ? { passwordChanged: org.clock.iso(user.passwordChanged) } : {}),
    profile: {
      login: user.profile.login,
      firstName: user.profile.firstName,
      lastName: user.profile.lastName,
      locale: user.profile.locale,
      timeZone: user.profile.timeZone,
    },
  };
}

/** A factor as embedded in an authn transaction (no status; activation or challenge embedded when relevant). */
function authnFactor(org: Org, user: UserRecord, factor: FactorRecord, embedded?: Record<string, unknown>): Record<string, unknown> {
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: vendorNameOf(factor),
    // Before MFA the Authentication API never shows a whole phone number or email address.
    profile: maskedProfile(factor.profile),
    ...(embedded ? { _embedded: embedded } : {}),
  };
}

/** The activation embedded in MFA_ENROLL_ACTIVATE; its send links go to the Authentication API (they take the stateToken). */
function pushActivationEmbed(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
  const authnBase = org.url(`/api/v1/authn/factors/${factor.id}/lifecycle/activate`);
  return {
    activation: {
      expiresAt: org.clock.iso(factor.pushActivation?.expiresAt),
      factorResult: 'WAITING',
      _links: {
        qrcode: pushActivationLinks(org, user, factor).qrcode,
        send: [namedLink('email', `${authnBase}/email`, 'POST'), namedLink('sms', `${authnBase}/sms`, 'POST')],
      },
    },
  };
}

function totpActivationEmbed(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
  return { activation: totpActivation(org, user, factor) };
}

interface TransactionBody {
  factorResult?: string;
  embedded?: Record<string, unknown>;
  links?: Record<string, unknown>;
}

/** The authentication transaction object: state token, status, embedded user and factor(s), HAL links. */
function transactionJson(org: Org, transaction: AuthnTransaction, user: UserRecord, body: TransactionBody): Record<string, unknown> {
  const cancel = link(org.url('/api/v1/authn/cancel'), 'POST');
  const prev = link(org.url('/api/v1/authn/previous'), 'POST');
  const withPrev = transaction.status === 'MFA_ENROLL_ACTIVATE' || transaction.status === 'MFA_CHALLENGE';
  return {
    stateToken: transaction.stateToken,
    expiresAt: org.clock.iso(transaction.expiresAt),
    status: transaction.status,
    ...relayStateOf(transaction.relayState),
    ...(body.factorResult ? { factorResult: body.factorResult } : {}),
    _embedded: { user: authnUser(org, user), ...body.embedded },
    _links: { ...body.links, cancel, ...(withPrev ? { prev } : {}) },
  };
}

function enrollChoices(org: Org, user: UserRecord): Array<Record<string, unknown>> {
  const enrollHref = org.url('/api/v1/authn/factors');
  const enrolled = org.factorsOf(user);
  return SUPPORTED_FACTORS.filter((f) => f.enrollable)
    .filter((f) => !enrolled.some((e) => e.factorType === f.factorType && e.provider === f.provider && e.status === 'ACTIVE'))
    .map((f) => ({
      factorType: f.factorType,
      provider: f.provider,
      vendorName: VENDOR_NAME[f.provider],
      status: 'NOT_SETUP',
      enrollment: 'OPTIONAL',
      _links: {
        ...(f.factorType === 'question' ? { questions: link(org.url(`/api/v1/users/${user.id}/factors/questions`), 'GET') } : {}),
        enroll: link(enrollHref, 'POST'),
      },
    }));
}

function verifyChoices(org: Org, user: UserRecord): Array<Record<string, unknown>> {
  // FastPass signs in through Okta Verify itself, never through the Authentication API.
  const factors = org
    .factorsOf(user)
    .filter((f) => f.status === 'ACTIVE' && f.factorType !== 'signed_nonce')
    .map((f) => ({
      ...authnFactor(org, user, f),
      _links: { verify: link(org.url(`/api/v1/authn/factors/${f.id}/verify`), 'POST') },
    }));
  // SANDBOX: a live temporary access code is offered as one more factor (verified with `passCode`).
  const tac = org.tac.current(user);
  if (!tac) return factors;
  return [
    ...factors,
    {
      id: tac.id,
      factorType: 'tac',
      provider: 'OKTA',
      vendorName: 'OKTA',
      profile: {},
      _links: { verify: link(org.url(`/api/v1/authn/factors/${tac.id}/verify`), 'POST') },
    },
  ];
}

function resendLinks(org: Org, factor: FactorRecord, path: 'verify/resend' | 'lifecycle/resend'): Record<string, unknown> {
  const name = factor.factorType === 'push' ? 'push' : factor.factorType;
  return { resend: [namedLink(name, org.url(`/api/v1/authn/factors/${factor.id}/${path}`), 'POST')] };
}

/** The current state of a transaction, as `POST /api/v1/authn {stateToken}` and most transitions answer. */
export function transactionStateJson(org: Org, transaction: AuthnTransaction, factorResult?: FactorResult): Record<string, unknown> {
  const user = org.user(transaction.userId);
  if (transaction.status === 'MFA_ENROLL') {
    return transactionJson(org, transaction, user, { embedded: { factors: enrollChoices(org, user) } });
  }
  if (transaction.status === 'MFA_REQUIRED') {
    return transactionJson(org, transaction, user, { embedded: { factors: verifyChoices(org, user) } });
  }
  const factor = org.factor(user, transaction.factorId ?? '');
  const factorBase = org.url(`/api/v1/authn/factors/${factor.id}`);
  if (transaction.status === 'MFA_ENROLL_ACTIVATE') {
    if (factor.factorType === 'push') {
      if (factorResult === 'TIMEOUT') {
        // The activation object is left out on TIMEOUT; `next` reverts to activate.
        return transactionJson(org, transaction, user, {
          factorResult,
          embedded: { factor: authnFactor(org, user, factor) },
          links: { next: namedLink('activate', `${factorBase}/lifecycle/activate`, 'POST') },
        });
      }
      return transactionJson(org, transaction, user, {
        factorResult: 'WAITING',
        embedded: { factor: authnFactor(org, user, factor, pushActivationEmbed(org, user, factor)) },
        links: { next: namedLink('poll', `${factorBase}/lifecycle/activate/poll`, 'POST') },
      });
    }
    return transactionJson(org, transaction, user, {
      embedded: {
        factor: authnFactor(org, user, factor, factor.factorType === 'token:software:totp' ? totpActivationEmbed(org, user, factor) : undefined),
      },
      links: {
        next: namedLink('activate', `${factorBase}/lifecycle/activate`, 'POST'),
        ...(['sms', 'call', 'email'].includes(factor.factorType) ? resendLinks(org, factor, 'lifecycle/resend') : {}),
      },
    });
  }
  // MFA_CHALLENGE
  const push = transaction.pushId ? org.pushes.get(transaction.pushId) : undefined;
  const challenge = push?.correctAnswer != null && factorResult === 'WAITING' ? { challenge: { correctAnswer: push.correctAnswer } } : undefined;
  const waiting = factor.factorType === 'push' && factorResult === 'WAITING';
  return transactionJson(org, transaction, user, {
    factorResult,
    embedded: { factor: authnFactor(org, user, factor, challenge) },
    links: {
      next: namedLink(waiting ? 'poll' : 'verify', `${factorBase}/verify`, 'POST'),
      ...(['push', 'sms', 'call', 'email'].includes(factor.factorType) ? resendLinks(org, factor, 'verify/resend') : {}),
    },
  });
}

/** SUCCESS: the session token, and the user who signed in. */
export function signedInJson(org: Org, session: AuthnSession): Record<string, unknown> {
  return {
    expiresAt: org.clock.iso(session.expiresAt),
    status: 'SUCCESS',
    ...relayStateOf(session.relayState),
    sessionToken: session.sessionToken,
    _embedded: { user: authnUser(org, session.user) },
  };
}

/** A locked-out user gets no transaction, only the way to self-service unlock. */
export function lockedOutJson(org: Org, relayState: string | undefined): Record<string, unknown> {
  return {
    status: 'LOCKED_OUT',
    ...relayStateOf(relayState),
    _links: { next: namedLink('unlock', org.url('/api/v1/authn/recovery/unlock'), 'POST') },
  };
}

export function cancelledJson(org: Org, transaction: AuthnTransaction): Record<string, unknown> {
  return {
    status: 'UNAUTHENTICATED',
    ...relayStateOf(transaction.relayState),
    _links: { next: link(org.url('/api/v1/authn'), 'POST') },
  };
}
