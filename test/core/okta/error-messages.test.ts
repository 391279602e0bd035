import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgeErrorCodes } from '../../../contract/errors';
import { oktaErrorWordings } from '../../../main/core/okta/error-messages';
import { mapOktaError } from '../../../main/core/okta/errors';
import { classifyTooManyRequests } from '../../../main/core/okta/rate-limit';
import { OKTA_ERRORS, SYSTEM_LOG_QUERY_ERRORS } from '../../../sandbox/errors';
import { invalidField, sinceTooOld, unknownOperator, unsupportedCombination } from '../../../sandbox/logs/query-errors';
import { oktaReferenceDir, sharedMaterialPresent } from '../../support/shared-material';

const errorCodesFile = join(oktaReferenceDir, 'error-codes.json');
const haveReference = sharedMaterialPresent(errorCodesFile, 'the published-error-code check (test/core/okta/error-messages.test.ts)');

describe('Okta error wordings', () => {
  it.skipIf(!haveReference)(
    'only words codes that exist in Okta\'s published error list (skipped when ../shared/okta-reference is missing)',
    () => {
      const published = JSON.parse(readFileSync(errorCodesFile, 'utf8')) as { errors: Array<{ errorCode: string }> };
      const known = new Set(published.errors.map((entry) => entry.errorCode));
      const unknown = Object.keys(oktaErrorWordings).filter((code) => !known.has(code));
      expect(unknown).toEqual([]);
    },
  );


  it('maps each wording to a bridge error code and gives every message words and an action', () => {
    for (const [oktaCode, wording] of Object.entries(oktaErrorWordings)) {
      expect(bridgeErrorCodes, oktaCode).toContain(wording.code);
      expect(wording.message.length, oktaCode).toBeGreaterThan(10);
      expect(wording.action?.length ?? 0, `${oktaCode} says what to do`).toBeGreaterThan(10);
    }
  });

  it('has words for every error code the sandbox org (and so the workflows and the history) can answer with', () => {
    const sandboxCodes = [...Object.keys(OKTA_ERRORS), ...Object.keys(SYSTEM_LOG_QUERY_ERRORS)];
    expect(sandboxCodes).toContain('E0000053');
    expect(sandboxCodes.filter((code) => !oktaErrorWordings[code])).toEqual([]);
  });

  it("words the System Log's refusals of a search: a bad filter or field, a start more than 180 days back, an unsupported operator", () => {
    const map = (error: { status: number; toBody(): unknown }) => mapOktaError({ httpStatus: error.status, body: error.toBody() }).data;
    const operator = map(unknownOperator('eventType eqq "x"', 'eqq', 10));
    expect(operator).toMatchObject({ code: 'VALIDATION', oktaErrorCode: 'E0000053', message: expect.stringMatching(/System Log refused FactorDesk's search/), action: expect.stringMatching(/still shows what FactorDesk recorded/) });
    expect(operator.causes?.[0]).toMatch(/^Invalid filter 'eventType eqq "x"': Unrecognized attribute operator 'eqq'/);
    expect(operator.oktaErrorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(map(invalidField('some_invalid_field'))).toMatchObject({ oktaErrorCode: 'E0000053', causes: ['field is not valid: some_invalid_field'] });
    expect(map(sinceTooOld())).toMatchObject({
      code: 'VALIDATION',
      oktaErrorCode: 'E0000053',
      message: expect.stringMatching(/at most 180 days back .* about 90 days/),
      action: expect.stringMatching(/within the last 90 days/),
    });
    expect(map(unsupportedCombination('co', 'debugContext.debugData.url'))).toMatchObject({ oktaErrorCode: 'E0000031', message: 'Okta could not run that search.' });
  });

  it('words the factor codes a real org can send beyond the sandbox, without misleading headlines', () => {
    const map = (httpStatus: number, errorCode: string) => mapOktaError({ httpStatus, body: { errorCode, errorSummary: 'Okta summary', errorId: 'oae9' } }).data;
    // A 24-hour SMS quota is not the API rate limit: no retry time from the API bucket's headers.
    const quota = mapOktaError({
      httpStatus: 429,
      body: { errorCode: 'E0000146', errorSummary: 'limit' },
      headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 30) },
    }).data;
    expect(quota).toMatchObject({ code: 'OKTA_ERROR', message: expect.stringMatching(/24 hours/), action: expect.stringMatching(/another factor/) });
    expect(quota.retryAt).toBeUndefined();
    // Org or plan restrictions are not the token's role.
    expect(map(403, 'E0000247')).toMatchObject({ code: 'VALIDATION', action: expect.stringMatching(/another factor/) });
    expect(map(403, 'E0000099')).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/US and Canada/) });
    expect(map(423, 'E0000180')).toMatchObject({ message: expect.stringMatching(/suspended/), oktaErrorId: 'oae9' });
    expect(map(504, 'E0000067').message).not.toContain('Okta summary');
  });

  it('derives retryAt from "Please wait N seconds" for send throttles', () => {
    const now = new Date('2026-01-01T10:00:00.000Z');
    const error = mapOktaError({
      httpStatus: 429,
      now,
      body: { errorCode: 'E0000109', errorSummary: 'An SMS message was recently sent. Please wait 30 seconds before trying again.', errorId: 'oae1' },
    });
    expect(error.data).toMatchObject({ code: 'SENT_TOO_RECENTLY', oktaErrorCode: 'E0000109', oktaErrorId: 'oae1', httpStatus: 429 });
    expect(error.data.retryAt).toBe('2026-01-01T10:00:30.000Z');
  });

  it('tells an expired one-time code apart from a wrong one', () => {
    const body = (cause: string): unknown => ({ errorCode: 'E0000068', errorSummary: 'Invalid Passcode/Answer', errorCauses: [{ errorSummary: cause }] });
    const expired = mapOktaError({ httpStatus: 403, body: body('Your passcode has expired. Request a new code and try again.') });
    const wrong = mapOktaError({ httpStatus: 403, body: body("Your passcode doesn't match our records. Please try again.") });
    expect(expired.data).toMatchObject({ code: 'WRONG_CODE', message: 'That code has expired.' });
    expect(wrong.data).toMatchObject({ code: 'WRONG_CODE', message: 'That code is not correct.' });
  });

  it('tells a rate limit (the org bucket, or the token share while the bucket shows room) from the per-factor attempt limit and concurrency', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    const body = { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' };
    const reset = String(Math.floor(now.getTime() / 1000) + 60);
    const headers = (limit: number, remaining: number) => ({ 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': reset });
    const factor = '/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors/mbl1a2b3c4d5e6f7g8h9';
    const at = (path: string, limit: number, remaining: number) => mapOktaError({ httpStatus: 429, body, now, path, headers: headers(limit, remaining) }).data;

    // Okta's one-time-passcode limit (5 activations or resends per 5 minutes): only on those endpoints, bucket with room.
    for (const path of [`${factor}/lifecycle/activate`, `${factor}/resend`, `${factor}/lifecycle/activate/sms`]) {
      const perFactor = at(path, 1200, 1100);
      expect(perFactor, path).toMatchObject({ code: 'RATE_LIMITED', oktaErrorCode: 'E0000047', message: 'Too many attempts on this factor in a short time.' });
      expect(perFactor.retryAt, path).toBeUndefined();
    }
    // The same answer anywhere else: this token's share is used up while the headers show the org's room. A rate limit, until the reset.
    for (const path of [factor, `${factor}/verify`, '/api/v1/users', '/api/v1/logs']) {
      const share = at(path, 1200, 1100);
      expect(share, path).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/this connection's share/) });
      expect(share.retryAt, path).toBe('2026-01-01T10:01:00.000Z');
    }
    // The bucket (or the share as the headers' ceiling) empty, on any path: a rate limit too.
    expect(at(`${factor}/lifecycle/activate`, 600, 0)).toMatchObject({ code: 'RATE_LIMITED', retryAt: '2026-01-01T10:01:00.000Z' });
    // Too many at once (Limit and Remaining 0): the reset is only an estimate.
    const concurrency = at('/api/v1/users', 0, 0);
    expect(concurrency).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/at the same moment/), action: 'Try again in a few seconds.' });
    expect(concurrency.retryAt).toBeUndefined();
    // A send throttle has its own code and wait.
    expect(classifyTooManyRequests({ errorCode: 'E0000109', limit: 1200, remaining: 1100, path: `${factor}/verify` })).toBe('other');
    expect(classifyTooManyRequests({ errorCode: 'E0000047', limit: 1200, remaining: 1100, path: `${factor}/lifecycle/activate/poll` })).toBe('bucket');
  });

  it("words a 403 E0000006 by whose roles Okta checked: the API token's administrator, the signed-in agent, the service app — each per user", () => {
    const body = { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] };
    const token = mapOktaError({ httpStatus: 403, body }).data;
    expect(token).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/^The API token's administrator is not allowed to do this\./) });
    // The refusal can be about this user (a help desk on an administrator, or outside its groups), not only about the role.
    expect(token.message).toMatch(/cannot change an administrator, or anyone outside the groups/);
    expect(token.action).toMatch(/^If it is about one user, ask a colleague whose role covers them/);
    expect(mapOktaError({ httpStatus: 403, body, credential: 'agent' }).data.message).toMatch(/^Your Okta admin role does not allow this for this user/);
    expect(mapOktaError({ httpStatus: 403, body, credential: 'service-app' }).data.message).toMatch(/^The service app's admin roles do not allow this for this user/);
  });

  it('keeps Okta\'s summary for codes it has no words for, without guessing from the status', () => {
    const error = mapOktaError({ httpStatus: 403, body: { errorCode: 'E0000999', errorSummary: 'Something specific' } });
    expect(error.data.code).toBe('OKTA_ERROR');
    expect(error.data.message).toContain('Something specific');
  });
});
