import { SEEDED_PASSWORD } from '../directory/generate';
import type { UserRecord } from '../directory/model';
import type { ActionContext } from '../logs/event-log';
import type { Org } from '../org';
import { secureToken } from '../random';
import { grantedPrivileges, roleAssignmentsFor, type RoleSpec } from '../roles/grant-roles';
import type { ApiToken } from './api-tokens';

/** What `POST /sandbox/v1/tokens` asks for: whose token, and (optionally) the admin roles that user should hold. */
export interface TokenRequest {
  login: string;
  /** Replace the user's roles with these; undefined keeps the roles they hold. */
  roles: RoleSpec[] | undefined;
  name: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
}

export interface MintedToken {
  secret: string;
  token: ApiToken;
  user: UserRecord;
}

/** Creates a user for an admin login the org does not know yet: ACTIVE, the seeded password, no factors. */
function newAdminUser(org: Org, request: TokenRequest): UserRecord {
  const now = org.clock.now();
  const local = request.login.split('@')[0] ?? request.login;
  const [first, ...rest] = local.split(/[._-]/);
  const capitalized = (word: string | undefined): string => (word ? word.charAt(0).toUpperCase() + word.slice(1) : '');
  return org.directory.add({
    id: org.ids.next('00u'),
    status: 'ACTIVE',
    created: now,
    activated: now,
    statusChanged: now,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: now,
    profile: {
      firstName: request.firstName ?? (capitalized(first) || 'Admin'),
      lastName: request.lastName ?? (capitalized(rest.join(' ')) || 'User'),
      email: request.login,
      login: request.login,
      mobilePhone: null,
      secondEmail: null,
      department: 'IT',
      title: 'Administrator',
      locale: 'en_US',
      timeZone: 'America/Los_Angeles',
    },
    password: SEEDED_PASSWORD,
    factorPlan: 'none',
  });
}

/**
 * Mints an SSWS API token for an admin (a sandbox convenience: in Okta an admin creates their own
 * token in the Admin Console). The user is created when the login is new; given roles replace the
 * user's role assignments (logged as `user.account.privilege.grant`); the token then acts with
 * whatever roles the user holds at each call. The secret is returned once and never stored.
 */
export function mintToken(org: Org, ctx: ActionContext, request: TokenRequest): MintedToken {
  const user = org.directory.get(request.login) ?? newAdminUser(org, request);
  if (request.roles) {
    const assignee = { kind: 'user' as const, userId: user.id };
    org.roles.replace(assignee, roleAssignmentsFor(assignee, request.roles, org.clock.now(), (prefix) => org.ids.next(prefix)));
    org.log.append({
      eventType: request.roles.length ? 'user.account.privilege.grant' : 'user.account.privilege.revoke',
      displayMessage: request.roles.length ? 'Grant user privilege' : 'Revoke user privilege',
      actor: ctx.actor,
      targets: [org.userTarget(user)],
      result: 'SUCCESS',
      request: ctx.request,
      debugData: request.roles.length ? { privilegeGranted: grantedPrivileges(request.roles) } : { privilegeRevoked: 'all' },
    });
  }
  const secret = 'sbx_' + secureToken(40);
  const token: ApiToken = { id: org.ids.next('00T'), name: request.name ?? `Token for ${user.profile.login}`, userId: user.id, created: org.clock.now() };
  org.apiTokens.add(token, secret);
  return { secret, token, user };
}
