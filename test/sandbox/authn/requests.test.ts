import { describe, expect, it } from 'vitest';
import { parsePrimaryAuth, parseStateToken } from '../../../sandbox/authn/requests';
import { AuthnTransactions } from '../../../sandbox/authn/transactions';
import { OktaError } from '../../../sandbox/errors';
import { isKnownFactorType } from '../../../sandbox/factors/catalog';
import { parseEnrollRequest } from '../../../sandbox/factors/requests';
import { unitOrg } from '../support/pipeline-app';

function refusal(parse: () => unknown): { code: string; causes: string[] } {
  try {
    parse();
  } catch (error) {
    if (error instanceof OktaError) return { code: error.code, causes: error.causes };
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('Authentication API requests', () => {
  it('needs a state token that is a non-empty string', () => {
    expect(parseStateToken({ stateToken: '00abc' })).toBe('00abc');
    for (const stateToken of [undefined, '', 42, null]) {
      expect(refusal(() => parseStateToken({ stateToken }))).toEqual({ code: 'E0000001', causes: ['stateToken: The field cannot be left blank'] });
    }
  });

  it('needs a username and a password, each a non-empty string; relayState only when a string', () => {
    expect(parsePrimaryAuth({ username: 'isaac', password: 'pw', relayState: '/app' })).toEqual({ username: 'isaac', password: 'pw', relayState: '/app' });
    expect(parsePrimaryAuth({ username: 'isaac', password: 'pw', relayState: 7 }).relayState).toBeUndefined();
    expect(refusal(() => parsePrimaryAuth({}))).toEqual({ code: 'E0000001', causes: ['username: The field cannot be left blank', 'password: The field cannot be left blank'] });
    expect(refusal(() => parsePrimaryAuth({ username: '', password: 'pw' })).causes).toEqual(['username: The field cannot be left blank']);
    expect(refusal(() => parsePrimaryAuth({ username: 'isaac', password: 5 })).causes).toEqual(['password: The field cannot be left blank']);
    expect(refusal(() => parsePrimaryAuth({ username: 5, password: '' })).causes).toHaveLength(2);
  });
});

describe('state tokens', () => {
  it('slide with every use, expire on the org clock, and refuse other states with E0000079', () => {
    const org = unitOrg();
    const transactions = new AuthnTransactions(org);
    const started = transactions.begin('00u1', 'MFA_REQUIRED', '/back');
    expect(started).toMatchObject({ userId: '00u1', status: 'MFA_REQUIRED', relayState: '/back', factorId: undefined, pushId: undefined, pushResultReported: false });
    expect(started.stateToken).toMatch(/^00[\w-]{40}$/);
    const lifetime = started.expiresAt - org.clock.now();
    expect(lifetime).toBeGreaterThan(3_599_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
    org.clock.advance(3599);
    expect(transactions.resume(started.stateToken, ['MFA_REQUIRED'])).toBe(started);
    org.clock.advance(3599);
    expect(transactions.resume(started.stateToken)).toBe(started);
    expect(refusal(() => transactions.resume(started.stateToken, ['MFA_ENROLL']))).toEqual({ code: 'E0000079', causes: ['This operation is not allowed in the current authentication state.'] });
    org.clock.advance(3600);
    expect(refusal(() => transactions.resume(started.stateToken)).code).toBe('E0000011');
    expect(refusal(() => transactions.resume('00unknown')).code).toBe('E0000011');
    const other = transactions.begin('00u2', 'MFA_ENROLL', undefined);
    transactions.end(other);
    expect(refusal(() => transactions.resume(other.stateToken)).code).toBe('E0000011');
  });
});

describe('factor types', () => {
  it('knows the enrollable types and FastPass, nothing else', () => {
    for (const type of ['push', 'sms', 'call', 'email', 'question', 'token:software:totp', 'webauthn', 'u2f', 'signed_nonce']) expect(isKnownFactorType(type), type).toBe(true);
    for (const type of ['token:hardware', 'carrier-pigeon', '']) expect(isKnownFactorType(type), type).toBe(false);
    expect(refusal(() => parseEnrollRequest({ factorType: 'signed_nonce', provider: 'OKTA' }, {})).causes).toEqual(["factorType: Okta FastPass (signed_nonce) can't be enrolled through the Factors API"]);
    expect(refusal(() => parseEnrollRequest({ factorType: 'push', provider: 'OKTA', profile: [] }, {})).causes).toEqual(['profile: must be an object']);
    expect(refusal(() => parseEnrollRequest({ factorType: 'push', provider: 'OKTA', profile: 'x' }, {})).causes).toEqual(['profile: must be an object']);
    expect(refusal(() => parseEnrollRequest({ factorType: 'webauthn', provider: 'FIDO' }, {})).causes[0]).toMatch(/cannot enroll it/);
  });
});
