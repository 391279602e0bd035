import type { UserSummary } from '../../../contract';
import type { OktaUser } from '../okta';

/** An Okta user as the console shows it: names and contact first, nulls where Okta has nothing. */
export function toUserSummary(user: OktaUser): UserSummary {
  const profile = user.profile;
  const firstName = profile.firstName ?? '';
  const lastName = profile.lastName ?? '';
  const displayName = profile.displayName || [firstName, lastName].filter(Boolean).join(' ') || profile.login;
  return {
    id: user.id,
    login: profile.login,
    email: profile.email ?? '',
    firstName,
    lastName,
    displayName,
    status: user.status,
    transitioningToStatus: user.transitioningToStatus ?? null,
    mobilePhone: profile.mobilePhone ?? null,
    created: user.created ?? '',
    lastLogin: user.lastLogin ?? null,
    lastUpdated: user.lastUpdated ?? '',
  };
}
