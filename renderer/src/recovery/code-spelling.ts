// Reading a temporary access code aloud, and checking what the caller reads back. Codes mix digits,
// upper- and lower-case letters and symbols; on the phone "0" and "O", "l", "1" and "I", "S" and "5"
// are the usual misreadings, so every character is spelled with its case and a word.

export type CharacterKind = 'digit' | 'upper' | 'lower' | 'symbol';

export interface SpelledCharacter {
  char: string;
  kind: CharacterKind;
  /** What to say: "seven", "capital B as in Bravo", "small h as in Hotel", "caret". */
  spoken: string;
  /** A character often misheard or misread for another ("0" and "O", "1", "l" and "I", ...). */
  confusable: boolean;
}

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const NATO: Record<string, string> = {
  a: 'Alfa', b: 'Bravo', c: 'Charlie', d: 'Delta', e: 'Echo', f: 'Foxtrot', g: 'Golf', h: 'Hotel', i: 'India', j: 'Juliett', k: 'Kilo', l: 'Lima', m: 'Mike',
  n: 'November', o: 'Oscar', p: 'Papa', q: 'Quebec', r: 'Romeo', s: 'Sierra', t: 'Tango', u: 'Uniform', v: 'Victor', w: 'Whiskey', x: 'X-ray', y: 'Yankee', z: 'Zulu',
};
const SYMBOLS: Record<string, string> = {
  '!': 'exclamation mark', '#': 'hash', $: 'dollar sign', '%': 'percent sign', '&': 'ampersand', '*': 'asterisk', '+': 'plus sign', '-': 'dash',
  '=': 'equals sign', '?': 'question mark', '@': 'at sign', '^': 'caret', _: 'underscore', '~': 'tilde', '.': 'full stop', ',': 'comma', ':': 'colon',
  ';': 'semicolon', '/': 'slash', '\\': 'backslash', '(': 'open bracket', ')': 'close bracket', '[': 'open square bracket', ']': 'close square bracket',
  '{': 'open curly brace', '}': 'close curly brace', '<': 'less-than sign', '>': 'greater-than sign', '|': 'vertical bar', "'": 'apostrophe', '"': 'double quote', '`': 'backtick',
};
const CONFUSABLE = new Set(['0', 'O', 'o', '1', 'l', 'I', 'i', '5', 'S', 's', '2', 'Z', 'z', '8', 'B', '6', 'G', 'b', 'q', 'g', '9', 'u', 'v', 'V', 'U', 'c', 'C', 'k', 'K', 'w', 'W', 'x', 'X', 'p', 'P']);

export function spellCharacter(char: string): SpelledCharacter {
  const confusable = CONFUSABLE.has(char);
  if (/^[0-9]$/.test(char)) return { char, kind: 'digit', spoken: DIGITS[Number(char)] ?? char, confusable };
  const word = NATO[char.toLowerCase()];
  if (word && char !== char.toLowerCase()) return { char, kind: 'upper', spoken: `capital ${char} as in ${word}`, confusable };
  if (word) return { char, kind: 'lower', spoken: `small ${char} as in ${word}`, confusable };
  return { char, kind: 'symbol', spoken: SYMBOLS[char] ?? (char === ' ' ? 'space' : `the symbol ${char}`), confusable: false };
}

/** The code in groups of four (as shown and read), each character spelled. */
export function spellCode(code: string, groupSize = 4): SpelledCharacter[][] {
  const characters = [...code].map(spellCharacter);
  const groups: SpelledCharacter[][] = [];
  for (let i = 0; i < characters.length; i += groupSize) groups.push(characters.slice(i, i + groupSize));
  return groups;
}

export interface ReadBackGroup {
  /** The group as the caller read it back (what the agent typed), and what it should be. */
  heard: string;
  expected: string;
  state: 'match' | 'mismatch' | 'missing';
  /** Positions (within the group) that differ, with both characters spelled. */
  differences: Array<{ position: number; heard: SpelledCharacter | null; expected: SpelledCharacter }>;
}

export interface ReadBack {
  groups: ReadBackGroup[];
  /** The whole code was read back exactly (case included). */
  complete: boolean;
  /** More was typed than the code has. */
  tooLong: boolean;
}

/**
 * What the caller read back, typed by the agent (spaces between groups are ignored), against the
 * code, group by group: a group is checked once it is fully typed, so the agent sees where a
 * misreading is while the caller is still reading.
 */
export function compareReadBack(code: string, typed: string, groupSize = 4): ReadBack {
  const heard = [...typed.replace(/\s+/g, '')];
  const expected = [...code];
  const groups: ReadBackGroup[] = [];
  for (let start = 0; start < expected.length; start += groupSize) {
    const want = expected.slice(start, start + groupSize);
    const got = heard.slice(start, start + groupSize);
    const differences = want.flatMap((char, position) => (got[position] === char ? [] : [{ position, heard: got[position] === undefined ? null : spellCharacter(got[position] as string), expected: spellCharacter(char) }]));
    const state: ReadBackGroup['state'] = got.length < want.length ? 'missing' : differences.length === 0 ? 'match' : 'mismatch';
    groups.push({ heard: got.join(''), expected: want.join(''), state, differences: state === 'missing' ? [] : differences });
  }
  return { groups, complete: heard.length === expected.length && groups.every((group) => group.state === 'match'), tooLong: heard.length > expected.length };
}

/** Lifetimes offered for a code, within the org's bounds, its default among them. */
export function lifetimeChoices(minMinutes: number, maxMinutes: number, defaultMinutes: number): Array<{ minutes: number; label: string }> {
  const presets = [15, 30, 60, 120, 240, 480, 720, 1440, 4320, 10_080, 14_400];
  const minutes = [...new Set([...presets.filter((each) => each >= minMinutes && each <= maxMinutes), defaultMinutes, minMinutes, maxMinutes])].sort((a, b) => a - b);
  return minutes.map((each) => ({ minutes: each, label: `${durationWords(each)}${each === defaultMinutes ? ' (org default)' : ''}` }));
}

/** "15 minutes", "2 hours", "1 day", "1 hour 30 minutes". */
export function durationWords(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} day${days === 1 ? '' : 's'}` : '', hours ? `${hours} hour${hours === 1 ? '' : 's'}` : '', rest ? `${rest} minute${rest === 1 ? '' : 's'}` : ''];
  return parts.filter(Boolean).join(' ') || '0 minutes';
}
