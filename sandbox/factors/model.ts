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
  | 'u2f'
  | 'token:hardware'
  | 'token'
  | 'token:hotp'
  | 'web';

export type FactorProvider = 'OKTA' | 'GOOGLE' | 'FIDO' | 'YUBICO' | 'RSA' | 'SYMANTEC' | 'CUSTOM' | 'DUO';

/** Every factor status Okta documents (UserFactorStatus; factors.md omits DISABLED). */
export type FactorStatus = 'PENDING_ACTIVATION' | 'ACTIVE' | 'INACTIVE' | 'NOT_SETUP' | 'ENROLLED' | 'DISABLED' | 'EXPIRED';

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
  /** signed_nonce: the device's public keys, listed in the profile as `keys`. */
  keys?: Array<Record<string, string>>;
  /**
   * Base32 shared secret of the code-based factors: token:software:totp, token (RSA and Symantec:
   * a TOTP seed) and token:hotp (an HOTP seed).
   */
  sharedSecret?: string;
  /** The vendor name, where it differs from the provider (a custom HOTP factor's admin-chosen name). */
  vendorName?: string;
  /** token:hotp: the custom OTP factor profile it belongs to (top-level `factorProfileId`). */
  factorProfileId?: string;
  /** token (RSA): the PIN the user types before the tokencode. */
  pin?: string;
  /** token:hotp: the last counter accepted; token:hardware: the last YubiKey usage counter accepted. */
  lastAcceptedCounter?: number;
  /** token:hardware: the YubiKey's Yubico OTP identity and AES key. */
  yubikey?: YubiKeyIdentity;
  /**
   * The Okta Verify enrollment (one app on one device) the factor belongs to: push, its Okta Verify
   * TOTP and its FastPass share it, and go together when push or FastPass is unenrolled.
   */
  oktaVerifyEnrollment?: string;
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

/** A YubiKey programmed for Yubico OTP: what the org knows from the uploaded seed file. */
export interface YubiKeyIdentity {
  /** 12 modhex characters that start every OTP of the key. */
  publicId: string;
  /** 6 bytes, hex: the private identity inside every encrypted OTP. */
  privateId: string;
  /** 16 bytes, hex: the AES-128 key. */
  aesKey: string;
}

export const VENDOR_NAME: Record<FactorProvider, string> = {
  OKTA: 'OKTA',
  GOOGLE: 'GOOGLE',
  FIDO: 'FIDO',
  YUBICO: 'YUBICO',
  RSA: 'RSA',
  SYMANTEC: 'SYMANTEC',
  CUSTOM: 'CUSTOM',
  DUO: 'DUO',
};

export function vendorNameOf(factor: Pick<FactorRecord, 'provider' | 'vendorName'>): string {
  return factor.vendorName ?? VENDOR_NAME[factor.provider];
}

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
    case 'token:hardware':
      return 'YubiKey OTP';
    case 'token':
      return factor.provider === 'RSA' ? 'RSA SecurID' : 'Symantec VIP';
    case 'token:hotp':
      return 'Custom HOTP';
    case 'web':
      return 'Duo Security';
  }
}

/** Okta's own name for a factor kind, as its System Log reasons spell it ("User reset OKTA_SOFT_TOKEN factor"). */
export function factorKey(factor: Pick<FactorRecord, 'factorType' | 'provider'>): string {
  switch (factor.factorType) {
    case 'push':
      return 'OKTA_VERIFY_PUSH';
    case 'token:software:totp':
      return factor.provider === 'GOOGLE' ? 'GOOGLE_OTP' : 'OKTA_SOFT_TOKEN';
    case 'signed_nonce':
      return 'SIGNED_NONCE';
    case 'sms':
      return 'SMS_FACTOR';
    case 'call':
      return 'CALL_FACTOR';
    case 'email':
      return 'EMAIL_FACTOR';
    case 'question':
      return 'QUESTION';
    case 'webauthn':
      return 'WEBAUTHN';
    case 'u2f':
      return 'U2F';
    case 'token:hardware':
      return 'YUBIKEY_TOKEN';
    case 'token':
      return factor.provider === 'RSA' ? 'RSA_SECURID' : 'SYMANTEC_VIP';
    case 'token:hotp':
      return 'CUSTOM_HOTP';
    case 'web':
      return 'DUO';
  }
}
