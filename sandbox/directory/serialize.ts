import { link } from '../links';
import type { Org } from '../org';
import type { UserRecord } from './model';

function iso(org: Org, at: number | null): string | null {
  return at === null ? null : org.clock.iso(at);
}

/** The User object. Lists carry only the `self` link; a single GET carries the lifecycle links too. */
export function userJson(org: Org, user: UserRecord, detailed: boolean): Record<string, unknown> {
  const self = org.url(`/api/v1/users/${user.id}`);
  const links: Record<string, unknown> = { self: { href: self } };
  if (detailed) {
    if (org.factorsOf(user).length > 0) links.resetFactors = link(`${self}/lifecycle/reset_factors`, 'POST');
    links.resetPassword = link(`${self}/lifecycle/reset_password`, 'POST');
    links.expirePassword = link(`${self}/lifecycle/expire_password`, 'POST');
    if (user.status === 'SUSPENDED') links.unsuspend = link(`${self}/lifecycle/unsuspend`, 'POST');
    else if (user.status === 'ACTIVE') links.suspend = link(`${self}/lifecycle/suspend`, 'POST');
    if (user.status === 'LOCKED_OUT') links.unlock = link(`${self}/lifecycle/unlock`, 'POST');
    links.deactivate = link(`${self}/lifecycle/deactivate`, 'POST');
    links.factors = link(`${self}/factors`, 'GET');
  }
  const profile: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(user.profile)) if (value !== null) profile[key] = value;
  return {
    id: user.id,
    status: user.status,
    created: org.clock.iso(user.created),
    activated: iso(org, user.activated),
    statusChanged: iso(org, user.statusChanged),
    lastLogin: iso(org, user.lastLogin),
    lastUpdated: org.clock.iso(user.lastUpdated),
    passwordChanged: iso(org, user.passwordChanged),
    ...(user.status === 'ACTIVATING' ? { transitioningToStatus: 'ACTIVE' } : {}),
    type: { id: 'otysandboxdefaultusr' },
    profile,
    credentials: {
      ...(user.passwordChanged !== null ? { password: {} } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: links,
  };
}
