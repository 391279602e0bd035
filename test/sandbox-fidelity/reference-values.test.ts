import { beforeAll, describe, expect, test } from 'vitest';
import { arrayOf, at, linkHref, stringAt, type JsonObject } from './support/json-path';
import { OktaOpenApi } from './support/okta-openapi';
import { describeResponse, type OrgResponse } from './support/org-http';
import { expectValuesLike, hrefShape, markdownExample } from './support/reference-values';
import { ENGINES, ISAAC, useOrgWithFreshIsaac } from './support/sandbox-org';
import { oktaReferenceDir, seedsDir, sharedMaterialPresent } from '../support/shared-material';
import { readSeedExchanges, seedFile } from './support/seed-exchanges';

// Answers compared BY VALUE with Okta's examples (management-minimal.yaml, factors.md, authn.md)
// and the seeds' status codes, wherever Okta fixes the value: HTTP status, factorResult, link
// relations with their names, methods and paths, the Location header, the QR code, and fields that
// may never be null. Runs against both kinds of org.

const referencePresent = sharedMaterialPresent(oktaReferenceDir, 'reference values (test/sandbox-fidelity/reference-values.test.ts)');
const seedsPresent = sharedMaterialPresent(seedsDir, 'reference values (test/sandbox-fidelity/reference-values.test.ts)');
const LOG_SEVERITIES = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

describe.skipIf(!referencePresent || !seedsPresent).each(ENGINES)('%s org: answers by value', (engine) => {
  const org = useOrgWithFreshIsaac(engine);
  let spec: OktaOpenApi;
  const example = (name: string) => spec.example(name);
  const factorsMd = (...headings: string[]) => markdownExample(oktaReferenceDir, 'factors.md', headings);
  const authnMd = (...headings: string[]) => markdownExample(oktaReferenceDir, 'authn.md', headings);
  /** The status the seeds give an Authentication API push answer: 202 while WAITING, else 200. */
  let seedStatus: { waiting: number; done: number };

  beforeAll(() => {
    spec = new OktaOpenApi(oktaReferenceDir);
    const exchanges = readSeedExchanges(seedFile(seedsDir, '000'));
    // The polls (activate or verify again) of seed 000's Authentication API journeys.
    const polls = exchanges.filter((exchange) => /^\/api\/v1\/authn\/factors\/[^/]+\/(lifecycle\/activate|verify)$/.test(exchange.path));
    const statusOf = (result: string) => polls.find((exchange) => at(exchange.responseBody, 'factorResult') === result)?.status;
    seedStatus = { waiting: statusOf('WAITING') ?? 0, done: statusOf('TIMEOUT') ?? 0 };
    expect(seedStatus).toEqual({ waiting: 202, done: 200 });
  });

  const factorsPath = () => `/api/v1/users/${org.isaacId}/factors`;
  const anonymous = { token: null } as const;

  function expectStatus(response: OrgResponse, status: number): void {
    expect(response.status, describeResponse(response)).toBe(status);
  }

  async function enrollPush(): Promise<OrgResponse> {
    const enrolled = await org.http.post(factorsPath(), { factorType: 'push', provider: 'OKTA' });
    expectStatus(enrolled, 200);
    return enrolled;
  }

  async function activePush(): Promise<string> {
    const enrolled = await enrollPush();
    const factorId = stringAt(enrolled.body, 'id');
    await org.user.scan(org.isaacId, factorId);
    expectStatus(await org.http.post(linkHref(enrolled.body, 'poll')), 200);
    return factorId;
  }

  async function verifyPush(factorId: string): Promise<OrgResponse> {
    const verify = await org.http.post(`${factorsPath()}/${factorId}/verify`, undefined, { headers: { 'User-Agent': 'FactorDesk fidelity test' } });
    expectStatus(verify, 201);
    return verify;
  }

  describe('Factors API: Okta Verify push', () => {
    test('enroll answers 200 like EnrollFactorOVPushResponse, with a QR code that is a PNG', async () => {
      const enrolled = await enrollPush();
      expectValuesLike('EnrollFactorOVPushResponse', example('EnrollFactorOVPushResponse'), enrolled.body);
      const qr = await org.http.get(stringAt(enrolled.body, '_embedded.activation._links.qrcode.href'), anonymous);
      expectStatus(qr, 200);
      expect(qr.headers.get('content-type')).toMatch(/^image\/png/);
    });

    test('activation poll while WAITING answers like factors.md, QR code and send links included', async () => {
      const enrolled = await enrollPush();
      const waiting = await org.http.post(linkHref(enrolled.body, 'poll'));
      expectStatus(waiting, 200);
      // factors.md polls `…/lifecycle/activate`; the enroll example's poll link is `…/lifecycle/activate/poll`.
      expectValuesLike('factors.md Activate Push Factor (waiting)', factorsMd('Activate Push Factor', 'Response example (waiting)'), waiting.body, { pathsNotCompared: ['poll'] });
      const qr = await org.http.get(stringAt(waiting.body, '_links.qrcode.href'), anonymous);
      expect(qr.headers.get('content-type')).toMatch(/^image\/png/);
    });

    test('activation poll after expiry answers TIMEOUT like factors.md: only the activate link, no poll, no QR code', async () => {
      const enrolled = await enrollPush();
      await org.user.advanceClock(3600);
      const timedOut = await org.http.post(linkHref(enrolled.body, 'poll'));
      expectStatus(timedOut, 200);
      expectValuesLike('factors.md Activate Push Factor (timeout)', factorsMd('Activate Push Factor', 'Response example (timeout)'), timedOut.body);
      const restarted = await org.http.post(linkHref(timedOut.body, 'activate'));
      expectValuesLike('factors.md Activate Push Factor (waiting)', factorsMd('Activate Push Factor', 'Response example (waiting)'), restarted.body, { pathsNotCompared: ['poll'] });
    });

    test('activated: the factor answers like ActivateFactorPushResponse', async () => {
      const enrolled = await enrollPush();
      await org.user.scan(org.isaacId, stringAt(enrolled.body, 'id'));
      const active = await org.http.post(linkHref(enrolled.body, 'poll'));
      expectStatus(active, 200);
      expectValuesLike('ActivateFactorPushResponse', example('ActivateFactorPushResponse'), active.body);
    });

    test('verify answers 201 like UserFactorChallengePushResponse, with a Location that reads the transaction', async () => {
      const factorId = await activePush();
      const verify = await verifyPush(factorId);
      expectValuesLike('UserFactorChallengePushResponse', example('UserFactorChallengePushResponse'), verify.body);
      const location = verify.headers.get('location');
      expect(location, 'a push verify names its transaction in Location').toBeTruthy();
      expect(hrefShape(location ?? '').replace(/\/verify$/, '')).toBe(hrefShape(linkHref(verify.body, 'poll')));
      const followed = await org.http.get(location ?? '');
      expectStatus(followed, 200);
      expect(at(followed.body, 'factorResult')).toBe('WAITING');

      const numberMatching = await org.http.post(`${factorsPath()}/${factorId}/verify`, { useNumberMatchingChallenge: true });
      expectStatus(numberMatching, 201);
      expect(numberMatching.headers.get('location')).toBeTruthy();
      expectValuesLike('UserFactorChallengePushResponseWithNumberMatchingChallenge', example('UserFactorChallengePushResponseWithNumberMatchingChallenge'), numberMatching.body, {
        notRequired: ['_embedded.challenge.correctAnswer'],
      });
      expect(Number.isInteger(at(numberMatching.body, '_embedded.challenge.correctAnswer'))).toBe(true);
    });

    test('the transaction answers 200 WAITING, then SUCCESS once approved, like Okta\'s examples', async () => {
      const factorId = await activePush();
      const verify = await verifyPush(factorId);
      const waiting = await org.http.get(linkHref(verify.body, 'poll'));
      expectStatus(waiting, 200);
      expectValuesLike('UserFactorVerifyPushTransactionWaiting', example('UserFactorVerifyPushTransactionWaiting'), waiting.body, { notRequired: ['profile.credentialId'] });
      await org.user.approve((await org.user.pushFor(org.isaacId, factorId)).transactionId);
      const approved = await org.http.get(linkHref(verify.body, 'poll'));
      expectStatus(approved, 200);
      expect(approved.body).toEqual(example('UserFactorVerifyPushTransactionApproved'));
    });

    test('denied on the phone: 200 REJECTED like UserFactorVerifyPushTransactionRejected', async () => {
      const factorId = await activePush();
      const verify = await verifyPush(factorId);
      await org.user.deny((await org.user.pushFor(org.isaacId, factorId)).transactionId);
      const rejected = await org.http.get(linkHref(verify.body, 'poll'));
      expectStatus(rejected, 200);
      expectValuesLike('UserFactorVerifyPushTransactionRejected', example('UserFactorVerifyPushTransactionRejected'), rejected.body, { notRequired: ['profile.credentialId'] });
    });

    test('never answered: 200 TIMEOUT like UserFactorVerifyPushTransactionTimeout (verify again, not poll)', async () => {
      const factorId = await activePush();
      const verify = await verifyPush(factorId);
      await org.user.advanceClock(3600);
      const timedOut = await org.http.get(linkHref(verify.body, 'poll'));
      expectStatus(timedOut, 200);
      expectValuesLike('UserFactorVerifyPushTransactionTimeout', example('UserFactorVerifyPushTransactionTimeout'), timedOut.body, { notRequired: ['profile.credentialId'] });
    });

    test('cancelled with DELETE: 204, and the push is over: never WAITING again, gone from the phone, not approvable', async () => {
      const factorId = await activePush();
      const verify = await verifyPush(factorId);
      const push = await org.user.pushFor(org.isaacId, factorId);
      const cancelled = await org.http.delete(linkHref(verify.body, 'cancel'));
      expectStatus(cancelled, 204);
      expect(cancelled.bytes.length).toBe(0);
      const after = await org.http.get(linkHref(verify.body, 'poll'));
      expectStatus(after, 200);
      expect(['REJECTED', 'CANCELLED']).toContain(at(after.body, 'factorResult'));
      expectValuesLike('UserFactorVerifyPushTransactionRejected', example('UserFactorVerifyPushTransactionRejected'), { ...(after.body as JsonObject), factorResult: 'REJECTED' }, { notRequired: ['profile.credentialId'] });
      expect((await org.user.pendingPushes(org.isaacId)).map((pending) => pending.transactionId)).not.toContain(push.transactionId);
      expectStatus(await org.user.approveWithAnswer(push.transactionId, push.correctAnswer ?? 0), 403);
    });
  });

  describe('Authentication API: push answers (statuses from the seeds, bodies from authn.md)', () => {
    async function challenged(): Promise<{ start: OrgResponse; factorId: string; stateToken: string }> {
      const factorId = await activePush();
      const start = await org.http.post('/api/v1/authn', { username: ISAAC.login, password: ISAAC.password }, anonymous);
      expectStatus(start, 200);
      const stateToken = stringAt(start.body, 'stateToken');
      const push = arrayOf(at(start.body, '_embedded.factors'), 'factors').find((factor) => at(factor, 'id') === factorId);
      const waiting = await org.http.post(linkHref(push, 'verify'), { stateToken }, anonymous);
      expectStatus(waiting, seedStatus.waiting);
      return { start: waiting, factorId, stateToken };
    }

    test('MFA_CHALLENGE WAITING is 202 like authn.md, polled with next (poll)', async () => {
      const { start } = await challenged();
      expectValuesLike('authn.md Verify Push Factor (waiting)', authnMd('Verify Push Factor', 'Response example (waiting)'), start.body, {
        notRequired: ['_embedded.user', '_embedded.factor.profile'],
      });
    });

    test('REJECTED is 200 like authn.md (next: verify again)', async () => {
      const { start, factorId, stateToken } = await challenged();
      await org.user.deny((await org.user.pushFor(org.isaacId, factorId)).transactionId);
      const rejected = await org.http.post(linkHref(start.body, 'next'), { stateToken }, anonymous);
      expectStatus(rejected, seedStatus.done);
      expectValuesLike('authn.md Verify Push Factor (rejected)', authnMd('Verify Push Factor', 'Response example (rejected)'), rejected.body, {
        notRequired: ['_embedded.user', '_embedded.factor.profile'],
      });
    });

    test('TIMEOUT is 200 like authn.md (next: verify again, not poll)', async () => {
      const { start, stateToken } = await challenged();
      await org.user.advanceClock(400);
      const timedOut = await org.http.post(linkHref(start.body, 'next'), { stateToken }, anonymous);
      expectStatus(timedOut, seedStatus.done);
      expectValuesLike('authn.md Verify Push Factor (timeout)', authnMd('Verify Push Factor', 'Response example (timeout)'), timedOut.body, {
        notRequired: ['_embedded.user', '_embedded.factor.profile'],
      });
    });

    test('cancel ends the transaction and the push with it', async () => {
      const { factorId, stateToken } = await challenged();
      const push = await org.user.pushFor(org.isaacId, factorId);
      const cancelled = await org.http.post('/api/v1/authn/cancel', { stateToken }, anonymous);
      expectStatus(cancelled, 200);
      expect(at(cancelled.body, 'status')).toBe('UNAUTHENTICATED');
      expect((await org.user.pendingPushes(org.isaacId)).map((pending) => pending.transactionId)).not.toContain(push.transactionId);
    });

    test('MFA_ENROLL_ACTIVATE: WAITING 202 with the activation and its QR code, then TIMEOUT 200 with next: activate', async () => {
      const dade = await org.http.post('/api/v1/authn', { username: 'dade.murphy@example.org', password: ISAAC.password }, anonymous);
      expect(at(dade.body, 'status'), describeResponse(dade)).toBe('MFA_ENROLL');
      const stateToken = stringAt(dade.body, 'stateToken');
      const enrolled = await org.http.post('/api/v1/authn/factors', { stateToken, factorType: 'push', provider: 'OKTA' }, anonymous);
      const waiting = await org.http.post(linkHref(enrolled.body, 'next'), { stateToken }, anonymous);
      expectStatus(waiting, seedStatus.waiting);
      expectValuesLike('authn.md Activate Push Factor (waiting)', authnMd('Activate Push Factor', 'Activate Push Factor response example (waiting)'), waiting.body, {
        notRequired: ['_embedded.user', '_embedded.factor.profile'],
        pathsNotCompared: ['next', 'qrcode', 'send'],
      });
      expect(at(waiting.body, '_embedded.factor._embedded.activation._links.qrcode.type')).toBe('image/png');
      const qr = await org.http.get(stringAt(waiting.body, '_embedded.factor._embedded.activation._links.qrcode.href'), anonymous);
      expect(qr.headers.get('content-type')).toMatch(/^image\/png/);

      // Past the activation's ten minutes, within the state token's sliding hour.
      await org.user.advanceClock(700);
      const timedOut = await org.http.post(linkHref(enrolled.body, 'next'), { stateToken }, anonymous);
      expectStatus(timedOut, seedStatus.done);
      // authn.md's timeout example still embeds an activation; the seeds (002: "Embedded activation
      // object is intentionally missing during timeout") and the sandbox leave it out.
      const timeoutExample = structuredClone(authnMd('Activate Push Factor', 'Activate Push Factor response example (timeout)')) as JsonObject;
      delete (at(timeoutExample, '_embedded.factor') as JsonObject)._embedded;
      expectValuesLike('authn.md Activate Push Factor (timeout)', timeoutExample, timedOut.body, { notRequired: ['_embedded.user', '_embedded.factor.profile'] });
      expect(at(timedOut.body, '_embedded.factor._embedded')).toBeUndefined();
    });
  });

  describe('System Log', () => {
    test('every event has its non-null fields filled in: uuid, published, eventType, version "0", a severity Okta knows', async () => {
      const factorId = await activePush();
      const verify = await verifyPush(factorId);
      await org.user.deny((await org.user.pushFor(org.isaacId, factorId)).transactionId);
      await org.http.delete(linkHref(verify.body, 'cancel'));
      await org.http.post('/api/v1/authn', { username: ISAAC.login, password: 'wrong' }, anonymous);
      await org.http.post(`/api/v1/users/${org.isaacId}/lifecycle/reset_factors`);
      const logs = await org.http.get('/api/v1/logs?limit=1000');
      expectStatus(logs, 200);
      const events = arrayOf(logs.body, 'events');
      expect(new Set(events.map((event) => at(event, 'severity')))).toEqual(new Set(['INFO', 'WARN']));
      for (const event of events) {
        const context = JSON.stringify(event).slice(0, 300);
        expect(LOG_SEVERITIES, context).toContain(at(event, 'severity'));
        for (const field of ['uuid', 'published', 'eventType', 'displayMessage', 'actor.id', 'actor.type', 'outcome.result']) {
          expect(typeof at(event, field), `${field}: ${context}`).toBe('string');
        }
        expect(at(event, 'version'), context).toBe('0');
        expect(Number.isNaN(Date.parse(String(at(event, 'published'))))).toBe(false);
      }
    });
  });
});
