import { expect } from 'vitest';
import { FactorDeskError } from '../../../../contract/errors';

/** Awaits a call that must fail, checks it failed with a FactorDeskError that never mentions any of the tokens. */
export async function failureOf(promise: Promise<unknown>, tokens: string[]): Promise<FactorDeskError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FactorDeskError);
    const failure = error as FactorDeskError;
    const everything = [JSON.stringify(failure.data), failure.message, String(failure), failure.stack ?? ''].join('\n');
    for (const token of tokens) expect(everything).not.toContain(token);
    return failure;
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}
