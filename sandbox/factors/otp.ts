import { generateSecret, generateSync, verifySync } from 'otplib';

/**
 * RFC 6238 TOTP and RFC 4226 HOTP (SHA-1, 6 digits) through otplib, on the org clock so clock
 * advances move the codes too. TOTP allows one step of drift either way.
 */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The time step the code matched, or null. `periodSeconds` is 30 for authenticator apps, 60 for RSA SecurID tokencodes. */
export function matchTotp(secret: string, passCode: string, nowMs: number, periodSeconds = 30): number | null {
  if (!/^\d{6}$/.test(passCode)) return null;
  const epoch = Math.floor(nowMs / 1000);
  const result = verifySync({ secret, token: passCode, epoch, period: periodSeconds, epochTolerance: periodSeconds });
  return result.valid ? Math.floor(epoch / periodSeconds) + result.delta : null;
}

export function currentTotp(secret: string, nowMs: number, periodSeconds = 30): string {
  return generateSync({ secret, epoch: Math.floor(nowMs / 1000), period: periodSeconds });
}

/** The HOTP code for one counter value. */
export function hotpAt(secret: string, counter: number): string {
  return generateSync({ secret, strategy: 'hotp', counter });
}

/** The counter in `[from, from + window)` whose code this is, or null. */
export function matchHotp(secret: string, passCode: string, from: number, window: number): number | null {
  if (!/^\d{6}$/.test(passCode)) return null;
  const result = verifySync({ secret, token: passCode, strategy: 'hotp', counter: from, counterTolerance: [0, window - 1] });
  return result.valid ? from + result.delta : null;
}
