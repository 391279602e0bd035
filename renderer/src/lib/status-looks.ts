import type { KnownFactorStatus, KnownUserStatus } from '../../../contract';

export type TagType = 'default' | 'success' | 'warning' | 'error' | 'info';

/** How a status reads in the console: its words, its tag colour, and what it means for the agent. */
export interface StatusLook {
  label: string;
  type: TagType;
  /** One sentence on what the status means (the tag's tooltip); null for a status Okta added after this console. */
  meaning: string | null;
}

/** Okta user statuses: green for working accounts, warnings for ones that need help. */
const userStatusLooks: Record<KnownUserStatus, StatusLook> = {
  ACTIVE: { label: 'Active', type: 'success', meaning: 'The account is active and can sign in.' },
  ACTIVATING: { label: 'Activating', type: 'info', meaning: 'Okta is activating the account right now; this passes by itself in a moment.' },
  LOCKED_OUT: { label: 'Locked out', type: 'error', meaning: 'Too many failed sign-ins: the user cannot sign in until unlocked or the lockout ends.' },
  SUSPENDED: { label: 'Suspended', type: 'warning', meaning: 'An administrator suspended the account: the user cannot sign in until it is unsuspended.' },
  PASSWORD_EXPIRED: { label: 'Password expired', type: 'warning', meaning: 'The user must set a new password at their next sign-in.' },
  RECOVERY: { label: 'In recovery', type: 'warning', meaning: 'A password reset is in progress: the user has a recovery link or temporary password.' },
  STAGED: { label: 'Staged', type: 'info', meaning: 'The account exists but was never activated: the user cannot sign in yet.' },
  PROVISIONED: { label: 'Provisioned', type: 'info', meaning: 'Activated by an administrator; the user has not finished setting up their account.' },
  DEPROVISIONED: { label: 'Deactivated', type: 'default', meaning: 'The account is deactivated: the user cannot sign in and their factors cannot be changed.' },
};

/** Okta factor statuses: green when it works, amber while it waits for the caller. */
const factorStatusLooks: Record<KnownFactorStatus, StatusLook> = {
  ACTIVE: { label: 'Active', type: 'success', meaning: 'Set up and in use: the user can sign in with it.' },
  PENDING_ACTIVATION: { label: 'Pending activation', type: 'warning', meaning: 'Enrolled, waiting for the user to finish setting it up (scan the QR code, enter the first code).' },
  ENROLLED: { label: 'Enrolled', type: 'info', meaning: 'Enrolled but not yet active.' },
  NOT_SETUP: { label: 'Not set up', type: 'default', meaning: 'Offered to the user but never set up.' },
  INACTIVE: { label: 'Inactive', type: 'default', meaning: 'Switched off: the user cannot sign in with it.' },
  DISABLED: { label: 'Disabled', type: 'default', meaning: 'Disabled by the org: the user cannot sign in with it.' },
  EXPIRED: { label: 'Expired', type: 'error', meaning: 'Its activation or enrollment expired before it was finished: reset it and enroll again.' },
};

const looks: Record<'user' | 'factor', Record<string, StatusLook>> = { user: userStatusLooks, factor: factorStatusLooks };

/** The look of a user or factor status; a status Okta adds later shows as its own name, uncoloured. */
export function statusLook(of: 'user' | 'factor', status: string): StatusLook {
  return (Object.hasOwn(looks[of], status) ? looks[of][status] : undefined) ?? { label: status || 'No status', type: 'default', meaning: null };
}
