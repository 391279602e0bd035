/** Enough of a phone number to read back to the caller ("ending 0123"), not the whole number. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return 'the phone on record';
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length <= 6) return digits;
  return `${digits.slice(0, digits.startsWith('+') ? 2 : 1)}•••${digits.slice(-4)}`;
}

/** "j•••@example.com" */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return 'the email on record';
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
