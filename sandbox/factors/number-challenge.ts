import type { PushTransaction } from '../org';
import { SeededRandom } from '../random';

/** Okta Verify's number challenge uses two-digit numbers. */
const LOWEST = 10;
const HIGHEST = 99;

/**
 * The three numbers Okta Verify shows for a number-matching push: the right one and two wrong
 * ones, in an order that does not give the right one away. Drawn from the transaction, so the
 * phone shows the same three numbers in the same order every time it is looked at (the console's
 * phone panel and the phone page alike); the org's own salt keeps the first push of every freshly
 * started org (whose transaction ids repeat with the seed) from always showing the same wrong ones.
 */
export function numberChoices(salt: string, push: Pick<PushTransaction, 'id'> & { correctAnswer: number }): number[] {
  const { correctAnswer } = push;
  const random = new SeededRandom(`number-challenge:${salt}:${push.id}:${correctAnswer}`);
  const choices = [correctAnswer];
  while (choices.length < 3) {
    const candidate = random.int(LOWEST, HIGHEST);
    if (!choices.includes(candidate)) choices.push(candidate);
  }
  for (let i = choices.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [choices[i], choices[j]] = [choices[j] as number, choices[i] as number];
  }
  return choices;
}
