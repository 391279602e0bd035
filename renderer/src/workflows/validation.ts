/**
 * Client-side checks, using the contract's own schemas so the screen and main agree exactly
 * (main validates again; this only saves the agent a round trip and says what is wrong at once).
 */
import { callerCodeSchema, E164_PATTERN, passCodeSchema, phoneNumberSchema } from '../../../contract/workflows';
import type { CallerCodeKind } from './format';

export type Checked = { ok: true; value: string } | { ok: false; message: string };

/** A phone number in E.164 after removing spaces, dashes, dots and brackets. */
export function checkPhoneNumber(raw: string): Checked {
  const parsed = phoneNumberSchema.safeParse(raw);
  if (parsed.success && E164_PATTERN.test(parsed.data)) return { ok: true, value: parsed.data };
  return { ok: false, message: 'Enter the phone number in international format, like +14155550123' };
}

/** A one-time code: digits only, 4 to 10 of them. */
export function checkPassCode(raw: string): Checked {
  const parsed = passCodeSchema.safeParse(raw.replace(/\s+/g, ''));
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'Enter the code the caller reads out (digits only)' };
}

/** Codes a caller reads off a token, by kind: what they look like and what to say when they do not. */
const callerCodeFormats: Record<Exclude<CallerCodeKind, 'digits'>, { pattern: RegExp; message: string }> = {
  yubikey: { pattern: /^[cbdefghijklnrtuv]{32,64}$/, message: 'A YubiKey code is the 44 letters the key types when touched (c, b, d … v only)' },
  rsa: { pattern: /^[A-Za-z0-9]{0,8}\d{6,8}$/, message: 'Enter the PIN followed by the 6 or 8 digits the token shows' },
};

/** A code the caller reads out, in the shape its factor gives (main checks the same). */
export function checkCallerCode(raw: string, kind: CallerCodeKind): Checked {
  if (kind === 'digits') return checkPassCode(raw);
  const parsed = callerCodeSchema.safeParse(raw);
  const format = callerCodeFormats[kind];
  const value = parsed.success ? (kind === 'yubikey' ? parsed.data.toLowerCase() : parsed.data) : '';
  if (parsed.success && format.pattern.test(value)) return { ok: true, value };
  return { ok: false, message: format.message };
}

/** Okta requires security answers of at least 4 characters. */
export function checkAnswer(raw: string): Checked {
  if (raw.length >= 4 && raw.length <= 200) return { ok: true, value: raw };
  return { ok: false, message: 'The answer must be at least 4 characters' };
}

/** An email address with a local part, an @ and a dotted domain; the org checks the rest. */
export function checkEmailAddress(raw: string): Checked {
  const address = raw.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return { ok: true, value: address };
  return { ok: false, message: 'Enter a valid email address' };
}
