import type { BulkOperation, BulkParams } from '../../../contract';
import { FactorDeskError } from '../../../contract/errors';
import type { OktaClient, OktaUser } from '../okta';
import { getUser, getUserByLogin, isPathSafeLogin, listFactors, listUserRoles, usersPage } from '../okta/resources';
import { findByPhone } from '../users/find-by-phone';
import { isPhoneRegion, phoneQuery } from '../users/phone-search';
import { quoteSearchValue } from '../users/user-search';
import type { InputRow } from './bulk-input';
import type { JobPrincipal, PlannedFactor, RowPlan } from './bulk-job-record';

export interface ResolveContext {
  client: OktaClient;
  operation: BulkOperation;
  params: BulkParams;
  principal: JobPrincipal | null;
  /** Learned from the first answer: whether this principal may read other users' admin roles. */
  roles: { readable: boolean | null };
  signal?: AbortSignal;
}

type Found = { user: OktaUser } | { notFound: string } | { ambiguous: OktaUser[] };

const codeOf = (error: unknown): string | undefined => (error instanceof FactorDeskError ? error.data.code : undefined);

function displayName(user: OktaUser): string {
  const { firstName, lastName, displayName } = user.profile;
  return displayName || [firstName, lastName].filter(Boolean).join(' ') || user.profile.login;
}

async function searchOne(client: OktaClient, search: string, keep: (user: OktaUser) => boolean = () => true): Promise<Found> {
  const users = (await usersPage(client, { query: { search, limit: '5' } })).users.filter(keep);
  if (users.length === 0) return { notFound: 'No user has it.' };
  if (users.length > 1) return { ambiguous: users };
  return { user: users[0] as OktaUser };
}

/** Find the one user a row names: an id or a login directly, an email or phone by search (which may find several). */
async function findUser(context: ResolveContext, row: InputRow): Promise<Found> {
  const { client } = context;
  const notFoundOr = async (lookup: () => Promise<OktaUser>, otherwise: () => Promise<Found>): Promise<Found> => {
    try {
      return { user: await lookup() };
    } catch (error) {
      if (codeOf(error) !== 'NOT_FOUND') throw error;
      return otherwise();
    }
  };
  switch (row.kind) {
    case 'id':
      return notFoundOr(() => getUser(client, row.input, context.signal), async () => ({ notFound: 'No user has this id (or your role cannot see them).' }));
    case 'login': {
      const byEmail = () =>
        row.input.includes('@')
          ? searchOne(client, `profile.email eq ${quoteSearchValue(row.input)} or profile.secondEmail eq ${quoteSearchValue(row.input)}`)
          : searchOne(client, `profile.login eq ${quoteSearchValue(row.input)}`);
      if (!isPathSafeLogin(row.input)) return byEmail();
      return notFoundOr(() => getUserByLogin(client, row.input), byEmail);
    }
    case 'phone': {
      const region = context.params.phoneRegion ?? 'US';
      const phone = isPhoneRegion(region) ? phoneQuery(row.input, region) : null;
      // A bulk row names one whole number: the start of one is not enough to act on.
      if (!phone?.e164) return { notFound: 'Not a phone number FactorDesk can read.' };
      const users = (await findByPhone(client, phone, 5)).map((hit) => hit.user);
      if (users.length === 0) return { notFound: 'No user has it.' };
      return users.length > 1 ? { ambiguous: users } : { user: users[0] as OktaUser };
    }
    case 'invalid':
      return { notFound: 'Not an Okta user id, login, email or phone number.' };
  }
}

/** The admin roles the target holds; null when this principal may not read them (learned once, then not asked again). */
async function adminRolesOf(context: ResolveContext, userId: string): Promise<string[] | null> {
  if (context.roles.readable === false) return null;
  try {
    const roles = await listUserRoles(context.client, userId, context.signal);
    context.roles.readable = true;
    return roles.filter((role) => !role.status || role.status === 'ACTIVE').map((role) => role.type);
  } catch (error) {
    if (codeOf(error) !== 'PERMISSION_DENIED') throw error;
    context.roles.readable = false;
    return null;
  }
}

const planned = (factors: Awaited<ReturnType<typeof listFactors>>): PlannedFactor[] =>
  factors.map((factor) => ({ id: factor.id, factorType: factor.factorType, provider: factor.provider, status: factor.status }));

/**
 * What the run would do for one user, found or given (a group's member, a search hit): nothing is
 * changed here. Admin targets are refused up front when the principal is not a super admin (only a
 * super admin may change another admin); when roles cannot be read, Okta's 403 at run time decides.
 */
export async function planForUser(context: ResolveContext, base: RowPlan, user: OktaUser): Promise<RowPlan> {
  const plan: RowPlan = { ...base, resolution: 'ready', userId: user.id, login: user.profile.login, name: displayName(user), userStatus: user.status };
  const { operation } = context;
  if (operation === 'inventory') return plan;
  if (user.status === 'DEPROVISIONED') return { ...plan, resolution: 'nothing_to_do', detail: 'The user is deactivated: there is nothing to change.' };

  const roles = await adminRolesOf(context, user.id);
  if (roles) plan.adminRoles = roles;
  if (roles && roles.length > 0 && context.principal && !context.principal.superAdmin) {
    return { ...plan, resolution: 'not_allowed', detail: `The user is an admin (${roles.join(', ')}); only a super admin may change an admin.` };
  }

  switch (operation) {
    case 'unlock':
      return user.status === 'LOCKED_OUT' ? plan : { ...plan, resolution: 'nothing_to_do', detail: `Not locked out (${user.status}).` };
    case 'clear_sessions':
      return plan;
    case 'reset_all_factors':
    case 'reset_factor_types':
    case 'send_enrollment_email': {
      const factors = planned(await listFactors(context.client, user.id));
      plan.factors = factors;
      if (operation === 'send_enrollment_email') {
        if (user.status !== 'ACTIVE') return { ...plan, resolution: 'nothing_to_do', detail: `Only active users can enroll (${user.status}).` };
        const push = factors.find((factor) => factor.factorType === 'push');
        if (push?.status === 'ACTIVE') return { ...plan, resolution: 'nothing_to_do', detail: 'Already enrolled in Okta Verify.' };
        plan.targetFactorIds = push ? [push.id] : [];
        return plan;
      }
      const types = operation === 'reset_factor_types' ? new Set(context.params.factorTypes ?? []) : null;
      const targets = factors.filter((factor) => !types || types.has(factor.factorType));
      if (targets.length === 0) {
        return { ...plan, resolution: 'nothing_to_do', detail: types ? `No ${[...types].join(' or ')} factor.` : 'No factors enrolled.' };
      }
      plan.targetFactorIds = targets.map((factor) => factor.id);
      return plan;
    }
  }
}

/** Resolve one input row. Failures that say nothing about the row (network, Okta down) become `error`; rate limits are waited out by the caller. */
export async function resolveRow(context: ResolveContext, row: InputRow): Promise<RowPlan> {
  const base: RowPlan = { row: row.row, input: row.input, kind: row.kind, resolution: 'invalid' };
  if (row.kind === 'invalid') return { ...base, detail: row.input === '' ? 'The row is empty.' : 'Not an Okta user id, login, email or phone number.' };
  let found: Found;
  try {
    found = await findUser(context, row);
  } catch (error) {
    if (codeOf(error) === 'PERMISSION_DENIED') return { ...base, resolution: 'not_allowed', detail: 'Your role may not read this user.' };
    throw error;
  }
  if ('notFound' in found) return { ...base, resolution: 'not_found', detail: found.notFound };
  if ('ambiguous' in found) {
    const logins = found.ambiguous.map((user) => user.profile.login);
    return { ...base, resolution: 'ambiguous', detail: `${logins.length}${logins.length >= 5 ? '+' : ''} users match: ${logins.slice(0, 3).join(', ')}${logins.length > 3 ? ', …' : ''}. Use their login or id.` };
  }
  return planForUser(context, base, found.user);
}
