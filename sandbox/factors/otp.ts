import { generateSecret, generateSync, verifySync } from 'otplib';

/** RFC 6238 TOTP with Okta's parameters (SHA-1, 6 digits, 30 s), one step of drift allowed either way. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The time step the code matched, or null. `nowMs` is the org clock, so clock advances move TOTP too. */
export function matchTotp(secret: string, passCode: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(passCode)) return null;
  const epoch = Math.floor(nowMs / 1000);
  const result = verifySync({ secret, token: passCode, epoch, epochTolerance: 30 });
  return result.valid ? Math.floor(epoch / 30) + result.delta : null;
}

export function currentTotp(secret: string, nowMs: number): string {
  return generateSync({ secret, epoch: Math.floor(nowMs / 1000) });
}
