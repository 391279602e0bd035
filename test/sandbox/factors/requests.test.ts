import { describe, expect, it } from 'vitest';
import { OktaError } from '../../../sandbox/errors';
import { parseActivationLinkRequest, parseCodeLifetime, parseEnrollRequest, parseVerifyRequest } from '../../../sandbox/factors/requests';

/** The Okta error a parse throws: code and causes. */
function refusal(parse: () => unknown): { code: string; causes: string[] } {
  try {
    parse();
  } catch (error) {
    if (error instanceof OktaError) return { code: error.code, causes: error.causes };
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('parseEnrollRequest', () => {
  it('reads what each factor type takes from profile, and the query options', () => {
    expect(parseEnrollRequest({ factorType: 'sms', provider: 'okta', profile: { phoneNumber: '+15550001111' } }, { activate: 'true', tokenLifetimeSeconds: '600' })).toEqual({
      factorType: 'sms',
      provider: 'OKTA',
      phoneNumber: '+15550001111',
      activate: true,
      updatePhone: false,
      codeLifetimeSeconds: 600,
    });
    expect(parseEnrollRequest({ factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'pizza' } }, {})).toMatchObject({
      factorType: 'question',
      question: { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' },
      answer: 'pizza',
    });
    expect(parseEnrollRequest({ factorType: 'push', provider: 'OKTA' }, { updatePhone: 'true' })).toEqual({
      factorType: 'push',
      provider: 'OKTA',
      activate: false,
      updatePhone: true,
      codeLifetimeSeconds: undefined,
    });
  });

  it('leaves a phone number or email that is not a string to the user\'s own, as before', () => {
    expect(parseEnrollRequest({ factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: 5551234 } }, {})).toMatchObject({ phoneNumber: undefined });
    expect(parseEnrollRequest({ factorType: 'email', provider: 'OKTA', profile: { email: null } }, {})).toMatchObject({ email: undefined });
  });

  it('refuses what no factor type, provider or profile allows, with one cause each', () => {
    expect(refusal(() => parseEnrollRequest({}, {})).causes).toEqual(['factorType: The field cannot be left blank', 'provider: The field cannot be left blank']);
    expect(refusal(() => parseEnrollRequest([], {})).code).toBe('E0000003');
    expect(refusal(() => parseEnrollRequest({ factorType: 'sms', provider: 'GOOGLE' }, {})).causes).toEqual(["provider: 'GOOGLE' does not offer the factor type 'sms'"]);
    expect(refusal(() => parseEnrollRequest({ factorType: 'webauthn', provider: 'FIDO' }, {})).code).toBe('E0000001');
    expect(refusal(() => parseEnrollRequest({ factorType: 'call', provider: 'OKTA', profile: { phoneExtension: 12 } }, {})).causes).toEqual(['phoneExtension: must be up to 15 digits']);
    expect(refusal(() => parseEnrollRequest({ factorType: 'question', provider: 'OKTA', profile: { question: 'nope', answer: 'abc' } }, {})).causes).toHaveLength(2);
    expect(refusal(() => parseEnrollRequest({ factorType: 'email', provider: 'OKTA' }, { tokenLifetimeSeconds: '86401' })).causes).toEqual([
      'tokenLifetimeSeconds: must be an integer between 1 and 86400',
    ]);
  });
});

describe('parseVerifyRequest', () => {
  it('reads only what the factor type uses, so stray fields of another type are ignored', () => {
    expect(parseVerifyRequest('push', { useNumberMatchingChallenge: true, answer: 5, passCode: 6 }, { tokenLifetimeSeconds: 'x' })).toEqual({
      useNumberMatchingChallenge: true,
      answer: undefined,
      passCode: undefined,
      codeLifetimeSeconds: undefined,
      assertion: false,
    });
    expect(parseVerifyRequest('question', { answer: 'pizza', passCode: 6 }, {})).toMatchObject({ answer: 'pizza', passCode: undefined });
    expect(refusal(() => parseVerifyRequest('question', { answer: 6 }, {})).causes).toEqual(['answer: must be a string']);
    expect(refusal(() => parseVerifyRequest('sms', { passCode: 6 }, {})).causes).toEqual(['passCode: must be a string']);
  });

  it('reads a passCode for every code-based type and sends a code only for sms, call and email', () => {
    for (const type of ['token:software:totp', 'token', 'token:hotp', 'token:hardware'] as const) {
      expect(parseVerifyRequest(type, { passCode: '123456' }, { tokenLifetimeSeconds: 'x' })).toMatchObject({ passCode: '123456', codeLifetimeSeconds: undefined });
      expect(parseVerifyRequest(type, {}, { tokenLifetimeSeconds: 'x' }).codeLifetimeSeconds).toBeUndefined();
    }
    for (const type of ['sms', 'call', 'email'] as const) {
      expect(parseVerifyRequest(type, {}, { tokenLifetimeSeconds: '60' }).codeLifetimeSeconds).toBe(60);
      expect(parseVerifyRequest(type, { passCode: '123456' }, { tokenLifetimeSeconds: 'x' }).codeLifetimeSeconds).toBeUndefined();
    }
    for (const type of ['push', 'question', 'signed_nonce', 'web', 'webauthn', 'u2f'] as const) {
      expect(parseVerifyRequest(type, { passCode: '123456' }, {}).passCode).toBeUndefined();
    }
  });

  it('tells a security-key assertion from a request for a challenge', () => {
    expect(parseVerifyRequest('webauthn', {}, {}).assertion).toBe(false);
    for (const key of ['clientData', 'signatureData', 'authenticatorData']) {
      expect(parseVerifyRequest('webauthn', { [key]: 'x' }, {}).assertion, key).toBe(true);
    }
  });

  it('reads tokenLifetimeSeconds only when the call sends a code (sms, call or email without a passCode)', () => {
    expect(parseVerifyRequest('sms', {}, { tokenLifetimeSeconds: '60' }).codeLifetimeSeconds).toBe(60);
    expect(parseVerifyRequest('sms', { passCode: '123456' }, { tokenLifetimeSeconds: 'x' }).codeLifetimeSeconds).toBeUndefined();
    expect(parseVerifyRequest('token:software:totp', {}, { tokenLifetimeSeconds: 'x' }).codeLifetimeSeconds).toBeUndefined();
    expect(refusal(() => parseVerifyRequest('email', undefined, { tokenLifetimeSeconds: '0' })).code).toBe('E0000001');
  });
});

describe('parseActivationLinkRequest and parseCodeLifetime', () => {
  it('sends email to the user\'s address, texts the number in the body, and knows no other channel', () => {
    expect(parseActivationLinkRequest('email', 'not even an object')).toEqual({ channel: 'email' });
    expect(parseActivationLinkRequest('sms', { profile: { phoneNumber: '+15550001111' } })).toEqual({ channel: 'sms', phoneNumber: '+15550001111' });
    expect(parseActivationLinkRequest('sms', {})).toEqual({ channel: 'sms', phoneNumber: undefined });
    expect(refusal(() => parseActivationLinkRequest('sms', { profile: 'x' })).code).toBe('E0000003');
    expect(parseActivationLinkRequest('fax', {})).toBeNull();
  });

  it('takes whole seconds from 1 to 86400, or nothing', () => {
    expect(parseCodeLifetime({})).toBeUndefined();
    expect(parseCodeLifetime({ tokenLifetimeSeconds: '86400' })).toBe(86_400);
    for (const bad of ['0', '1.5', 'abc', '86401', '']) expect(refusal(() => parseCodeLifetime({ tokenLifetimeSeconds: bad })).code, bad).toBe('E0000001');
  });
});
