// Time zones in the words an agent writes on a ticket ("14:02 CET"), shared by main (the ticket
// note) and the renderer (exact times beside relative ones). No zod here: the renderer's first
// screen imports it.

/**
 * English locales tried in turn for a zone's short name: each knows the abbreviations of its own
 * region (en-US: EST/PDT, en-GB: CET/BST, en-AU: AEST, en-IN: IST) and writes "GMT+1" for the rest.
 */
const abbreviationLocales = ['en-US', 'en-GB', 'en-AU', 'en-IN'] as const;

const formats = new Map<string, Intl.DateTimeFormat>();

function shortZoneFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) });
    formats.set(key, format);
  }
  return format;
}

function shortName(date: Date, locale: string, timeZone: string | undefined): string {
  return shortZoneFormat(locale, timeZone).formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * The zone's abbreviation at that moment ("CET", "CEST", "EDT", "UTC"), or its offset ("GMT+9")
 * where no English locale has a name for it. `timeZone` is an IANA name; the machine's own by default.
 */
export function zoneAbbreviation(date: Date, timeZone?: string): string {
  let offset = '';
  for (const locale of abbreviationLocales) {
    const name = shortName(date, locale, timeZone);
    if (name && !/^(?:GMT|UTC)[+-−]/.test(name)) return name;
    offset ||= name;
  }
  return offset || 'UTC';
}

/** Whether `name` is an IANA time zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isKnownTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
