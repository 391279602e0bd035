import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * What the Authentication API shows of a phone number or an email address before the user has
 * passed MFA (authn.md): `+1 XXX-XXX-1337` (country code, a space, `XXX-XXX-`, the last four digits)
 * and `d...y@example.com` (first and last character of the local part).
 */
export function maskPhoneNumber(phoneNumber: string): string {
  const parsed = parsePhoneNumberFromString(phoneNumber);
  const digits = phoneNumber.replace(/\D/g, '');
  const countryCode = parsed?.countryCallingCode ?? digits.slice(0, Math.max(1, digits.length - 10));
  return `+${countryCode} XXX-XXX-${digits.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return email;
  const local = email.slice(0, at);
  return `${local[0]}...${local[local.length - 1]}${email.slice(at)}`;
}

/** A factor profile as the Authentication API shows it before MFA: phone numbers and email addresses masked. */
export function maskedProfile(profile: Record<string, string>): Record<string, string> {
  const masked = { ...profile };
  if (masked.phoneNumber !== undefined) masked.phoneNumber = maskPhoneNumber(masked.phoneNumber);
  if (masked.email !== undefined) masked.email = maskEmail(masked.email);
  return masked;
}
