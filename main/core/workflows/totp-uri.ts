/**
 * The Key URI format authenticator apps scan (otpauth://totp/Issuer:account?secret=...).
 * Built by main from the secret Okta returned, so the renderer only draws it.
 */
export function buildOtpauthUri(input: { issuer: string; account: string; secret: string; digits: number; periodSeconds: number }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const params = new URLSearchParams({
    secret: input.secret.replace(/\s+/g, '').toUpperCase(),
    issuer: input.issuer,
    algorithm: 'SHA1',
    digits: String(input.digits),
    period: String(input.periodSeconds),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
