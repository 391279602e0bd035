import type { UserRecord } from '../directory/model';
import { SUPPORTED_FACTORS } from '../factors/catalog';
import { VENDOR_NAME, type FactorRecord } from '../factors/model';
import { pushActivationLinks, totpActivation } from '../factors/serialize';
import { link, namedLink } from '../links';
import type { Org } from '../org';
import type { AuthnTransaction } from './transactions';

export function authnUser(org: Org, user: UserRecord): Record<string, unknown> {
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
export function authnFactor(org: Org, user: UserRecord, factor: FactorRecord, embedded?: Record<string, unknown>): Record<string, unknown> {
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: VENDOR_NAME[factor.provider],
    profile: { ...factor.profile },
    ...(embedded ? { _embedded: embedded } : {}),
  };
}

/** The activation embedded in MFA_ENROLL_ACTIVATE; its send links go to the Authentication API (they take the stateToken). */
export function pushActivationEmbed(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
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

export function totpActivationEmbed(org: Org, user: UserRecord, factor: FactorRecord): Record<string, unknown> {
  return { activation: totpActivation(org, user, factor) };
}

interface TransactionBody {
  factorResult?: string;
  embedded?: Record<string, unknown>;
  links?: Record<string, unknown>;
}

/** The authentication transaction object: state token, status, embedded user and factor(s), HAL links. */
export function transactionJson(org: Org, transaction: AuthnTransaction, user: UserRecord, body: TransactionBody): Record<string, unknown> {
  const cancel = link(org.url('/api/v1/authn/cancel'), 'POST');
  const prev = link(org.url('/api/v1/authn/previous'), 'POST');
  const withPrev = transaction.status === 'MFA_ENROLL_ACTIVATE' || transaction.status === 'MFA_CHALLENGE';
  return {
    stateToken: transaction.stateToken,
    expiresAt: org.clock.iso(transaction.expiresAt),
    status: transaction.status,
    ...(transaction.relayState !== undefined ? { relayState: transaction.relayState } : {}),
    ...(body.factorResult ? { factorResult: body.factorResult } : {}),
    _embedded: { user: authnUser(org, user), ...body.embedded },
    _links: { ...body.links, cancel, ...(withPrev ? { prev } : {}) },
  };
}

export function enrollChoices(org: Org, user: UserRecord): Array<Record<string, unknown>> {
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

export function verifyChoices(org: Org, user: UserRecord): Array<Record<string, unknown>> {
  return org
    .factorsOf(user)
    .filter((f) => f.status === 'ACTIVE')
    .map((f) => ({
      ...authnFactor(org, user, f),
      _links: { verify: link(org.url(`/api/v1/authn/factors/${f.id}/verify`), 'POST') },
    }));
}

export function resendLinks(org: Org, factor: FactorRecord, path: 'verify/resend' | 'lifecycle/resend'): Record<string, unknown> {
  const name = factor.factorType === 'push' ? 'push' : factor.factorType;
  return { resend: [namedLink(name, org.url(`/api/v1/authn/factors/${factor.id}/${path}`), 'POST')] };
}
