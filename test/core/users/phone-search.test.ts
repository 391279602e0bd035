import { describe, expect, it } from 'vitest';
import { localeRegion, phoneRegionOf } from '../../../main/core/users/phone-region';
import { looksLikePhoneNumber, MAX_COMPARISONS_PER_SEARCH, MAX_SEARCH_LENGTH, MAX_SEARCHES_PER_NUMBER, phoneQuery } from '../../../main/core/users/phone-search';
import { parseFilter, comparisons } from '../../../sandbox/scim-filter';

// What the caller-ID search sends Okta: the spellings people store a number in, in both phone
// fields, within the limits it sets itself, and the check that keeps only the same number.

const profile = (mobilePhone: string | null, primaryPhone: string | null = null) => ({ mobilePhone, primaryPhone });

describe('phoneQuery', () => {
  it('reads the number on the phone display in any format as one E.164 number', () => {
    for (const typed of ['5554151337', '+1-555-415-1337', '(555) 415-1337', '555 415 1337', '555.415.1337', '+1 555 415 1337', '1-555-415-1337']) {
      expect(phoneQuery(typed, 'US')?.e164, typed).toBe('+15554151337');
    }
    expect(phoneQuery('090-1234-5678', 'JP')?.e164).toBe('+819012345678');
    expect(phoneQuery('+81 90-1234-5678', 'US')?.e164).toBe('+819012345678');
  });

  it('asks for the stored spellings, exactly, in both fields, and stays within its limits', () => {
    const query = phoneQuery('5554151337', 'US')!;
    expect(query.expressions.length).toBeGreaterThan(0);
    expect(query.expressions.length).toBeLessThanOrEqual(MAX_SEARCHES_PER_NUMBER);
    const asked = new Map<string, Set<string>>();
    for (const expression of query.expressions) {
      expect(expression.length).toBeLessThanOrEqual(MAX_SEARCH_LENGTH);
      const compared = comparisons(parseFilter(expression));
      expect(compared.length).toBeLessThanOrEqual(MAX_COMPARISONS_PER_SEARCH);
      for (const node of compared) {
        expect(node.operator).toBe('eq');
        if (!asked.has(node.attribute)) asked.set(node.attribute, new Set());
        asked.get(node.attribute)!.add(String(node.value));
      }
    }
    expect([...asked.keys()].sort()).toEqual(['profile.mobilePhone', 'profile.primaryPhone']);
    for (const spelling of ['+15554151337', '5554151337', '555-415-1337', '(555) 415-1337', '555 415 1337', '555.415.1337', '+1-555-415-1337', '+1 555-415-1337', '+1 555 415 1337']) {
      expect(asked.get('profile.mobilePhone')?.has(spelling), spelling).toBe(true);
      expect(asked.get('profile.primaryPhone')?.has(spelling), spelling).toBe(true);
    }
  });

  it('keeps only profiles holding the same number, and says which field', () => {
    const query = phoneQuery('(555) 415-1337', 'US')!;
    expect(query.fieldsMatching(profile('+1-555-415-1337'))).toEqual(['mobilePhone']);
    expect(query.fieldsMatching(profile(null, '555.415.1337'))).toEqual(['primaryPhone']);
    expect(query.fieldsMatching(profile('+15554151337', '555 415 1337'))).toEqual(['mobilePhone', 'primaryPhone']);
    expect(query.fieldsMatching(profile('+1-555-415-1338', '+44 20 7946 0958'))).toEqual([]);
    expect(query.fieldsMatching(profile('', 'not a number'))).toEqual([]);
  });

  it('the start of a number is matched by prefix, and checked by its digits', () => {
    const query = phoneQuery('555415', 'US')!;
    expect(query.e164).toBeNull();
    const compared = query.expressions.flatMap((expression) => comparisons(parseFilter(expression)));
    expect(new Set(compared.map((node) => node.operator))).toEqual(new Set(['sw']));
    expect(compared.map((node) => node.value)).toEqual(expect.arrayContaining(['+1-555-415', '555-415', '(555) 415', '555415', '+1555415']));
    expect(query.fieldsMatching(profile('+1-555-415-1337', '(555) 415-2601'))).toEqual(['mobilePhone', 'primaryPhone']);
    expect(query.fieldsMatching(profile('+1-555-416-1337'))).toEqual([]);
  });

  it('is not used for names, logins, ids or too few digits', () => {
    for (const text of ['isaac', 'isaac@example.org', '00ub0oNGTSWTBKOLGLNR', '555', '12345', 'call 5554151337', '']) {
      expect(looksLikePhoneNumber(text), text).toBe(false);
      expect(phoneQuery(text, 'US'), text).toBeNull();
    }
    expect(looksLikePhoneNumber(' +1 (555) 415-1337 ')).toBe(true);
  });

  it('quotes what it sends (no way to close the string and add a condition)', () => {
    for (const expression of phoneQuery('+1 555 415 1337', 'US')!.expressions) {
      expect(comparisons(parseFilter(expression)).every((node) => node.attribute.startsWith('profile.') && node.attribute.endsWith('Phone'))).toBe(true);
    }
  });
});

describe('the region a number without a country code is read in', () => {
  it('is the org setting, else the agent locale, else US', () => {
    expect(phoneRegionOf({ phoneRegion: 'GB' }, 'en-US')).toEqual({ region: 'GB', regionSource: 'org' });
    expect(phoneRegionOf({ phoneRegion: null }, 'de-DE')).toEqual({ region: 'DE', regionSource: 'locale' });
    expect(phoneRegionOf({}, 'fr')).toEqual({ region: 'FR', regionSource: 'locale' });
    expect(phoneRegionOf({ phoneRegion: 'ZZ' }, 'en-001')).toEqual({ region: 'US', regionSource: 'default' });
    expect(localeRegion('not a locale!')).toBeNull();
  });
});
