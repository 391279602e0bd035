import { AsYouType, getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { quoteSearchValue } from './user-search';

// Okta keeps profile phones as free text and its `search` matches only the stored string, exactly
// (`eq`) or by its start (`sw`), never a normalised number. So a typed number is searched for in
// the spellings people store numbers in, in both phone fields, and every hit is checked again here
// by comparing normalised numbers (libphonenumber-js), which also says which field matched.

/** The profile fields a caller's number may be stored in. */
export const PHONE_FIELDS = ['mobilePhone', 'primaryPhone'] as const;
export type PhoneField = (typeof PHONE_FIELDS)[number];

/**
 * Okta says only that "an overly complex or long search query can result in an error", so each
 * expression stays well inside what its own examples use: at most this many comparisons and
 * characters, and at most this many expressions for one number.
 */
export const MAX_COMPARISONS_PER_SEARCH = 16;
export const MAX_SEARCH_LENGTH = 1200;
export const MAX_SEARCHES_PER_NUMBER = 2;

/** Fewer digits than this is not worth a phone search (too many numbers start that way). */
const MIN_DIGITS = 6;
/** E.164 allows 15 digits; a few more for a trunk prefix or an international call prefix typed. */
const MAX_DIGITS = 17;
const PHONE_CHARACTERS = /^\+?[\d\s().\-/]+$/;

export interface PhoneQuery {
  /** The whole number in E.164 when the text is one (null: the start of a number, matched by prefix). */
  e164: string | null;
  /** What was typed, as digits (with the country code when it was typed with a +). */
  digits: string;
  region: CountryCode;
  /** Okta `search` expressions; run them all, then keep the users `fieldsMatching` names. */
  expressions: string[];
  /** The fields of a profile holding this number (whole), or a number starting like it (partial). */
  fieldsMatching(profile: Partial<Record<PhoneField, string | null | undefined>>): PhoneField[];
}

/** Whether what the agent typed is a phone number (or the start of one) rather than a name or login. */
export function looksLikePhoneNumber(text: string): boolean {
  const trimmed = text.trim();
  if (!PHONE_CHARACTERS.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, '').length;
  return digits >= MIN_DIGITS && digits <= MAX_DIGITS;
}

/** A region libphonenumber knows (an ISO 3166 alpha-2 code, e.g. US, GB, DE). */
export function isPhoneRegion(region: string): region is CountryCode {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
}

const digitsOf = (text: string): string => text.replace(/\D/g, '');

/** Groups of a formatted number ("(555) 415-1337" → 555, 415, 1337), for the other separators people use. */
const groupsOf = (formatted: string): string[] => formatted.split(/\D+/).filter(Boolean);

/** The spellings of a whole number, most common first. */
function wholeSpellings(e164: string, countryCode: string, national: string, nationalFormat: string, internationalFormat: string): string[] {
  const groups = groupsOf(nationalFormat);
  const internationalGroups = groupsOf(internationalFormat).slice(1);
  const spellings = [
    e164,
    groups.join('-'),
    `+${countryCode}-${internationalGroups.join('-')}`,
    nationalFormat,
    national,
    digitsOf(nationalFormat),
    groups.join(' '),
    internationalFormat,
    `+${countryCode} ${internationalGroups.join('-')}`,
    groups.join('.'),
  ];
  if (countryCode === '1' && national.length === 10) {
    // North America: "+1 (555) 415-1337", "1-555-415-1337", "15554151337".
    spellings.push(`+1 ${nationalFormat}`, `1-${groups.join('-')}`, `1${national}`);
  }
  return spellings;
}

/** The spellings the start of a number may have been stored in, for `sw`. */
function partialSpellings(countryCode: string, nationalDigits: string, region: CountryCode, typedWithPlus: boolean): string[] {
  const formatter = new AsYouType(typedWithPlus ? undefined : region);
  const formatted = formatter.input(typedWithPlus ? `+${countryCode}${nationalDigits}` : nationalDigits);
  const groups = groupsOf(formatted);
  const nationalGroups = typedWithPlus ? groups.slice(1) : groups;
  const spellings = [
    `+${countryCode}${nationalDigits}`,
    `+${countryCode}-${nationalGroups.join('-')}`,
    `+${countryCode} ${nationalGroups.join(' ')}`,
  ];
  if (!typedWithPlus) spellings.push(nationalGroups.join('-'), formatted, nationalDigits, nationalGroups.join(' '), nationalGroups.join('.'));
  return spellings;
}

/** Split the comparisons into expressions within the limits (and at most MAX_SEARCHES_PER_NUMBER of them). */
function expressionsOf(comparisons: string[]): string[] {
  const expressions: string[] = [];
  let current: string[] = [];
  const joined = (parts: string[]): string => parts.join(' or ');
  for (const comparison of comparisons) {
    const next = [...current, comparison];
    if (current.length > 0 && (next.length > MAX_COMPARISONS_PER_SEARCH || joined(next).length > MAX_SEARCH_LENGTH)) {
      expressions.push(joined(current));
      if (expressions.length === MAX_SEARCHES_PER_NUMBER) return expressions;
      current = [comparison];
    } else {
      current = next;
    }
  }
  if (current.length > 0) expressions.push(joined(current));
  return expressions;
}

/**
 * The Okta searches for a typed phone number (or its start), read with `region` when it has no
 * country code; null when the text is not a phone number.
 */
export function phoneQuery(typed: string, region: CountryCode): PhoneQuery | null {
  if (!looksLikePhoneNumber(typed)) return null;
  const text = typed.trim();
  const typedWithPlus = text.startsWith('+');
  const parsed = parsePhoneNumberFromString(text, region);
  const digits = digitsOf(text);

  let spellings: string[];
  let operator: 'eq' | 'sw';
  let matches: (stored: string) => boolean;
  if (parsed?.isPossible()) {
    const e164 = parsed.number;
    spellings = wholeSpellings(e164, parsed.countryCallingCode, parsed.nationalNumber, parsed.format('NATIONAL'), parsed.format('INTERNATIONAL'));
    operator = 'eq';
    matches = (stored) => parsePhoneNumberFromString(stored, region)?.number === e164;
    const unique = [...new Set(spellings)];
    const comparisons = unique.flatMap((spelling) => PHONE_FIELDS.map((field) => `profile.${field} ${operator} ${quoteSearchValue(spelling)}`));
    return { e164, digits, region, expressions: expressionsOf(comparisons), fieldsMatching: fieldsMatchingWith(matches) };
  }

  // The start of a number: its country code (typed, or the region's), then what follows.
  let countryCode: string | undefined;
  if (typedWithPlus) {
    const formatter = new AsYouType();
    formatter.input(text);
    countryCode = formatter.getCallingCode();
  } else {
    countryCode = getCountryCallingCode(region);
  }
  if (!countryCode) return null;
  const nationalDigits = typedWithPlus ? digits.slice(countryCode.length) : digits.replace(/^0+/, '');
  if (nationalDigits.length < MIN_DIGITS - 1) return null;
  spellings = partialSpellings(countryCode, nationalDigits, region, typedWithPlus);
  operator = 'sw';
  matches = (stored) => {
    const storedDigits = digitsOf(stored);
    return storedDigits.startsWith(`${countryCode}${nationalDigits}`) || storedDigits.replace(/^0+/, '').startsWith(nationalDigits);
  };
  const unique = [...new Set(spellings.filter((spelling) => digitsOf(spelling).length >= MIN_DIGITS - 1))];
  const comparisons = unique.flatMap((spelling) => PHONE_FIELDS.map((field) => `profile.${field} ${operator} ${quoteSearchValue(spelling)}`));
  return { e164: null, digits, region, expressions: expressionsOf(comparisons), fieldsMatching: fieldsMatchingWith(matches) };
}

function fieldsMatchingWith(matches: (stored: string) => boolean): PhoneQuery['fieldsMatching'] {
  return (profile) => PHONE_FIELDS.filter((field) => {
    const stored = profile[field];
    return typeof stored === 'string' && stored.trim() !== '' && matches(stored);
  });
}
