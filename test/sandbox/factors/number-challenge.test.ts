import { describe, expect, it } from 'vitest';
import { numberChoices } from '../../../sandbox/factors/number-challenge';

const pushes = Array.from({ length: 200 }, (_, i) => ({ id: `v2mst.${String(i).padStart(22, 'x')}`, correctAnswer: 10 + ((i * 37) % 90) }));

describe('the numbers a number-matching push shows', () => {
  it('are three different two-digit numbers, the right one among them, the same every time for a transaction', () => {
    for (const push of pushes) {
      const choices = numberChoices('salt', push);
      expect(choices).toEqual(numberChoices('salt', push));
      expect(new Set(choices).size).toBe(3);
      expect(choices).toContain(push.correctAnswer);
      for (const n of choices) expect(n >= 10 && n <= 99 && Number.isInteger(n)).toBe(true);
    }
  });

  it('do not give the right one away by its place', () => {
    const places = [0, 0, 0];
    for (const push of pushes) places[numberChoices('salt', push).indexOf(push.correctAnswer)]! += 1;
    for (const count of places) expect(count).toBeGreaterThan(pushes.length / 6);
  });

  it("differ between orgs for the same transaction id (each org's salt)", () => {
    const first = pushes.slice(0, 10).map((push) => numberChoices('org-one', push));
    const second = pushes.slice(0, 10).map((push) => numberChoices('org-two', push));
    expect(second).not.toEqual(first);
  });
});
