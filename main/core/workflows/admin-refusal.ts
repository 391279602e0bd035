import type { AdminTargets } from '../auth/admin-targets';
import type { ActionScope } from '../audit';
import { OktaRequestError } from '../okta/request-reach';

/**
 * Okta's per-target refusal: a 403 E0000006 on a user who holds an admin role. Okta lets only a
 * super admin reset another administrator's MFA ("Only a Super Admin can reset the MFA of another
 * Super Admin"; a Help Desk role never reaches administrators), and answers with its generic
 * access-denied body, whose usual advice ("give the token owner Help Desk Administrator") is wrong
 * here. When the user is an admin, the refusal says so; anything else passes unchanged.
 */
export async function explainAdminRefusal(error: unknown, scope: ActionScope, targets: AdminTargets | undefined, what: 'reset' | 'enroll' | 'check'): Promise<unknown> {
  if (!targets || !(error instanceof OktaRequestError) || error.data.httpStatus !== 403 || error.data.oktaErrorCode !== 'E0000006') return error;
  let roles: string[];
  try {
    const status = await targets.statusOf(scope.client, scope.org.id, scope.userId);
    if (status.kind !== 'admin') return error;
    roles = status.roles;
  } catch {
    return error;
  }
  const who = scope.userLogin ?? 'This user';
  const held = roles.slice(0, 3).join(', ');
  // Whose role Okta checked: the signed-in agent's own, the service app's, or the API token's admin's.
  const refusedBy = { oauth: 'your own Okta admin role does not allow it', service: "the service app's admin roles do not allow it", ssws: "the API token's administrator is not a super admin" }[
    scope.org.connection.method
  ];
  const headline = {
    reset: "Only a super admin can reset an administrator's factors",
    enroll: 'Only a super admin can enroll a factor for an administrator',
    check: "Only a super admin can act on an administrator's factors",
  }[what];
  return new OktaRequestError(
    {
      ...error.data,
      message: `${headline}: ${who} holds an Okta admin role (${held}), and ${refusedBy}.`,
      action: 'Ask a super administrator to do it (in FactorDesk signed in as themselves, or in the Okta Admin Console). Nothing was changed.',
    },
    error.reach,
    error.location,
  );
}
