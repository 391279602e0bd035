import type { OktaFactorActivation } from '../okta';

/** What an authenticator app needs from Okta's `_embedded.activation` of a TOTP enrollment. */
export interface TotpParameters {
  /** Base32, the only encoding authenticator apps accept in an otpauth URI or typed in by hand. */
  secret: string;
  digits: number;
  periodSeconds: number;
}

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Reads the TOTP activation as Okta publishes it (factors.md, "TOTP Factor Activation object").
 * `keyLength` is documented as the number of digits, and is 6 for Okta Verify; but Okta's Google
 * Authenticator enrollment answers `keyLength: 16` (factors.md "Enroll Google Authenticator
 * Factor", management-minimal.yaml `EnrollFactorGoogleResponse`), which is the secret's length,
 * not the code's: Google Authenticator codes are always 6 digits. So only a digit count an
 * authenticator can show (6–8, RFC 4226) is taken, and never for GOOGLE. `encoding` may be
 * `base64`, which apps cannot read, so such a secret is re-encoded as base32.
 */
export function readTotpActivation(activation: OktaFactorActivation & { sharedSecret: string }, provider: string): TotpParameters {
  const keyLength = activation.keyLength;
  const digits = provider !== 'GOOGLE' && keyLength !== undefined && keyLength >= 6 && keyLength <= 8 ? keyLength : 6;
  const timeStep = Number(activation.timeStep);
  const periodSeconds = Number.isInteger(timeStep) && timeStep > 0 ? timeStep : 30;
  const secret =
    activation.encoding?.toLowerCase() === 'base64'
      ? base32(Buffer.from(activation.sharedSecret, 'base64'))
      : activation.sharedSecret.replace(/[\s=]+/g, '').toUpperCase();
  return { secret, digits, periodSeconds };
}
