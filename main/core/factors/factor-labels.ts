/**
 * Human names per factor type and provider; `*` is any provider. The names follow what Okta's Admin
 * Console and its documentation call each factor (factors.md "Factor type" and "Provider type").
 */
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
  'token:hotp': { '*': 'Custom HOTP token' },
  web: { DUO: 'Duo Security', '*': 'Web factor' },
  claims_provider: { '*': 'External identity provider' },
  tac: { '*': 'Temporary Access Code' },
};

/**
 * "Okta Verify (push)", "RSA SecurID", "Entrust Datacard (HOTP token)": a custom HOTP factor is
 * known by the name its admin gave it (`vendorName`). A type or provider Okta adds later is shown
 * as Okta sent it: "something:new (ACME)".
 */
export function factorLabel(factorType: string, provider: string, vendorName?: string | null): string {
  if (factorType === 'token:hotp' && vendorName && vendorName.toUpperCase() !== provider.toUpperCase()) return `${vendorName} (HOTP token)`;
  const byProvider = Object.hasOwn(LABELS, factorType) ? LABELS[factorType] : undefined;
  const known = byProvider && Object.hasOwn(byProvider, provider) ? byProvider[provider] : byProvider?.['*'];
  if (known) return known;
  return provider ? `${factorType} (${provider})` : factorType;
}
