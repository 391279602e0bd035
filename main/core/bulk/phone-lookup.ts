import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { quoteSearchValue } from '../users/user-search';

/**
 * Okta keeps profile phones as free text (no normalisation) and `search` matches only the stored
 * string, so a typed number is searched for in the spellings people store it in, in both phone
 * fields, and every hit is checked again by comparing normalised numbers.
 */
export function phoneSearch(typed: string, region: string): { search: string; e164: string } | null {
  const phone = parsePhoneNumberFromString(typed, region as CountryCode);
  if (!phone?.isPossible()) return null;
  const national = phone.nationalNumber;
  const code = phone.countryCallingCode;
  const spellings = new Set<string>([phone.number, national, phone.format('NATIONAL'), phone.format('INTERNATIONAL')]);
  if (national.length === 10) {
    const dashed = `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
    spellings.add(dashed);
    spellings.add(`(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`);
    spellings.add(`${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`);
    spellings.add(`+${code} ${dashed}`);
    spellings.add(`+${code}-${dashed}`);
  }
  const clauses = [...spellings].flatMap((spelling) => [`profile.mobilePhone eq ${quoteSearchValue(spelling)}`, `profile.primaryPhone eq ${quoteSearchValue(spelling)}`]);
  return { search: clauses.join(' or '), e164: phone.number };
}

/** Whether a stored profile phone is the same number as `e164`. */
export function samePhone(stored: string | null | undefined, e164: string, region: string): boolean {
  if (!stored) return false;
  return parsePhoneNumberFromString(stored, region as CountryCode)?.number === e164;
}
