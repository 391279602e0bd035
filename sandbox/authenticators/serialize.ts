import type { UserRecord } from '../directory/model';
import { link } from '../links';
import type { Org } from '../org';
import { BASE62, SeededRandom } from '../random';
import type { TacEnrollment } from './tac-authenticator';

/** The other authenticators an Identity Engine org lists beside the TAC one (read-only in the sandbox). */
const OTHER_AUTHENTICATORS = [
  { key: 'okta_password', type: 'password', name: 'Password' },
  { key: 'okta_email', type: 'email', name: 'Email' },
  { key: 'phone_number', type: 'phone', name: 'Phone' },
  { key: 'okta_verify', type: 'app', name: 'Okta Verify' },
  { key: 'security_question', type: 'security_question', name: 'Security Question' },
  { key: 'webauthn', type: 'security_key', name: 'Passkey (FIDO2 WebAuthn)' },
] as const;

/** Okta's date-time without milliseconds or zone ("in the UTC timezone"), as TAC `expiresAt` is written. */
export function utcWithoutZone(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, '');
}

function authenticatorLinks(org: Org, id: string, active: boolean, manageable: boolean): Record<string, unknown> {
  const self = org.url(`/api/v1/authenticators/${id}`);
  return {
    self: manageable ? link(self, 'GET', 'PUT') : link(self, 'GET'),
    ...(manageable ? { [active ? 'deactivate' : 'activate']: link(`${self}/lifecycle/${active ? 'deactivate' : 'activate'}`, 'POST') } : {}),
    methods: link(`${self}/methods`, 'GET'),
  };
}

/** The TAC authenticator as `GET /api/v1/authenticators` lists it (spec AuthenticatorResponseTac). */
export function tacAuthenticatorJson(org: Org): Record<string, unknown> {
  const tac = org.tac;
  return {
    type: 'tac',
    id: tac.id,
    key: 'tac',
    status: tac.status,
    name: 'Temporary Access Code',
    created: org.clock.iso(tac.created),
    lastUpdated: org.clock.iso(tac.lastUpdated),
    provider: { type: 'tac', configuration: structuredClone(tac.configuration) },
    _links: authenticatorLinks(org, tac.id, tac.status === 'ACTIVE', true),
  };
}

/** Every authenticator of the org: the usual Identity Engine ones, then the TAC authenticator. */
export function authenticatorsJson(org: Org): Array<Record<string, unknown>> {
  const random = new SeededRandom(`${org.seed}:authenticators`);
  const created = org.clock.iso(org.tac.created);
  const others = OTHER_AUTHENTICATORS.map((each) => {
    const id = 'aut' + random.string(17, BASE62);
    return { type: each.type, id, key: each.key, status: 'ACTIVE', name: each.name, created, lastUpdated: created, _links: authenticatorLinks(org, id, true, false) };
  });
  return [...others, tacAuthenticatorJson(org)];
}

/** A TAC enrollment; `withCode` only in the answer to the POST that issued it. */
export function tacEnrollmentJson(org: Org, user: UserRecord, enrollment: TacEnrollment, withCode: boolean): Record<string, unknown> {
  const self = org.url(`/api/v1/users/${user.id}/authenticator-enrollments/${enrollment.id}`);
  return {
    id: enrollment.id,
    type: 'tac',
    key: 'tac',
    name: 'Temporary Access Code',
    status: 'ACTIVE',
    profile: {
      ...(withCode ? { tac: enrollment.code } : {}),
      multiUse: enrollment.multiUse,
      expiresAt: utcWithoutZone(enrollment.expiresAt),
    },
    created: org.clock.iso(enrollment.createdAt),
    lastUpdated: org.clock.iso(enrollment.createdAt),
    nickname: '',
    _links: {
      self: link(self, 'GET', 'DELETE'),
      user: link(org.url(`/api/v1/users/${user.id}`), 'GET'),
      authenticator: link(org.url(`/api/v1/authenticators/${org.tac.id}`), 'GET'),
    },
  };
}
