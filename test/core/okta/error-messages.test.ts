import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgeErrorCodes } from '../../../contract/errors';
import { oktaErrorWordings } from '../../../main/core/okta/error-messages';
import { mapOktaError } from '../../../main/core/okta/errors';
import { OKTA_ERRORS } from '../../../sandbox/errors';
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

  it('has words for every error code the sandbox org (and so the workflows) can answer with', () => {
    expect(Object.keys(OKTA_ERRORS).filter((code) => !oktaErrorWordings[code])).toEqual([]);
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

  it('tells a per-factor attempt limit (bucket still has room) from the org bucket running out', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    const body = { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' };
    const reset = String(Math.floor(now.getTime() / 1000) + 60);
    const perFactor = mapOktaError({ httpStatus: 429, body, now, headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '42', 'x-rate-limit-reset': reset } });
    const bucket = mapOktaError({ httpStatus: 429, body, now, headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset } });
    expect(perFactor.data).toMatchObject({ code: 'RATE_LIMITED', oktaErrorCode: 'E0000047', message: 'Too many attempts on this factor in a short time.' });
    expect(perFactor.data.retryAt).toBeUndefined();
    expect(bucket.data.code).toBe('RATE_LIMITED');
    expect(bucket.data.message).not.toBe(perFactor.data.message);
    expect(bucket.data.retryAt).toBe('2026-01-01T10:01:00.000Z');
  });

  it('keeps Okta\'s summary for codes it has no words for, without guessing from the status', () => {
    const error = mapOktaError({ httpStatus: 403, body: { errorCode: 'E0000999', errorSummary: 'Something specific' } });
    expect(error.data.code).toBe('OKTA_ERROR');
    expect(error.data.message).toContain('Something specific');
  });
});
