import type { RiskLevel, RiskSignalKind } from '../../../contract';

/** How the card looks per level: naive-ui alert type and a short tag. */
export const riskLevelLooks: Record<RiskLevel, { type: 'error' | 'warning' | 'info' | 'success'; tag: string }> = {
  high: { type: 'error', tag: 'High risk' },
  elevated: { type: 'warning', tag: 'Check' },
  unknown: { type: 'warning', tag: 'Risk unknown' },
  none: { type: 'success', tag: 'No signs' },
};

/** A few words naming each kind of signal (the signal's own sentence says the rest). */
export const signalKindWords: Record<RiskSignalKind, string> = {
  push_fatigue: 'MFA fatigue',
  denied_push: 'Denied push',
  suspicious_activity: 'Reported by the user',
  failed_mfa: 'Failed MFA',
  anonymizer: 'Anonymizer',
  new_country: 'New country',
  new_network: 'New network',
  okta_risk: "Okta's risk rating",
  password_reset: 'Password',
  factor_reset: 'Factor reset',
  factor_enrolled: 'New factor',
  admin_role: 'Administrator',
};

