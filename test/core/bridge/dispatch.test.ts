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
      { userId: '00ub0oNGTSWTBKOLGLNR', factorId: 'opfh52xcuft3J4uZc0g3', callerVerification: { method: 'manager_callback', ticket: ' ' } },
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

  it('refuses ids that are not in their shape, saying which field and what shape, before any handler runs', async () => {
    const bent = ['..', '.', '%2e%2e', '00ub0oNGTSWTBKOLGL/.', '00ub0oNGTSWTBKOLGLN%2F', ' 00ub0oNGTSWTBKOLGLNR', '00ub0oNGTSWTBKOLGLNRx', 'me'];
    for (const factorId of bent) {
      const result = await dispatch('sendActivationLink', { channel: 'email', userId: '00ub0oNGTSWTBKOLGLNR', factorId }, context);
      expect(result, factorId).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'The request was not valid: factorId: Not an Okta factor id (20 letters and digits, like opfh52xcuft3J4uZc0g3).' },
      });
    }
    expect(await dispatch('getUser', { userId: 42 }, context)).toMatchObject({
      error: { message: 'The request was not valid: userId: Expected an Okta user id (20 letters and digits, like 00ub0oNGTSWTBKOLGLNR).' },
    });
    expect(await dispatch('listFactors', {}, context)).toMatchObject({
      error: { message: 'The request was not valid: userId: Required: an Okta user id (20 letters and digits, like 00ub0oNGTSWTBKOLGLNR).' },
    });
    expect(await dispatch('selectOrg', { id: '../sandbox' }, context)).toMatchObject({ error: { causes: ['id: Not a FactorDesk org id (as listOrgs gives it)'] } });
    expect(await dispatch('cancelWatch', { watchId: 'flaky' }, context)).toMatchObject({ error: { causes: [expect.stringMatching(/^watchId: Not a FactorDesk watch id/)] } });
    expect(await dispatch('getHistory', { userId: '00ub0oNGTSWTBKOLGLNR', since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z', cursor: 'x', pageSize: 10 }, context)).toMatchObject({ ok: true });
    expect(called).toEqual(['getHistory']);
    called.length = 0;
  });

  it('keeps what it quotes from the input short', async () => {
    const result = await dispatch('listOrgs', { ['k'.repeat(100_000)]: 1 }, context);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.message.length).toBeLessThan(400);
    expect(result.error.causes?.every((cause) => cause.length <= 301)).toBe(true);
  });

  it('refuses unknown methods, including ones inherited from Object', async () => {
    for (const name of ['dropDatabase', 'toString', '__proto__', 'constructor']) {
      expect(await dispatch(name, {}, context)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^Unknown request/), action: expect.any(String) } });
    }
    expect(called).toEqual([]);
  });
});
