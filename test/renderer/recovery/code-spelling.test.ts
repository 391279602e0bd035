// Reading a temporary access code aloud and checking the caller's read-back: every character spelled
// with its case and a word, look-alikes marked, and a read-back compared group by group so a misheard
// character is named while the caller is still reading.
import { describe, expect, it } from 'vitest';
import { compareReadBack, durationWords, lifetimeChoices, spellCharacter, spellCode } from '../../../renderer/src/recovery/code-spelling';

describe('spelling a code', () => {
  it('says every character with its case and a word, and marks look-alikes', () => {
    expect(spellCharacter('0')).toEqual({ char: '0', kind: 'digit', spoken: 'zero', confusable: true });
    expect(spellCharacter('O')).toEqual({ char: 'O', kind: 'upper', spoken: 'capital O as in Oscar', confusable: true });
    expect(spellCharacter('h')).toEqual({ char: 'h', kind: 'lower', spoken: 'small h as in Hotel', confusable: false });
    expect(spellCharacter('^')).toEqual({ char: '^', kind: 'symbol', spoken: 'caret', confusable: false });
    expect(spellCharacter('&').spoken).toBe('ampersand');
  });

  it("groups Okta's example code in fours", () => {
    const groups = spellCode('4&^CnBV^3^u4b^Hg');
    expect(groups.map((group) => group.map((each) => each.char).join(''))).toEqual(['4&^C', 'nBV^', '3^u4', 'b^Hg']);
    expect(groups[0]?.map((each) => each.spoken)).toEqual(['four', 'ampersand', 'caret', 'capital C as in Charlie']);
  });
});

describe('the read-back check', () => {
  const code = '4&^CnBV^3^u4b^Hg';

  it('checks each group once it is typed, ignoring the spaces between groups', () => {
    const partial = compareReadBack(code, '4&^C nBV');
    expect(partial.groups.map((group) => group.state)).toEqual(['match', 'missing', 'missing', 'missing']);
    expect(partial.complete).toBe(false);
    expect(compareReadBack(code, '4&^C nBV^ 3^u4 b^Hg').complete).toBe(true);
    expect(compareReadBack(code, code).complete).toBe(true);
  });

  it('names a misheard character with both readings, case included', () => {
    const misread = compareReadBack(code, '4&^c nBV^ 3^u4 b^H9');
    expect(misread.complete).toBe(false);
    expect(misread.groups.map((group) => group.state)).toEqual(['mismatch', 'match', 'match', 'mismatch']);
    expect(misread.groups[0]?.differences).toEqual([{ position: 3, heard: expect.objectContaining({ spoken: 'small c as in Charlie' }), expected: expect.objectContaining({ spoken: 'capital C as in Charlie' }) }]);
    expect(misread.groups[3]?.differences[0]).toMatchObject({ position: 3, heard: { spoken: 'nine' }, expected: { spoken: 'small g as in Golf' } });
  });

  it('notices a read-back longer than the code', () => {
    const long = compareReadBack(code, `${code}x`);
    expect(long).toMatchObject({ complete: false, tooLong: true });
  });
});

describe('lifetimes', () => {
  it("offers presets within the org's bounds, its default marked", () => {
    expect(lifetimeChoices(10, 720, 120)).toEqual([
      { minutes: 10, label: '10 minutes' },
      { minutes: 15, label: '15 minutes' },
      { minutes: 30, label: '30 minutes' },
      { minutes: 60, label: '1 hour' },
      { minutes: 120, label: '2 hours (org default)' },
      { minutes: 240, label: '4 hours' },
      { minutes: 480, label: '8 hours' },
      { minutes: 720, label: '12 hours' },
    ]);
    expect(durationWords(90)).toBe('1 hour 30 minutes');
    expect(durationWords(14_400)).toBe('10 days');
  });
});
