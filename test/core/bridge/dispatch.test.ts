// The bridge's one entry point: unknown methods and invalid input are refused with words that name the field.
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../contract';
import { createDispatcher } from '../../../main/core/bridge/dispatch';

const called: string[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_target, name: string) => async () => {
    called.push(name);
    return null;
  },
});
const dispatch = createDispatcher(handlers);
const context = { clientId: 'test' };

describe('bridge dispatch', () => {
  it('names the field and what is wrong with it, the first in the message and all in causes', async () => {
    const result = await dispatch(
      'resetFactor',
      { userId: 'u1', factorId: 'f1', callerVerification: { method: 'manager_callback', ticket: ' ' } },
      context,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'The request was not valid: callerVerification.ticket: Enter the ticket reference.',
        action: expect.stringMatching(/^Correct it and try again/),
        causes: ['callerVerification.ticket: Enter the ticket reference'],
      },
    });

    const several = await dispatch('searchUsers', { query: 42, surprise: true }, context);
    if (several.ok) throw new Error('expected a refusal');
    expect(several.error.message).toMatch(/^The request was not valid: .+ \(and 1 more\)\.$/);
    expect(several.error.causes).toEqual([expect.stringMatching(/^query: /), expect.stringMatching(/^input: Unrecognized key/)]);
    expect(called).toEqual([]);
  });

  it('refuses unknown methods, including ones inherited from Object', async () => {
    for (const name of ['dropDatabase', 'toString', '__proto__', 'constructor']) {
      expect(await dispatch(name, {}, context)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^Unknown request/) } });
    }
    expect(called).toEqual([]);
  });
});
