import type { FactorSummary } from '../../../contract';
import type { OktaFactor } from '../okta';

/** Human names per factor type and provider; `*` is any provider. */
const LABELS: Record<string, Record<string, string>> = {
  push: { OKTA: 'Okta Verify (push)', '*': 'Push' },
  'token:software:totp': { OKTA: 'Okta Verify (code)', GOOGLE: 'Google Authenticator', '*': 'Authenticator app (code)' },
  signed_nonce: { OKTA: 'Okta FastPass', '*': 'Signed nonce' },
  sms: { '*': 'SMS' },
  call: { '*': 'Voice call' },
  email: { '*': 'Email' },
  question: { '*': 'Security question' },
  webauthn: { '*': 'Security key or biometric' },
  u2f: { '*': 'U2F security key' },
  'token:hardware': { YUBICO: 'YubiKey', '*': 'Hardware token' },
  token: { RSA: 'RSA SecurID', SYMANTEC: 'Symantec VIP', '*': 'Token' },
  'token:hotp': { '*': 'HOTP token' },
  web: { DUO: 'Duo Security', '*': 'Web factor' },
  'claims_provider': { '*': 'External identity provider' },
};

export function factorLabel(factorType: string, provider: string): string {
  const byProvider = LABELS[factorType];
  return byProvider?.[provider] ?? byProvider?.['*'] ?? `${factorType} (${provider})`;
}

/** What identifies the factor to the caller: the phone, the email, the question, the credential. */
function factorDetail(factor: OktaFactor): string | null {
  const profile = factor.profile;
  if (!profile) return null;
  if (profile.phoneNumber) return profile.phoneExtension ? `${profile.phoneNumber} ext. ${profile.phoneExtension}` : profile.phoneNumber;
  if (profile.email) return profile.email;
  if (profile.questionText || profile.question) return profile.questionText || profile.question || null;
  // Hardware tokens are told apart by their serial/credential; app factors' credentialId is just the login.
  if (factor.factorType.startsWith('token') && !factor.factorType.startsWith('token:software')) return profile.credentialId ?? null;
  return null;
}

export function toFactorSummary(factor: OktaFactor): FactorSummary {
  const profile = factor.profile ?? undefined;
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.vendorName ?? null,
    status: factor.status,
    label: factorLabel(factor.factorType, factor.provider),
    deviceName: profile?.name || profile?.authenticatorName || null,
    platform: profile?.platform ?? null,
    platformVersion: profile?.version && factor.factorType !== 'u2f' ? profile.version : null,
    detail: factorDetail(factor),
    created: factor.created ?? '',
    lastUpdated: factor.lastUpdated ?? '',
  };
}
