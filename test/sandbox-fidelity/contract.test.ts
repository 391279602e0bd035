import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import { beforeAll, describe, expect, test } from 'vitest';
import { ContractExpectations } from './support/contract-expectations';
import { arrayOf, at, isObject, linkAllows, linkHref, objectAt, stringAt } from './support/json-path';
import { OktaErrorCodes } from './support/okta-error-codes';
import { OktaOpenApi } from './support/okta-openapi';
import { describeResponse, type OrgResponse } from './support/org-http';
import { ENGINES, ISAAC, orgTimeFrom, useOrgWithFreshIsaac } from './support/sandbox-org';
import { oktaReferenceDir, sharedMaterialPresent } from '../support/shared-material';

// Contract tests (issue 2, item 9): every response the sandbox gives for the factor operations the
// console uses is validated against Okta's OpenAPI document (management-minimal.yaml), its
// examples where they exist, and error-codes.json for errors.

const FACTORS = '/api/v1/users/{userId}/factors';
const FACTOR = '/api/v1/users/{userId}/factors/{factorId}';
const ACTIVATE = '/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate';
const VERIFY = '/api/v1/users/{userId}/factors/{factorId}/verify';
const TRANSACTION = '/api/v1/users/{userId}/factors/{factorId}/transactions/{transactionId}';
const RESEND = '/api/v1/users/{userId}/factors/{factorId}/resend';

// Phone numbers in E.164, the form Okta's schema requires of `profile.phoneNumber`.
const SMS_PHONE = '+14155550101';
const CALL_PHONE = '+14155550102';

const referencePresent = sharedMaterialPresent(oktaReferenceDir, 'sandbox contract tests (test/sandbox-fidelity/contract.test.ts)');

describe.skipIf(!referencePresent).each(ENGINES)('%s org answers as Okta documents in management-minimal.yaml', (engine) => {
  let spec: OktaOpenApi;
  let errors: OktaErrorCodes;
  let expectContract: ContractExpectations;
  const org = useOrgWithFreshIsaac(engine);

  beforeAll(() => {
    spec = new OktaOpenApi(oktaReferenceDir);
    errors = new OktaErrorCodes(oktaReferenceDir);
    expectContract = new ContractExpectations(spec);
  });

  const factorsPath = () => `/api/v1/users/${org.isaacId}/factors`;
  const enroll = (body: unknown, query = '') => org.http.post(`${factorsPath()}${query}`, body);

  function expectError(response: OrgResponse, code: string): void {
    expect(errors.problemsWith(response, code), describeResponse(response)).toEqual([]);
    expectContract.schema('Error', response.body, code);
  }

  test('the validator itself accepts Okta examples and rejects a wrong body (so these tests can fail)', () => {
    const documented = spec.documentedResponse('GET', TRANSACTION, 200);
    expect(documented?.schema).toBeDefined();
    const waiting = spec.example('UserFactorVerifyPushTransactionWaitingNMC');
    expect(spec.validateAgainst(documented!.schema!, waiting)).toEqual({ valid: true });
    expect(spec.validateAgainst(documented!.schema!, { ...objectAt(waiting, ''), factorResult: 'MAYBE' }).valid).toBe(false);
    const push = spec.example('EnrollFactorOVPushResponse');
    expect(spec.validateSchema('UserFactor', push)).toEqual({ valid: true });
    expect(spec.validateSchema('UserFactor', { ...objectAt(push, ''), provider: 'GOOGLE' }).valid).toBe(false);
  });

  describe('users', () => {
    test('list, search and get match User, with Link paging headers', async () => {
      const list = await org.http.get('/api/v1/users?limit=2');
      expectContract.documented('GET', '/api/v1/users', list);
      expect(arrayOf(list.body, 'users')).toHaveLength(2);
      const link = list.headers.get('link') ?? '';
      expect(link).toMatch(/rel="self"/);
      expect(link).toMatch(/rel="next"/);

      const search = await org.http.get(`/api/v1/users?search=${encodeURIComponent(`profile.login eq "${ISAAC.login}"`)}`);
      expectContract.documented('GET', '/api/v1/users', search);
      expect(arrayOf(search.body, 'search result').map((user) => at(user, 'id'))).toEqual([org.isaacId]);

      const single = await org.http.get(`/api/v1/users/${org.isaacId}`);
      expectContract.documented('GET', '/api/v1/users/{id}', single);
      const userExample = spec.documentedResponse('GET', '/api/v1/users/{id}', 200)?.examples.GetUserExample;
      expectContract.exampleValueShape('GetUserExample', userExample, single.body);
      expect(at(single.body, 'profile.firstName')).toBe('Isaac');
      expect(at(single.body, 'profile.lastName')).toBe('Brock');
    });
  });

  describe('catalog and questions', () => {
    test('the factor catalog lists every type the console enrolls as UserFactorSupported', async () => {
      const catalog = await org.http.get(`${factorsPath()}/catalog`);
      expectContract.documented('GET', `${FACTORS}/catalog`, catalog);
      const offered = arrayOf(catalog.body, 'catalog').map((entry) => `${stringAt(entry, 'factorType')}/${stringAt(entry, 'provider')}`);
      for (const needed of ['push/OKTA', 'sms/OKTA', 'call/OKTA', 'email/OKTA', 'token:software:totp/OKTA', 'token:software:totp/GOOGLE', 'question/OKTA']) {
        expect(offered).toContain(needed);
      }
      for (const entry of arrayOf(catalog.body, 'catalog')) {
        expect(linkAllows(entry, 'enroll'), `enroll link of ${JSON.stringify(entry)}`).toEqual(['POST']);
      }
    });

    test('security questions match UserFactorSecurityQuestionProfile', async () => {
      const questions = await org.http.get(`${factorsPath()}/questions`);
      expectContract.documented('GET', `${FACTORS}/questions`, questions);
      const keys = arrayOf(questions.body, 'questions').map((question) => stringAt(question, 'question'));
      expect(keys).toContain('disliked_food');
      for (const question of arrayOf(questions.body, 'questions')) expect(typeof at(question, 'questionText')).toBe('string');
    });
  });

  describe('push (Okta Verify)', () => {
    async function enrollPush() {
      const enrolled = await enroll({ factorType: 'push', provider: 'OKTA' });
      expectContract.documented('POST', FACTORS, enrolled);
      return { response: enrolled, factorId: stringAt(enrolled.body, 'id') };
    }

    async function activePush(): Promise<string> {
      return (await activePushWithTime()).factorId;
    }

    /** An ACTIVE push factor and the org time at which it became active. */
    async function activePushWithTime(): Promise<{ factorId: string; activatedAt: number }> {
      const { response, factorId } = await enrollPush();
      await org.user.scan(org.isaacId, factorId);
      const activated = await org.http.post(linkHref(response.body, 'poll'));
      expect(at(activated.body, 'status'), describeResponse(activated)).toBe('ACTIVE');
      return { factorId, activatedAt: orgTimeFrom(stringAt(activated.body, 'lastUpdated')) };
    }

    async function startVerify(factorId: string, numberMatching: boolean) {
      const verify = await org.http.post(`${factorsPath()}/${factorId}/verify`, numberMatching ? { useNumberMatchingChallenge: true } : undefined);
      expectContract.documented('POST', VERIFY, verify);
      expect(verify.status, describeResponse(verify)).toBe(201);
      expect(at(verify.body, 'factorResult')).toBe('WAITING');
      return verify;
    }

    test('enroll: 200 PENDING_ACTIVATION with poll link, activation QR code (a real PNG) and send links', async () => {
      const { response } = await enrollPush();
      expect(response.status).toBe(200);
      expectContract.exampleShape('EnrollFactorOVPushResponse', response.body);
      expect(at(response.body, 'status')).toBe('PENDING_ACTIVATION');
      expect(linkAllows(response.body, 'poll')).toEqual(['POST']);
      expect(at(response.body, '_embedded.activation.factorResult')).toBe('WAITING');
      const sendNames = arrayOf(at(response.body, '_embedded.activation._links.send'), 'send links').map((link) => at(link, 'name'));
      expect(sendNames.sort()).toEqual(['email', 'sms']);

      const qr = await org.http.get(stringAt(response.body, '_embedded.activation._links.qrcode.href'));
      expect(qr.status).toBe(200);
      expect(qr.headers.get('content-type')).toMatch(/^image\/png/);
      expect([...qr.bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    });

    test('activation poll: WAITING with links, then the ACTIVE factor once the phone scans', async () => {
      const { response, factorId } = await enrollPush();
      const waiting = await org.http.post(linkHref(response.body, 'poll'));
      expectContract.documented('POST', ACTIVATE, waiting, 'UserFactorActivatePush');
      expect(at(waiting.body, 'factorResult')).toBe('WAITING');
      expect(linkHref(waiting.body, 'poll')).toBe(linkHref(response.body, 'poll'));
      expect(at(waiting.body, '_links.qrcode.type')).toBe('image/png');
      expect(Array.isArray(at(waiting.body, '_links.send'))).toBe(true);

      await org.user.scan(org.isaacId, factorId);
      const active = await org.http.post(linkHref(response.body, 'poll'));
      expect(active.status, describeResponse(active)).toBe(200);
      expectContract.documented('POST', ACTIVATE, active);
      expectContract.exampleShape('ActivateFactorPushResponse', active.body);
      expect(at(active.body, 'status')).toBe('ACTIVE');
      expect(at(active.body, 'profile.name')).toBe('Isaac iPhone');
      expect(at(active.body, 'profile.platform')).toBe('IOS');
      expect(at(active.body, 'profile.version')).toBe('17.4');
      expect(linkAllows(active.body, 'self')).toEqual(['GET', 'DELETE']);

      const fetched = await org.http.get(`${factorsPath()}/${factorId}`);
      expectContract.documented('GET', FACTOR, fetched);
      const listed = await org.http.get(factorsPath());
      expectContract.documented('GET', FACTORS, listed);
      expect(arrayOf(listed.body, 'factors').map((factor) => at(factor, 'id'))).toContain(factorId);
    });

    test('activation poll after expiry: TIMEOUT with an activate link, and activating again restarts it', async () => {
      const { response } = await enrollPush();
      const expiresAt = orgTimeFrom(stringAt(response.body, '_embedded.activation.expiresAt'));
      const enrolledAt = orgTimeFrom(stringAt(response.body, 'created'));
      await org.user.advanceClock(Math.ceil((expiresAt - enrolledAt) / 1000) + 1);
      const timedOut = await org.http.post(linkHref(response.body, 'poll'));
      expectContract.documented('POST', ACTIVATE, timedOut, 'UserFactorActivatePush');
      expect(at(timedOut.body, 'factorResult')).toBe('TIMEOUT');
      expect(linkAllows(timedOut.body, 'activate')).toEqual(['POST']);
      expect(at(timedOut.body, '_links.qrcode')).toBeUndefined();

      const restarted = await org.http.post(linkHref(timedOut.body, 'activate'));
      expectContract.documented('POST', ACTIVATE, restarted, 'UserFactorActivatePush');
      expect(at(restarted.body, 'factorResult')).toBe('WAITING');
    });

    test('verify with number matching: 201 WAITING with correctAnswer, transaction WAITING then SUCCESS', async () => {
      const factorId = await activePush();
      const verify = await startVerify(factorId, true);
      expectContract.exampleShape('UserFactorChallengePushResponseWithNumberMatchingChallenge', verify.body);
      expect(Number.isInteger(at(verify.body, '_embedded.challenge.correctAnswer'))).toBe(true);
      expect(linkAllows(verify.body, 'poll')).toEqual(['GET']);
      expect(linkAllows(verify.body, 'cancel')).toEqual(['DELETE']);
      expect(linkHref(verify.body, 'poll')).toMatch(new RegExp(`/api/v1/users/${org.isaacId}/factors/${factorId}/transactions/[^/]+$`));

      const waiting = await org.http.get(linkHref(verify.body, 'poll'));
      expectContract.documented('GET', TRANSACTION, waiting);
      expectContract.schema('UserFactorPushTransactionWaitingNMC', waiting.body, 'transaction WAITING');
      expect(at(waiting.body, 'factorResult')).toBe('WAITING');

      const push = await org.user.pushFor(org.isaacId, factorId);
      expect(push.correctAnswer).toBe(at(verify.body, '_embedded.challenge.correctAnswer'));
      await org.user.approve(push.transactionId, push.correctAnswer);
      const success = await org.http.get(linkHref(verify.body, 'poll'));
      expectContract.documented('GET', TRANSACTION, success);
      expect(success.body).toMatchObject({ factorResult: 'SUCCESS' });
    });

    test('verify denied on the phone: transaction REJECTED with verify and factor links', async () => {
      const factorId = await activePush();
      const verify = await startVerify(factorId, false);
      expectContract.exampleShape('UserFactorChallengePushResponse', verify.body);
      expect(at(verify.body, '_embedded.challenge')).toBeUndefined();
      await org.user.deny((await org.user.pushFor(org.isaacId, factorId)).transactionId);
      const rejected = await org.http.get(linkHref(verify.body, 'poll'));
      expectContract.documented('GET', TRANSACTION, rejected);
      expectContract.exampleShape('UserFactorVerifyPushTransactionRejected', rejected.body, ['profile']);
      expect(at(rejected.body, 'factorResult')).toBe('REJECTED');
      expect(linkAllows(rejected.body, 'verify')).toEqual(['POST']);
      expect(linkAllows(rejected.body, 'factor')).toEqual(['GET', 'DELETE']);
    });

    test('verify never answered: transaction TIMEOUT after expiry', async () => {
      const { factorId, activatedAt } = await activePushWithTime();
      const verify = await startVerify(factorId, false);
      const expiresAt = orgTimeFrom(stringAt(verify.body, 'expiresAt'));
      const push = await org.user.pushFor(org.isaacId, factorId);
      expect(orgTimeFrom(push.expiresAt)).toBe(expiresAt);
      // The verify started within seconds of activation, so this moves the org past its expiry.
      await org.user.advanceClock(Math.ceil((expiresAt - activatedAt) / 1000) + 5);
      const timedOut = await org.http.get(linkHref(verify.body, 'poll'));
      expectContract.documented('GET', TRANSACTION, timedOut);
      expectContract.exampleShape('UserFactorVerifyPushTransactionTimeout', timedOut.body, ['profile']);
      expect(at(timedOut.body, 'factorResult')).toBe('TIMEOUT');
    });

    test('a wrong number on the phone does not approve the push', async () => {
      const factorId = await activePush();
      const verify = await startVerify(factorId, true);
      const correct = at(verify.body, '_embedded.challenge.correctAnswer');
      const push = await org.user.pushFor(org.isaacId, factorId);
      // The sandbox may refuse the tap or treat it as a rejection; it must never count as approval.
      const wrong = await org.user.approveWithAnswer(push.transactionId, correct === 72 ? 73 : 72);
      const after = await org.http.get(linkHref(verify.body, 'poll'));
      expect(at(after.body, 'factorResult'), `after a wrong answer (${describeResponse(wrong)})`).not.toBe('SUCCESS');
      expectContract.documented('GET', TRANSACTION, after);
    });

    test('unenrolling push answers 204 with no body and also removes its Okta Verify TOTP (and FastPass), never Google Authenticator', async () => {
      const pushId = await activePush();
      const google = await enroll({ factorType: 'token:software:totp', provider: 'GOOGLE' });
      expect(google.status, describeResponse(google)).toBe(200);
      // Identity Engine creates the device's TOTP and FastPass with the push; Classic enrolls the TOTP on its own.
      const totp = engine === 'oie' ? undefined : await enroll({ factorType: 'token:software:totp', provider: 'OKTA' });
      if (totp) expect(totp.status, describeResponse(totp)).toBe(200);
      const before = arrayOf((await org.http.get(factorsPath())).body, 'factors');
      const oktaVerify = before.filter((factor) => at(factor, 'provider') === 'OKTA').map((factor) => at(factor, 'factorType')).sort();
      expect(oktaVerify).toEqual(engine === 'oie' ? ['push', 'signed_nonce', 'token:software:totp'] : ['push', 'token:software:totp']);
      const removed = await org.http.delete(`${factorsPath()}/${pushId}`);
      expect(removed.status, describeResponse(removed)).toBe(204);
      expectContract.documented('DELETE', FACTOR, removed);
      const remaining = arrayOf((await org.http.get(factorsPath())).body, 'factors').map((factor) => at(factor, 'id'));
      expect(remaining).toEqual([at(google.body, 'id')]);
    });

    test('Okta FastPass (Identity Engine) is listed with self {GET, DELETE} and user links only, and validates as a UserFactor', async () => {
      if (engine === 'classic') {
        await activePush();
        const types = arrayOf((await org.http.get(factorsPath())).body, 'factors').map((factor) => at(factor, 'factorType'));
        expect(types, 'Classic orgs have no FastPass').not.toContain('signed_nonce');
        return;
      }
      await activePush();
      const listed = await org.http.get(factorsPath());
      expectContract.documented('GET', FACTORS, listed);
      const fastPass = arrayOf(listed.body, 'factors').find((factor) => at(factor, 'factorType') === 'signed_nonce');
      expect(Object.keys(objectAt(fastPass, '_links')).sort()).toEqual(['self', 'user']);
      expect(linkAllows(fastPass, 'self')).toEqual(['GET', 'DELETE']);
      expect(linkAllows(fastPass, 'user')).toEqual(['GET']);
      expect(at(fastPass, 'profile.name')).toBe('Isaac iPhone');
      const fetched = await org.http.get(`${factorsPath()}/${stringAt(fastPass, 'id')}`);
      expectContract.documented('GET', FACTOR, fetched);
    });
  });

  describe('sms and call', () => {
    test('sms: enroll, resend throttled per number (E0000109), activate with the texted code, challenge and verify', async () => {
      const enrolled = await enroll({ factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: SMS_PHONE } });
      expectContract.documented('POST', FACTORS, enrolled);
      expectContract.exampleShape('EnrollFactorSmsResponse', enrolled.body);
      expect(at(enrolled.body, 'status')).toBe('PENDING_ACTIVATION');
      const factorId = stringAt(enrolled.body, 'id');

      const resendBody = { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: SMS_PHONE } };
      const throttled = await org.http.post(linkHref(enrolled.body, 'resend', 'sms'), resendBody);
      expectError(throttled, 'E0000109');
      await org.user.advanceClock(31);
      const resent = await org.http.post(linkHref(enrolled.body, 'resend', 'sms'), resendBody);
      expectContract.documented('POST', RESEND, resent);

      const activated = await org.http.post(linkHref(enrolled.body, 'activate'), { passCode: await org.user.latestCode(SMS_PHONE) });
      expectContract.documented('POST', ACTIVATE, activated);
      expectContract.exampleShape('ActivateFactorSmsResponse', activated.body);
      expect(at(activated.body, 'status')).toBe('ACTIVE');

      await org.user.advanceClock(31);
      const challenge = await org.http.post(`${factorsPath()}/${factorId}/verify`);
      expectContract.documented('POST', VERIFY, challenge);
      expectContract.exampleShape('UserFactorChallengeSmsResponse', challenge.body);
      expect(at(challenge.body, 'factorResult')).toBe('CHALLENGE');

      const code = await org.user.latestCode(SMS_PHONE);
      expectError(await org.http.post(`${factorsPath()}/${factorId}/verify`, { passCode: code === '000000' ? '111111' : '000000' }), 'E0000068');
      const verified = await org.http.post(`${factorsPath()}/${factorId}/verify`, { passCode: code });
      expectContract.documented('POST', VERIFY, verified);
      expect(verified.body).toMatchObject({ factorResult: 'SUCCESS' });
    });

    test('call: enroll, activate with the spoken code, challenge throttled per number (E0000133), verify', async () => {
      const enrolled = await enroll({ factorType: 'call', provider: 'OKTA', profile: { phoneNumber: CALL_PHONE } });
      expectContract.documented('POST', FACTORS, enrolled);
      expectContract.exampleShape('EnrollFactorCallResponse', enrolled.body);
      const factorId = stringAt(enrolled.body, 'id');
      const messages = await org.user.outbox(CALL_PHONE);
      expect(messages.map((message) => message.channel)).toContain('voice');

      const activated = await org.http.post(linkHref(enrolled.body, 'activate'), { passCode: await org.user.latestCode(CALL_PHONE) });
      expectContract.documented('POST', ACTIVATE, activated);
      expect(at(activated.body, 'status')).toBe('ACTIVE');

      await org.user.advanceClock(31);
      const challenge = await org.http.post(`${factorsPath()}/${factorId}/verify`);
      expectContract.documented('POST', VERIFY, challenge);
      expectContract.exampleShape('UserFactorChallengeCallResponse', challenge.body, ['profile']);
      expect(at(challenge.body, 'factorResult')).toBe('CHALLENGE');
      const again = await org.http.post(`${factorsPath()}/${factorId}/verify`);
      expectError(again, 'E0000133');

      const verified = await org.http.post(`${factorsPath()}/${factorId}/verify`, { passCode: await org.user.latestCode(CALL_PHONE) });
      expectContract.documented('POST', VERIFY, verified);
      expect(verified.body).toMatchObject({ factorResult: 'SUCCESS' });
    });

    test('a malformed phone number is refused with E0000098 or E0000001 and errorCauses', async () => {
      const refused = await enroll({ factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: 'not-a-phone' } });
      expect(refused.status, describeResponse(refused)).toBe(400);
      const code = stringAt(refused.body, 'errorCode');
      expect(['E0000098', 'E0000001']).toContain(code);
      expectError(refused, code);
      expectContract.documented('POST', FACTORS, refused);
    });
  });

  describe('email', () => {
    test('enroll with the primary email, activate with the mailed code, challenge (throttled: E0000118) and verify', async () => {
      const enrolled = await enroll({ factorType: 'email', provider: 'OKTA', profile: { email: ISAAC.login } });
      expectContract.documented('POST', FACTORS, enrolled);
      expectContract.exampleShape('EnrollFactorEmailResponse', enrolled.body);
      const factorId = stringAt(enrolled.body, 'id');
      expect((await org.user.outbox(ISAAC.login)).map((message) => message.channel)).toContain('email');

      const activated = await org.http.post(linkHref(enrolled.body, 'activate'), { passCode: await org.user.latestCode(ISAAC.login) });
      expectContract.documented('POST', ACTIVATE, activated);
      expectContract.exampleShape('ActivateFactorEmailResponse', activated.body);
      expect(at(activated.body, 'status')).toBe('ACTIVE');

      await org.user.advanceClock(6);
      const challenge = await org.http.post(`${factorsPath()}/${factorId}/verify`);
      expectContract.documented('POST', VERIFY, challenge);
      expectContract.exampleShape('UserFactorChallengeEmailResponse', challenge.body, ['profile']);
      expect(at(challenge.body, 'factorResult')).toBe('CHALLENGE');
      expectError(await org.http.post(`${factorsPath()}/${factorId}/verify`), 'E0000118');

      const verified = await org.http.post(`${factorsPath()}/${factorId}/verify`, { passCode: await org.user.latestCode(ISAAC.login) });
      expectContract.documented('POST', VERIFY, verified);
      expect(verified.body).toMatchObject({ factorResult: 'SUCCESS' });
    });
  });

  describe('TOTP', () => {
    for (const provider of ['OKTA', 'GOOGLE'] as const) {
      test(`${provider}: enroll exposes the shared secret; codes computed from it activate and verify; a wrong code is E0000068`, async () => {
        const enrolled = await enroll({ factorType: 'token:software:totp', provider });
        expectContract.documented('POST', FACTORS, enrolled);
        // Okta's OV TOTP example puts the activation's _links beside it rather than inside it (its
        // Google example has them inside): the shape check follows the consistent form.
        expectContract.exampleShape(provider === 'OKTA' ? 'EnrollFactorOVTotpResponse' : 'EnrollFactorGoogleResponse', enrolled.body, ['_embedded._links']);
        expect(at(enrolled.body, '_embedded.activation._links.qrcode.type')).toBe('image/png');
        const secret = stringAt(enrolled.body, '_embedded.activation.sharedSecret');
        expect(at(enrolled.body, '_embedded.activation.encoding')).toBe('base32');
        expect(at(enrolled.body, '_embedded.activation.timeStep')).toBe(30);
        const orgNow = orgTimeFrom(stringAt(enrolled.body, 'created'));

        const activated = await org.http.post(linkHref(enrolled.body, 'activate'), { passCode: generateSync({ secret, epoch: Math.floor(orgNow / 1000) }) });
        expectContract.documented('POST', ACTIVATE, activated);
        expectContract.exampleShape('ActivateFactorTotpResponse', activated.body);
        expect(at(activated.body, 'status')).toBe('ACTIVE');
        const factorId = stringAt(enrolled.body, 'id');

        const nextStep = generateSync({ secret, epoch: Math.floor(orgNow / 1000) + 30 });
        const wrong = await org.http.post(`${factorsPath()}/${factorId}/verify`, { passCode: nextStep === '123456' ? '654321' : '123456' });
        expectError(wrong, 'E0000068');
        const verified = await org.http.post(`${factorsPath()}/${factorId}/verify`, { passCode: nextStep });
        expectContract.documented('POST', VERIFY, verified);
        expect(verified.body).toMatchObject({ factorResult: 'SUCCESS' });
      });
    }
  });

  describe('security question', () => {
    test('enroll is immediately ACTIVE; the right answer verifies, a wrong one is E0000068', async () => {
      const enrolled = await enroll({ factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } });
      expectContract.documented('POST', FACTORS, enrolled);
      expectContract.exampleShape('EnrollFactorQuestionResponse', enrolled.body);
      expect(at(enrolled.body, 'status')).toBe('ACTIVE');
      expect(at(enrolled.body, 'profile.answer')).toBeUndefined();
      const factorId = stringAt(enrolled.body, 'id');
      expectError(await org.http.post(`${factorsPath()}/${factorId}/verify`, { answer: 'broccoli' }), 'E0000068');
      const verified = await org.http.post(`${factorsPath()}/${factorId}/verify`, { answer: 'mayonnaise' });
      expectContract.documented('POST', VERIFY, verified);
      expect(verified.body).toMatchObject({ factorResult: 'SUCCESS' });
    });
  });

  describe('reset and the System Log', () => {
    test('reset_factors answers 200 with no body and leaves no factors; every action is logged with real event types', async () => {
      expect((await enroll({ factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } })).status).toBe(200);
      const reset = await org.http.post(`/api/v1/users/${org.isaacId}/lifecycle/reset_factors`);
      expectContract.documented('POST', '/api/v1/users/{id}/lifecycle/reset_factors', reset);
      expect(arrayOf((await org.http.get(factorsPath())).body, 'factors')).toEqual([]);

      const logs = await org.http.get(`/api/v1/logs?filter=${encodeURIComponent(`target.id eq "${org.isaacId}"`)}&limit=100`);
      expect(logs.status, describeResponse(logs)).toBe(200);
      const events = arrayOf(logs.body, 'log events');
      // Okta writes null for absent log fields without declaring them nullable; nulls are dropped
      // before validating so the check is about the fields that are there.
      expectContract.documented('GET', '/api/v1/logs', { ...logs, body: withoutNulls(logs.body) });
      const types = events.map((event) => stringAt(event, 'eventType'));
      expect(types).toContain('user.mfa.factor.activate');
      // Classic logs one reset_all; Identity Engine one deactivation per factor (Okta Workflows).
      if (engine === 'classic') expect(types).toContain('user.mfa.factor.reset_all');
      else expect(new Set(types.filter((type) => type.startsWith('user.mfa.factor.reset') || type === 'user.mfa.factor.deactivate'))).toEqual(new Set(['user.mfa.factor.deactivate']));
      for (const event of events) {
        expect(at(event, 'actor.id'), JSON.stringify(event)).toBeTypeOf('string');
        expect(arrayOf(at(event, 'target'), 'targets').some((target) => at(target, 'id') === org.isaacId)).toBe(true);
        expect(['SUCCESS', 'FAILURE', 'SKIPPED', 'ALLOW', 'DENY', 'CHALLENGE', 'UNKNOWN']).toContain(at(event, 'outcome.result'));
      }
      const known = readFileSync(join(oktaReferenceDir, 'event-types.json'), 'utf8');
      for (const type of new Set(types)) expect(known, `eventType ${type} is not one of Okta's`).toContain(`"${type}"`);
    });
  });

  describe('users', () => {
    test("/users/me is the token's own user; unlock answers 200 with an empty object", async () => {
      const me = await org.http.get('/api/v1/users/me');
      expectContract.documented('GET', '/api/v1/users/{id}', me);
      expect(at(me.body, 'profile.login')).toBe('sandbox.admin@example.org');

      const locked = await org.http.get(`/api/v1/users?limit=1&filter=${encodeURIComponent('status eq "LOCKED_OUT"')}`);
      const lockedId = stringAt(arrayOf(locked.body, 'users')[0], 'id');
      const lockedUser = await org.http.get(`/api/v1/users/${lockedId}`);
      const unlocked = await org.http.post(linkHref(lockedUser.body, 'unlock'));
      expectContract.documented('POST', '/api/v1/users/{id}/lifecycle/unlock', unlocked);
      expect(at((await org.http.get(`/api/v1/users/${lockedId}`)).body, 'status')).toBe('ACTIVE');
    });
  });

  describe('errors', () => {
    test('no or wrong token: 401 E0000011; read-only token writing: 403 E0000006', async () => {
      expectError(await org.http.get(factorsPath(), { token: null }), 'E0000011');
      expectError(await org.http.get(factorsPath(), { token: 'not-the-token' }), 'E0000011');
      const readOnlyWrite = await org.http.post(factorsPath(), { factorType: 'push', provider: 'OKTA' }, { token: org.readOnlyToken });
      expectError(readOnlyWrite, 'E0000006');
      expectContract.documented('POST', FACTORS, readOnlyWrite);
      const readOnlyRead = await org.http.get(factorsPath(), { token: org.readOnlyToken });
      expect(readOnlyRead.status, describeResponse(readOnlyRead)).toBe(200);
      // The read-only token stands for an admin without report access: the System Log is refused.
      const readOnlyLog = await org.http.get('/api/v1/logs?limit=1', { token: org.readOnlyToken });
      expectError(readOnlyLog, 'E0000006');
      expectContract.documented('GET', '/api/v1/logs', readOnlyLog);
    });

    test('unlocking a user who is not locked out: 403 E0000032', async () => {
      const refused = await org.http.post(`/api/v1/users/${org.isaacId}/lifecycle/unlock`);
      expectError(refused, 'E0000032');
      expectContract.documented('POST', '/api/v1/users/{id}/lifecycle/unlock', refused);
    });

    test('unknown user, factor or transaction: 404 E0000007', async () => {
      const noUser = await org.http.get('/api/v1/users/00unosuchuser0000000/factors');
      expectError(noUser, 'E0000007');
      expectContract.documented('GET', FACTORS, noUser);
      const noFactor = await org.http.get(`${factorsPath()}/opfnosuchfactor00000`);
      expectError(noFactor, 'E0000007');
      expectContract.documented('GET', FACTOR, noFactor);
      const noTransaction = await org.http.get(`${factorsPath()}/opfnosuchfactor00000/transactions/v2mst.nosuch`);
      expectError(noTransaction, 'E0000007');
    });

    test('malformed JSON: 400 E0000003; unknown factor type or provider: 400 E0000001 with errorCauses', async () => {
      expectError(await org.http.request('POST', factorsPath(), { rawBody: '{"factorType": "push",' }), 'E0000003');
      for (const body of [{ factorType: 'carrier-pigeon', provider: 'OKTA' }, { factorType: 'push', provider: 'DUO-ISH' }]) {
        const refused = await enroll(body);
        expectError(refused, 'E0000001');
        expectContract.documented('POST', FACTORS, refused);
        expect(arrayOf(at(refused.body, 'errorCauses'), 'errorCauses').length, describeResponse(refused)).toBeGreaterThan(0);
      }
    });

    test('activating an already active factor: 403 E0000107 or 400 E0000001, never success', async () => {
      const enrolled = await enroll({ factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } });
      const again = await org.http.post(`${factorsPath()}/${stringAt(enrolled.body, 'id')}/lifecycle/activate`, { passCode: '123456' });
      expect([400, 403], describeResponse(again)).toContain(again.status);
      expectError(again, again.status === 403 ? 'E0000107' : 'E0000001');
    });

    test('every response carries the X-Rate-Limit headers', async () => {
      for (const response of [await org.http.get(factorsPath()), await org.http.get('/api/v1/users?limit=1'), await org.http.get(factorsPath(), { token: null })]) {
        for (const header of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']) {
          expect(response.headers.get(header), `${header} on ${describeResponse(response)}`).toMatch(/^\d+$/);
        }
      }
    });
  });
});

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}
