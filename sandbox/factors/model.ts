/** The factor types and providers the sandbox knows, and the records it keeps per enrolled factor. */
export type FactorType =
  | 'push'
  | 'sms'
  | 'call'
  | 'email'
  | 'question'
  | 'token:software:totp'
  | 'signed_nonce'
  | 'webauthn'
  | 'u2f';

export type FactorProvider = 'OKTA' | 'GOOGLE' | 'FIDO';

export type FactorStatus = 'PENDING_ACTIVATION' | 'ACTIVE';

export interface PushActivation {
  /** Secret carried by the QR code and the emailed / texted activation link. */
  token: string;
  expiresAt: number;
  /** Set once a poll has answered TIMEOUT, so the next POST to `activate` starts a fresh activation. */
  timeoutReported: boolean;
}

/** A one-time code sent by SMS, voice or email, waiting to be typed back. */
export interface SentCode {
  code: string;
  expiresAt: number;
}

export interface FactorRecord {
  id: string;
  userId: string;
  factorType: FactorType;
  provider: FactorProvider;
  status: FactorStatus;
  created: number;
  lastUpdated: number;
  profile: Record<string, string>;
  /** token:software:totp: base32 shared secret and the last time step accepted (to refuse replays). */
  sharedSecret?: string;
  /** token:software:totp: secret part of the QR code URL. */
  qrToken?: string;
  lastAcceptedStep?: number;
  /** question: the enrolled answer (kept in clear: this is a sandbox). */
  answer?: string;
  pushActivation?: PushActivation;
  sentCode?: SentCode;
  /** Timestamps of activation / resend attempts, for Okta's five-per-five-minutes limit. */
  activationAttempts: number[];
  resendAttempts: number[];
}

export const VENDOR_NAME: Record<FactorProvider, string> = { OKTA: 'OKTA', GOOGLE: 'GOOGLE', FIDO: 'FIDO' };

/** Display names used in System Log targets. */
export function factorDisplayName(factor: Pick<FactorRecord, 'factorType' | 'provider'>): string {
  switch (factor.factorType) {
    case 'push':
      return 'Okta Verify';
    case 'sms':
      return 'SMS Authentication';
    case 'call':
      return 'Voice Call Authentication';
    case 'email':
      return 'Email Authentication';
    case 'question':
      return 'Security Question';
    case 'token:software:totp':
      return factor.provider === 'GOOGLE' ? 'Google Authenticator' : 'Okta Verify TOTP';
    case 'signed_nonce':
      return 'Okta FastPass';
    case 'webauthn':
      return 'Security Key or Biometric';
    case 'u2f':
      return 'U2F Security Key';
  }
}
