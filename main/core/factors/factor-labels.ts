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
  tac: { '*': 'Temporary Access Code' },
};

export function factorLabel(factorType: string, provider: string): string {
  const byProvider = LABELS[factorType];
  return byProvider?.[provider] ?? byProvider?.['*'] ?? `${factorType} (${provider})`;
}
