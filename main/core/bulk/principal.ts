import { FactorDeskError } from '../../../contract/errors';
import type { OktaClient } from '../okta';
import { getCurrentUser, listUserRoles } from '../okta/resources';
import type { JobPrincipal } from './bulk-job-record';

/**
 * Who the job runs as: the API token's user and their admin roles (`/users/me`, `/users/{id}/roles`).
 * A principal that cannot read them (a help desk without okta.roles.read; a service app, which has
 * no user) is described as far as it can be: roles null, not known to be a super admin.
 */
export async function describePrincipal(client: OktaClient): Promise<JobPrincipal | null> {
  let me;
  try {
    me = await getCurrentUser(client);
  } catch (error) {
    if (error instanceof FactorDeskError && (error.data.code === 'NOT_FOUND' || error.data.code === 'PERMISSION_DENIED')) return null;
    throw error;
  }
  try {
    const roles = (await listUserRoles(client, me.id)).filter((role) => !role.status || role.status === 'ACTIVE').map((role) => role.type);
    return { login: me.profile.login, roles, superAdmin: roles.includes('SUPER_ADMIN') };
  } catch (error) {
    if (error instanceof FactorDeskError && error.data.code === 'PERMISSION_DENIED') return { login: me.profile.login, roles: null, superAdmin: false };
    throw error;
  }
}
