import type { CountryCode } from 'libphonenumber-js';
import type { PhoneSearchInfo } from '../../../contract';
import { isPhoneRegion } from './phone-search';

/** Where FactorDesk reads a number typed without a country code when nothing else says. */
export const DEFAULT_PHONE_REGION: CountryCode = 'US';

/**
 * The country of the agent's computer, from its locale ("en-GB" → GB; a bare "de" → DE, its likely
 * region): main runs on the agent's computer (the Electron app, or the browser shell on loopback).
 */
export function localeRegion(locale: string = Intl.DateTimeFormat().resolvedOptions().locale): CountryCode | null {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region && isPhoneRegion(region) ? region : null;
  } catch {
    return null;
  }
}

/** The org's setting, else the agent's locale, else the default; and which of them it was. */
export function phoneRegionOf(org: { phoneRegion?: string | null | undefined }, locale?: string): { region: CountryCode; regionSource: PhoneSearchInfo['regionSource'] } {
  if (org.phoneRegion && isPhoneRegion(org.phoneRegion)) return { region: org.phoneRegion, regionSource: 'org' };
  const fromLocale = localeRegion(locale);
  if (fromLocale) return { region: fromLocale, regionSource: 'locale' };
  return { region: DEFAULT_PHONE_REGION, regionSource: 'default' };
}
