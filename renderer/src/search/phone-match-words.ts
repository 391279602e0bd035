import type { PhoneMatch, PhoneSearchInfo } from '../../../contract';

const fieldWords: Record<PhoneMatch['fields'][number], string> = { mobilePhone: 'mobile', primaryPhone: 'primary phone' };

/** "phone matches mobile", "phone matches mobile and primary phone". */
export function phoneMatchWords(match: PhoneMatch): string {
  return `phone matches ${match.fields.map((field) => fieldWords[field]).join(' and ')}`;
}

const sourceWords: Record<PhoneSearchInfo['regionSource'], string> = {
  org: "this org's setting",
  locale: "this computer's region",
  default: 'the default',
};

/** "searched as +15554151337", or "numbers starting 555 415". */
export function phoneSearchNote(info: PhoneSearchInfo): string {
  if (info.problem) return 'phone numbers not searched';
  return info.e164 ? `phone searched as ${info.e164}` : 'phone numbers starting so';
}

/** Why a number reads as it does, and what went wrong, for the tooltip. */
export function phoneSearchHint(info: PhoneSearchInfo): string {
  const region = `A number without a country code is read as a ${info.region} number (${sourceWords[info.regionSource]}; change it in the org's connection settings).`;
  return info.problem ? `${info.problem} ${region}` : `Mobile and primary phone numbers are matched however they are stored. ${region}`;
}
