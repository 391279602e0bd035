import type { HistorySource, TimelineKind, TimelineOutcome } from '../../../contract/history';
import type { TagType } from '../lib/status-looks';
import type { StripState, MarkerKind } from './factor-strips';

export const sourceLooks: Record<HistorySource, { label: string; short: string; hint: string }> = {
  system_log: { label: 'System Log', short: 'Okta', hint: "Okta's System Log (kept about 90 days)" },
  observed: { label: 'Observed', short: 'Seen', hint: 'What FactorDesk saw when it listed the factors' },
  journal: { label: 'Helpdesk journal', short: 'Desk', hint: 'What an agent did in FactorDesk' },
};

export const kindLabels: Record<TimelineKind, string> = {
  enrolled: 'Enrolled',
  activated: 'Activated',
  sent: 'Sent',
  challenged: 'Check started',
  verified: 'Verified',
  denied: 'Denied',
  failed: 'Failed',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  reset: 'Reset',
  reset_all: 'All reset',
  removed: 'Removed',
  status_changed: 'Status',
  device_changed: 'Device changed',
  suspended: 'Suspended',
  unsuspended: 'Unsuspended',
  updated: 'Updated',
  signed_in: 'Sign-in',
  suspicious_activity: 'Reported suspicious',
  locked: 'Locked',
  unlocked: 'Unlocked',
  password_reset: 'Password',
};

export const outcomeLooks: Record<TimelineOutcome, { label: string; type: TagType }> = {
  success: { label: 'Success', type: 'success' },
  failure: { label: 'Failed', type: 'error' },
  denied: { label: 'Denied', type: 'error' },
  timeout: { label: 'Timed out', type: 'warning' },
  pending: { label: 'Pending', type: 'warning' },
  cancelled: { label: 'Cancelled', type: 'default' },
  unknown: { label: 'Outcome unknown', type: 'warning' },
  info: { label: 'Info', type: 'info' },
};

/** The dot colour on the timeline: what kind of moment it was. */
export function timelineType(kind: TimelineKind, outcome: TimelineOutcome): TagType {
  if (outcome === 'unknown') return 'warning';
  if (outcome === 'failure' || outcome === 'denied' || kind === 'reset' || kind === 'reset_all' || kind === 'removed' || kind === 'suspicious_activity' || kind === 'locked') return 'error';
  if (outcome === 'timeout' || outcome === 'pending') return 'warning';
  if (kind === 'activated' || kind === 'verified') return 'success';
  if (kind === 'sent' || kind === 'challenged') return 'info';
  return 'default';
}

export const stripStateLooks: Record<StripState, { label: string; color: string }> = {
  active: { label: 'Active', color: '#18a058' },
  pending: { label: 'Waiting for activation', color: '#f0a020' },
  removed: { label: 'Not enrolled', color: 'transparent' },
  unknown: { label: 'Not seen yet', color: 'transparent' },
};

export const markerLooks: Record<MarkerKind, { label: string; color: string }> = {
  enrolled: { label: 'Enrollment started', color: '#f0a020' },
  re_enrolled: { label: 'Re-enrolled', color: '#8a5cf6' },
  activated: { label: 'Activated', color: '#18a058' },
  challenge: { label: 'Challenge sent', color: '#2080f0' },
  verified: { label: 'Verified', color: '#18a058' },
  denied: { label: 'Denied', color: '#d03050' },
  failed: { label: 'Failed', color: '#d03050' },
  timeout: { label: 'Timed out', color: '#f0a020' },
  reset: { label: 'Reset', color: '#d03050' },
};

/** Axis labels fine enough for the span shown: seconds for a few minutes, dates for weeks. */
export function axisFormatter(spanMs: number): Intl.DateTimeFormat {
  if (spanMs < 10 * 60_000) return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (spanMs < 2 * 86_400_000) return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
}

export const entryTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
