import type { TimelineKind } from '../../../contract/history';

/** How a factor event type reads on the timeline. The outcome may override `kind` (see map-log-event). */
export interface FactorEventType {
  kind: TimelineKind;
  /** Which way a code or link went, for "sent" events. */
  channel?: 'push' | 'sms' | 'call' | 'email';
  /** What was sent, for "sent" events. */
  purpose?: 'challenge' | 'enrollment' | 'activation_link';
}

/**
 * The System Log event types about a user's factors, each checked against Okta's event type catalog
 * (event-types.json, release 2026.08). Kept in code so the app never depends on reference files.
 */
export const factorEventTypes: Readonly<Record<string, FactorEventType>> = {
  // Enrollment and lifecycle.
  'user.mfa.factor.activate': { kind: 'activated' },
  'user.mfa.factor.update': { kind: 'updated' },
  'user.mfa.factor.deactivate': { kind: 'reset' },
  'user.mfa.factor.reset_all': { kind: 'reset_all' },
  'user.mfa.factor.suspend': { kind: 'suspended' },
  'user.mfa.factor.unsuspend': { kind: 'unsuspended' },
  // Challenges sent.
  'system.push.send_factor_verify_push': { kind: 'sent', channel: 'push', purpose: 'challenge' },
  'system.sms.send_factor_verify_message': { kind: 'sent', channel: 'sms', purpose: 'challenge' },
  'system.sms.send_phone_verification_message': { kind: 'sent', channel: 'sms', purpose: 'enrollment' },
  'system.sms.send_okta_push_verify_message': { kind: 'sent', channel: 'sms', purpose: 'activation_link' },
  'system.voice.send_mfa_challenge_call': { kind: 'sent', channel: 'call', purpose: 'challenge' },
  'system.voice.send_phone_verification_call': { kind: 'sent', channel: 'call', purpose: 'enrollment' },
  'system.voice.send_call': { kind: 'sent', channel: 'call', purpose: 'challenge' },
  'system.email.send_factor_verify_message': { kind: 'sent', channel: 'email', purpose: 'challenge' },
  // Answers.
  'user.mfa.okta_verify': { kind: 'verified' },
  'user.mfa.okta_verify.deny_push': { kind: 'denied' },
  'user.authentication.auth_via_mfa': { kind: 'verified' },
  'system.email.challenge_factor_redeemed': { kind: 'verified' },
};

export const factorEventTypeNames: readonly string[] = Object.keys(factorEventTypes);

/** Okta's enum names for factors in `debugData.factor` (real orgs) and plain factor types (the sandbox). */
export const debugFactorTypes: Readonly<Record<string, string>> = {
  OKTA_VERIFY_PUSH: 'push',
  OKTA_VERIFY: 'push',
  SIGNED_NONCE: 'signed_nonce',
  OKTA_SOFT_TOKEN: 'token:software:totp',
  GOOGLE_OTP: 'token:software:totp',
  SMS_FACTOR: 'sms',
  SMS: 'sms',
  CALL_FACTOR: 'call',
  CALL: 'call',
  EMAIL_FACTOR: 'email',
  EMAIL: 'email',
  QUESTION: 'question',
  SECURITY_QUESTION: 'question',
  WEBAUTHN: 'webauthn',
  FIDO_WEBAUTHN: 'webauthn',
  U2F: 'u2f',
  // Okta's System Log factor enum (event-types factor_type, the management spec's factor list).
  SOFT_TOKEN: 'token:software:totp',
  TOTP: 'token:software:totp',
  YUBIKEY_OTP_FACTOR: 'token:hardware',
  SECURID_FACTOR: 'token',
  SECUREID_FACTOR: 'token',
  VIP_FACTOR: 'token',
  HOTP_FACTOR: 'token:hotp',
  DUO_SECURITY: 'web',
  CLAIMS_AS_FACTOR: 'claims_provider',
  // The names in an Identity Engine reset's reason ("User reset YUBIKEY_TOKEN factor").
  YUBIKEY_TOKEN: 'token:hardware',
  RSA_SECURID: 'token',
  SYMANTEC_VIP: 'token',
  CUSTOM_HOTP: 'token:hotp',
  DUO: 'web',
};
