import type { FactorStatus, UserStatus } from '../../../contract';

export type TagType = 'default' | 'success' | 'warning' | 'error' | 'info';

/** How a status reads in the console: its words and its tag colour. */
export interface StatusLook {
  label: string;
  type: TagType;
}

/** Okta user statuses: green for working accounts, warnings for ones that need help. */
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

/** Okta factor statuses: green when it works, amber while it waits for the caller. */
const factorStatusLooks: Record<FactorStatus, StatusLook> = {
  ACTIVE: { label: 'Active', type: 'success' },
  PENDING_ACTIVATION: { label: 'Pending activation', type: 'warning' },
  ENROLLED: { label: 'Enrolled', type: 'info' },
  NOT_SETUP: { label: 'Not set up', type: 'default' },
  INACTIVE: { label: 'Inactive', type: 'default' },
  DISABLED: { label: 'Disabled', type: 'default' },
  EXPIRED: { label: 'Expired', type: 'error' },
};

const looks: Record<'user' | 'factor', Record<string, StatusLook>> = { user: userStatusLooks, factor: factorStatusLooks };

/** The look of a user or factor status; a status Okta adds later shows as its own name, uncoloured. */
export function statusLook(of: 'user' | 'factor', status: string): StatusLook {
  return looks[of][status] ?? { label: status, type: 'default' };
}
