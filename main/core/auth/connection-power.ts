import { FactorDeskError } from '../../../contract/errors';
import type { AdminRoleSummary, Capability, ConnectionPower, OktaApiScope } from '../../../contract/orgs';
import { oktaApiScopeSchema } from '../../../contract/orgs';
import type { OktaClient } from '../okta/client';
import { listClientRoles, listUserRoles, roleGroupTargets } from '../okta/resources/roles';
import type { OktaRole } from '../okta/schemas';

/** What each standard role lets a connection do with factors and the System Log (Okta's standard roles). */
interface RoleReach {
  read: 'all' | 'non_admins' | 'none';
  reset: 'all' | 'non_admins' | 'none';
  logs: boolean;
}
const ROLE_REACH: Record<string, RoleReach> = {
  SUPER_ADMIN: { read: 'all', reset: 'all', logs: true },
  ORG_ADMIN: { read: 'all', reset: 'non_admins', logs: true },
  HELP_DESK_ADMIN: { read: 'all', reset: 'non_admins', logs: false },
  USER_ADMIN: { read: 'all', reset: 'non_admins', logs: false },
  READ_ONLY_ADMIN: { read: 'all', reset: 'none', logs: true },
  REPORT_ADMIN: { read: 'none', reset: 'none', logs: true },
};
/** Roles Okta lets an org limit to groups. */
const GROUP_LIMITED_TYPES = new Set(['HELP_DESK_ADMIN', 'USER_ADMIN', 'GROUP_MEMBERSHIP_ADMIN', 'CUSTOM']);

export interface PowerSubject {
  kind: 'agent' | 'service_app' | 'api_token';
  name: string;
  /** The scopes Okta granted (OAuth), or null for an API token. */
  scopes: readonly string[] | null;
  /** A service app's client id (its roles are the app's own). */
  clientId?: string;
}

const LEVEL_ORDER: Capability['level'][] = ['no', 'unknown', 'partly', 'yes'];
const best = (a: Capability, b: Capability): Capability => (LEVEL_ORDER.indexOf(b.level) > LEVEL_ORDER.indexOf(a.level) ? b : a);

/**
 * "Test connection" tells the truth about power: who the calls act as, the scopes granted, the
 * admin roles and their reach (every user, or which groups), and what that allows — reading
 * factors, resetting them, reading the System Log — before the agent meets a refusal mid-call.
 * The System Log is also probed (`logReadable`), since that answer is Okta's own.
 */
export async function connectionPower(client: OktaClient, subject: PowerSubject, logReadable: boolean): Promise<ConnectionPower> {
  const scopes = subject.scopes === null ? null : subject.scopes.filter((scope): scope is OktaApiScope => oktaApiScopeSchema.safeParse(scope).success);
  let roles: AdminRoleSummary[] | null = null;
  let rolesUnreadable: string | undefined;
  try {
    roles = await readRoles(client, subject);
  } catch (error) {
    if (!(error instanceof FactorDeskError) || !['PERMISSION_DENIED', 'NOT_FOUND'].includes(error.data.code)) throw error;
    rolesUnreadable = error.data.message;
  }

  const hasScope = (scope: OktaApiScope): boolean =>
    scopes === null || scopes.includes(scope) || (scope.endsWith('.read') && scopes.includes(scope.replace(/\.read$/, '.manage') as OktaApiScope));
  const missing = (scope: OktaApiScope): Capability => ({ level: 'no', why: `The access token does not include ${scope}: ask an Okta super admin to grant it to the app.` });

  const byRole = (what: keyof RoleReach): Capability => {
    if (roles === null) return { level: 'unknown', why: `FactorDesk could not read the admin roles: ${rolesUnreadable ?? 'unknown reason'}` };
    if (roles.length === 0) return { level: 'no', why: 'No admin role: Okta refuses the management API to non-administrators.' };
    let result: Capability = { level: 'no', why: `None of the roles (${roles.map((role) => role.label).join(', ')}) allows it.` };
    for (const role of roles) result = best(result, roleCapability(role, what));
    return result;
  };

  const readFactors = hasScope('okta.users.read') ? byRole('read') : missing('okta.users.read');
  const resetFactors = hasScope('okta.users.manage') ? byRole('reset') : missing('okta.users.manage');
  const readSystemLog: Capability = logReadable
    ? { level: 'yes', why: 'Okta answered a System Log query: the History view works.' }
    : hasScope('okta.logs.read')
      ? { level: 'no', why: 'Okta refused a System Log query: the admin role does not include reading it (Report, Read-only, Org or Super administrator do).' }
      : missing('okta.logs.read');
  return {
    actor: { kind: subject.kind, name: subject.name },
    scopes,
    roles,
    ...(rolesUnreadable ? { rolesUnreadable } : {}),
    readFactors,
    resetFactors,
    readSystemLog,
  };
}

function roleCapability(role: AdminRoleSummary, what: keyof RoleReach): Capability {
  const reach = ROLE_REACH[role.type];
  if (!reach) {
    return role.type === 'CUSTOM'
      ? { level: 'unknown', why: `${role.label} is a custom role: what it allows depends on its permissions in Okta.` }
      : { level: 'no', why: `${role.label} does not cover users' factors.` };
  }
  const where = role.reach === 'groups' ? ` (only members of ${role.groups.slice(0, 5).join(', ') || 'its groups'})` : '';
  if (what === 'logs') return reach.logs ? { level: 'yes', why: `${role.label} can read the System Log.` } : { level: 'no', why: `${role.label} cannot read the System Log.` };
  const level = reach[what];
  const verb = what === 'read' ? 'read' : 'reset';
  if (level === 'none') return { level: 'no', why: `${role.label} cannot ${verb} factors.` };
  if (level === 'all' && role.reach === 'all_users') return { level: 'yes', why: `${role.label}: every user${what === 'reset' ? ', administrators included' : ''}.` };
  const admins = level === 'non_admins' ? ', not administrators' : '';
  return { level: 'partly', why: `${role.label}: ${verb}s factors${where || ' of every user'}${admins}.` };
}

async function readRoles(client: OktaClient, subject: PowerSubject): Promise<AdminRoleSummary[]> {
  if (subject.kind === 'service_app' && subject.clientId) {
    const clientId = subject.clientId;
    const roles = await listClientRoles(client, clientId);
    return Promise.all(roles.map(async (role) => summary(role, GROUP_LIMITED_TYPES.has(role.type) ? await roleGroupTargets(client, { clientId }, role.id) : [])));
  }
  const roles = await listUserRoles(client, 'me');
  return Promise.all(
    roles.map(async (role) => {
      const embedded = role._embedded?.targets?.groups;
      const groups = embedded ?? (GROUP_LIMITED_TYPES.has(role.type) ? await roleGroupTargets(client, { userId: 'me' }, role.id) : []);
      return summary(role, groups);
    }),
  );
}

function summary(role: OktaRole, groups: { id: string; profile?: { name?: string | null } | undefined }[]): AdminRoleSummary {
  return {
    type: role.type,
    label: role.label ?? role.type,
    reach: groups.length > 0 ? 'groups' : 'all_users',
    groups: groups.map((group) => group.profile?.name ?? group.id),
  };
}
