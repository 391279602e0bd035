import type { UserStatus } from '../../../contract';

export type TagType = 'default' | 'success' | 'warning' | 'error' | 'info';

interface StatusLook {
  label: string;
  type: TagType;
}

/** How each Okta user status reads in the console: green for working accounts, warnings for ones needing help. */
const userStatusLooks: Record<UserStatus, StatusLook> = {
  ACTIVE: { label: 'Active', type: 'success' },
  LOCKED_OUT: { label: 'Locked out', type: 'error' },
  SUSPENDED: { label: 'Suspended', type: 'warning' },
  PASSWORD_EXPIRED: { label: 'Password expired', type: 'warning' },
  RECOVERY: { label: 'In recovery', type: 'warning' },
  STAGED: { label: 'Staged', type: 'info' },
  PROVISIONED: { label: 'Provisioned', type: 'info' },
  DEPROVISIONED: { label: 'Deactivated', type: 'default' },
};

export function userStatusLook(status: string): StatusLook {
  return userStatusLooks[status as UserStatus] ?? { label: status, type: 'default' };
}
