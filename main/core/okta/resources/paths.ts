import { OKTA_ID_PATTERN } from '../../../../contract/ids';
import { addressRefused, pathAsWritten, shorten } from '../origin';
import { OktaRequestError } from '../request-reach';

// Every Okta address FactorDesk calls is built here, or is one of Okta's own links checked here
// against the shape the workflow expects. An id is only ever 20 letters and digits, so nothing
// the renderer or an Okta answer says can add a segment, climb out with `..` or name another endpoint.

/** An address refused here was never sent: whoever journals the request says so (`before_okta`). */
function refused(message: string): OktaRequestError {
  return new OktaRequestError(addressRefused(message).data, 'not_sent');
}

/** A path segment for an Okta id; anything else is refused before a request exists. */
function idSegment(id: string, what: 'user' | 'factor' | 'group' | 'client' | 'role assignment' | 'authenticator enrollment'): string {
  // Role assignment ids are Okta ids too, in older orgs shorter (e.g. IFIFAX2BIRGUSTQ).
  const pattern = what === 'role assignment' ? /^[A-Za-z0-9]{8,40}$/ : OKTA_ID_PATTERN;
  if (!pattern.test(id)) {
    throw refused(`"${shorten(id, 60)}" is not an Okta ${what} id (${what === 'role assignment' ? '8 to 40' : '20'} letters and digits), so no request was sent for it.`);
  }
  return id;
}

/**
 * Logins FactorDesk looks up directly (`GET /users/{login}`): an email-shaped login made of
 * characters that mean nothing in a path. Any other text is searched for instead (as a query value).
 */
const PATH_SAFE_LOGIN = /^[A-Za-z0-9._+'-]{1,200}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$/;

export function isPathSafeLogin(login: string): boolean {
  return login.length <= 254 && PATH_SAFE_LOGIN.test(login);
}

export const usersPath = '/api/v1/users';
export const systemLogPath = '/api/v1/logs';
/** The token's own user (Okta's "Get current user"). */
export const currentUserPath = `${usersPath}/me`;

export const userPath = (userId: string): string => `${usersPath}/${idSegment(userId, 'user')}`;
export const userByLoginPath = (login: string): string => {
  if (!isPathSafeLogin(login)) throw refused(`"${shorten(login, 60)}" cannot be looked up as a login, so no request was sent for it.`);
  return `${usersPath}/${encodeURIComponent(login)}`;
};
export const resetFactorsPath = (userId: string): string => `${userPath(userId)}/lifecycle/reset_factors`;
export const factorsPath = (userId: string): string => `${userPath(userId)}/factors`;
export const userSessionsPath = (userId: string): string => `${userPath(userId)}/sessions`;
export const unlockUserPath = (userId: string): string => `${userPath(userId)}/lifecycle/unlock`;
export const groupsPath = '/api/v1/groups';
export const groupPath = (groupId: string): string => `${groupsPath}/${idSegment(groupId, 'group')}`;
export const groupUsersPath = (groupId: string): string => `${groupPath(groupId)}/users`;
/** A user's admin role assignments (`okta.roles.read`); `me` for the caller's own. */
export const userRolesPath = (userId: string | 'me'): string => `${userId === 'me' ? currentUserPath : userPath(userId)}/roles`;
/** A service app's admin role assignments (Okta: under the org authorization server's clients). */
export const clientRolesPath = (clientId: string): string => `/oauth2/v1/clients/${idSegment(clientId, 'client')}/roles`;
/** The groups a role assignment is limited to. */
export const roleGroupTargetsPath = (rolesPath: string, roleAssignmentId: string): string =>
  `${rolesPath}/${idSegment(roleAssignmentId, 'role assignment')}/targets/groups`;
export const factorCatalogPath = (userId: string): string => `${factorsPath(userId)}/catalog`;
/** The org's authenticators (Identity Engine; `okta.authenticators.read`): where the TAC settings are. */
export const authenticatorsPath = '/api/v1/authenticators';
export const authenticatorEnrollmentsPath = (userId: string): string => `${userPath(userId)}/authenticator-enrollments`;
/** Issue a Temporary Access Code (`POST`). */
export const tacEnrollmentPath = (userId: string): string => `${authenticatorEnrollmentsPath(userId)}/tac`;
export const authenticatorEnrollmentPath = (userId: string, enrollmentId: string): string =>
  `${authenticatorEnrollmentsPath(userId)}/${idSegment(enrollmentId, 'authenticator enrollment')}`;
export const securityQuestionsPath = (userId: string): string => `${factorsPath(userId)}/questions`;
export const factorPath = (userId: string, factorId: string): string => `${factorsPath(userId)}/${idSegment(factorId, 'factor')}`;

/** Okta's documented sub-paths of a factor, for when its `_links` do not name the relation. */
const factorActionPaths = { verify: '/verify', activate: '/lifecycle/activate', resend: '/resend' } as const;
export type FactorAction = keyof typeof factorActionPaths;

export const factorActionPath = (userId: string, factorId: string, action: FactorAction): string =>
  `${factorPath(userId, factorId)}${factorActionPaths[action]}`;

// ---------------------------------------------------------------- Okta's own links

const ID = '[A-Za-z0-9]{20}';
/** Push transaction ids: `mst…`, or `v2mst.` and a base64url tail. */
const TRANSACTION = '[A-Za-z0-9]{1,64}(?:\\.[A-Za-z0-9_-]{1,64})?';
const FACTOR = `/api/v1/users/${ID}/factors/${ID}`;

/** The path shapes each kind of link followed from an Okta answer may have. */
export const oktaLinkShapes = {
  /** A push verification: poll and cancel (`transactions/{id}`, or the older `verify/{id}`). */
  pushTransaction: new RegExp(`^${FACTOR}/(?:transactions/${TRANSACTION}(?:/verify)?|verify/${TRANSACTION})$`),
  /** Start a push activation again (POST), or poll one (POST …/poll). */
  pushActivation: new RegExp(`^${FACTOR}/lifecycle/activate(?:/poll)?$`),
  /** Send the push activation link, resend an enrollment code, or send a verification code again. */
  sendToUser: new RegExp(`^${FACTOR}/(?:lifecycle/activate/(?:sms|email)|resend|verify)$`),
  /** An activation QR code image. */
  qrCode: new RegExp(`^${FACTOR}/qr/[A-Za-z0-9_-]{1,200}$`),
  /** Finish an enrollment with a code. */
  activate: new RegExp(`^${FACTOR}/lifecycle/activate$`),
  /** Challenge with a factor, or check a code or answer. */
  verify: new RegExp(`^${FACTOR}/verify$`),
} as const;

/**
 * The path a link points at, as sent: refused when URL normalisation would change it (the client
 * checks the origin when it sends).
 */
function linkPath(href: string, what: string): string {
  let url: URL;
  try {
    url = new URL(href, 'https://link.invalid');
  } catch {
    throw refused(`Okta's ${what} link is not a valid address, so it was not followed.`);
  }
  const written = pathAsWritten(href);
  if (written !== `${url.pathname}${url.search}${url.hash}`) {
    throw refused(`Okta's ${what} link "${shorten(written)}" would be changed by URL normalisation, so it was not followed.`);
  }
  return url.pathname;
}

/** An Okta link checked against the shape its use allows; anything else is refused, not followed. */
export function checkedLink(href: string, shape: RegExp, what: string): string {
  const path = linkPath(href, what);
  if (!shape.test(path)) throw refused(`Okta's ${what} link points at "${shorten(path)}", not where a ${what} link goes, so it was not followed.`);
  return href;
}

/** A resource's own link (`self`, `verify`, …) or its documented path; the link must point at that same path. */
export function ownLinkOr(href: string | undefined, documentedPath: string, what: string): string {
  if (href === undefined) return documentedPath;
  const path = linkPath(href, what);
  if (path !== documentedPath) throw refused(`Okta's ${what} link points at "${shorten(path)}" instead of "${documentedPath}", so it was not followed.`);
  return href;
}

/**
 * A push verification's transaction link (poll or cancel), only when it is a transaction of this
 * user's own factor: a link to another factor's push is refused, not followed or withdrawn.
 */
export function ownPushTransactionLink(href: string, userId: string, factorId: string, what: string): string {
  checkedLink(href, oktaLinkShapes.pushTransaction, what);
  const path = linkPath(href, what);
  const factor = factorPath(userId, factorId);
  if (!path.startsWith(`${factor}/`)) throw refused(`Okta's ${what} link points at "${shorten(path)}", a push of another factor than ${factor}, so it was not followed.`);
  return href;
}

/**
 * The first of a push's links that is a transaction of this user's factor, or the first refusal
 * when none is. Okta's poll and cancel links are one address (GET reads it, DELETE withdraws it),
 * so a push whose poll link is refused can still be withdrawn through a good cancel link, and the other way round.
 */
export function firstOwnPushTransactionLink(
  hrefs: ReadonlyArray<string | undefined>,
  userId: string,
  factorId: string,
  what: string,
): { href: string } | { refusal: OktaRequestError | undefined } {
  let refusal: OktaRequestError | undefined;
  for (const href of hrefs) {
    if (href === undefined) continue;
    try {
      return { href: ownPushTransactionLink(href, userId, factorId, what) };
    } catch (error) {
      if (!(error instanceof OktaRequestError)) throw error;
      refusal ??= error;
    }
  }
  return { refusal };
}
