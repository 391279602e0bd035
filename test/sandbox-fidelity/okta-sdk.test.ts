import { Client, type UserFactor } from '@okta/okta-sdk-nodejs';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { at, stringAt } from './support/json-path';
import { ENGINES, ISAAC, orgTimeFrom, startOrg, type RunningOrg } from './support/sandbox-org';

// Okta's official Node SDK (v8) drives the sandbox over HTTP, as a customer's tooling would drive a
// real org. The SDK accepts any orgUrl (no https or okta.com check in v8); its default cache
// middleware replays GET responses from memory, which would freeze every poll on its first answer,
// so it is switched off (`cacheMiddleware: null`), as anyone polling a transaction must do.

const SMS_PHONE = '+14155550111';

/** The last path segment of a link: the transaction id in a push verify's `poll` href. */
function lastSegment(href: string): string {
  return new URL(href).pathname.split('/').at(-1) ?? '';
}

/** Every item of an SDK collection, following its `next` links (the SDK types items as nullable). */
async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item !== null) items.push(item);
  return items;
}

describe.each(ENGINES)("Okta's Node SDK against the %s sandbox org", (engine) => {
  let org: RunningOrg;
  let client: Client;

  beforeAll(async () => {
    org = await startOrg(engine);
    client = new Client({ orgUrl: org.url, token: org.token, cacheMiddleware: null });
  });

  afterAll(async () => {
    await org?.close();
  });

  beforeEach(async () => {
    await client.userApi.resetFactors({ userId: org.isaacId });
    await org.user.advanceClock(60);
  });

  async function enrollPush(): Promise<UserFactor> {
    return client.userFactorApi.enrollFactor({ userId: org.isaacId, body: { factorType: 'push', provider: 'OKTA' } as UserFactor });
  }

  async function activePushId(): Promise<string> {
    const enrolled = await enrollPush();
    const factorId = enrolled.id ?? '';
    await org.user.scan(org.isaacId, factorId);
    const active = await client.userFactorApi.activateFactor({ userId: org.isaacId, factorId });
    expect(at(active, 'status')).toBe('ACTIVE');
    return factorId;
  }

  /** Starts a push verify; returns the SDK's answer and the transaction id from its poll link. */
  async function verifyPush(factorId: string, numberMatching: boolean) {
    const waiting = await client.userFactorApi.verifyFactor({
      userId: org.isaacId,
      factorId,
      userAgent: 'FactorDesk SDK fidelity test',
      body: numberMatching ? { useNumberMatchingChallenge: true } : undefined,
    });
    expect(waiting.factorResult).toBe('WAITING');
    const transactionId = lastSegment(stringAt(waiting, '_links.poll.href'));
    const status = () => client.userFactorApi.getFactorTransactionStatus({ userId: org.isaacId, factorId, transactionId });
    return { waiting, transactionId, status };
  }

  test('search a user (search, q and filter) and page through users with the Link header', async () => {
    const bySearch = await collect(await client.userApi.listUsers({ search: `profile.login eq "${ISAAC.login}"` }));
    expect(bySearch.map((user) => user.id)).toEqual([org.isaacId]);
    expect(bySearch[0]?.profile?.firstName).toBe('Isaac');
    const byQ = await collect(await client.userApi.listUsers({ q: 'Isaac' }));
    expect(byQ.map((user) => user.id)).toContain(org.isaacId);
    const byFilter = await collect(await client.userApi.listUsers({ filter: 'status eq "ACTIVE"', limit: 50 }));
    expect(byFilter.map((user) => user.id)).toContain(org.isaacId);
    // The SDK follows rel="next" links: with a small page it must still see more than one page.
    expect(byFilter.length).toBeGreaterThan(50);
    expect(new Set(byFilter.map((user) => user.id)).size).toBe(byFilter.length);
  });

  test('factor catalog (listSupportedFactors) offers push, sms, call, email, TOTP and question', async () => {
    const catalog = await collect(await client.userFactorApi.listSupportedFactors({ userId: org.isaacId }));
    const offered = catalog.map((factor) => `${factor.factorType}/${factor.provider}`);
    for (const needed of ['push/OKTA', 'sms/OKTA', 'call/OKTA', 'email/OKTA', 'token:software:totp/OKTA', 'token:software:totp/GOOGLE', 'question/OKTA']) {
      expect(offered).toContain(needed);
    }
  });

  test('enroll push, poll activation (not active until the phone scans), simulated scan, ACTIVE with the device profile', async () => {
    const enrolled = await enrollPush();
    expect(enrolled.status).toBe('PENDING_ACTIVATION');
    expect(at(enrolled, '_embedded.activation.expiresAt')).toBeDefined();
    const factorId = enrolled.id ?? '';

    const beforeScan = await client.userFactorApi.activateFactor({ userId: org.isaacId, factorId });
    expect(at(beforeScan, 'status')).not.toBe('ACTIVE');

    await org.user.scan(org.isaacId, factorId, { name: 'Isaac iPhone', platform: 'IOS', version: '17.4' });
    const afterScan = await client.userFactorApi.activateFactor({ userId: org.isaacId, factorId });
    expect(at(afterScan, 'status')).toBe('ACTIVE');
    expect(at(afterScan, 'profile.name')).toBe('Isaac iPhone');

    const factor = await client.userFactorApi.getFactor({ userId: org.isaacId, factorId });
    expect(factor.status).toBe('ACTIVE');
    expect(factor.factorType).toBe('push');
  });

  test('verify with number matching, approved on the phone with the correct answer: SUCCESS', async () => {
    const factorId = await activePushId();
    const { waiting, transactionId, status } = await verifyPush(factorId, true);
    const correctAnswer = at(waiting, '_embedded.challenge.correctAnswer');
    expect(Number.isInteger(correctAnswer)).toBe(true);
    expect((await status()).factorResult).toBe('WAITING');

    const push = await org.user.pushFor(org.isaacId, factorId);
    expect(push.transactionId).toBe(transactionId);
    expect(push.correctAnswer).toBe(correctAnswer);
    await org.user.approve(push.transactionId, push.correctAnswer);
    expect((await status()).factorResult).toBe('SUCCESS');
  });

  test('verify denied on the phone: REJECTED', async () => {
    const factorId = await activePushId();
    const { transactionId, status } = await verifyPush(factorId, false);
    await org.user.deny(transactionId);
    expect((await status()).factorResult).toBe('REJECTED');
  });

  test('verify never answered: TIMEOUT once the org clock passes its expiry', async () => {
    const factorId = await activePushId();
    const { waiting, status } = await verifyPush(factorId, false);
    const push = await org.user.pushFor(org.isaacId, factorId);
    expect(at(push, 'expiresAt')).toBeTypeOf('string');
    // The push lifetime is minutes; an hour is past it whatever the sandbox chose.
    expect(waiting.expiresAt).toBeDefined();
    await org.user.advanceClock(3600);
    expect((await status()).factorResult).toBe('TIMEOUT');
  });

  test('SMS enroll, activated with the code from the outbox', async () => {
    const enrolled = await client.userFactorApi.enrollFactor({
      userId: org.isaacId,
      body: { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: SMS_PHONE } } as UserFactor,
    });
    expect(enrolled.status).toBe('PENDING_ACTIVATION');
    const passCode = await org.user.latestCode(SMS_PHONE);
    const activated = await client.userFactorApi.activateFactor({ userId: org.isaacId, factorId: enrolled.id ?? '', body: { passCode } });
    expect(at(activated, 'status')).toBe('ACTIVE');
  });

  test('TOTP enroll, activated with a code computed from the shared secret', async () => {
    const enrolled = await client.userFactorApi.enrollFactor({
      userId: org.isaacId,
      body: { factorType: 'token:software:totp', provider: 'OKTA' } as UserFactor,
    });
    const secret = stringAt(enrolled, '_embedded.activation.sharedSecret');
    // The org's clock may have been advanced: codes are computed for the org's time, which the
    // factor's `created` timestamp tells.
    const orgNow = orgTimeFrom(new Date(enrolled.created ?? Number.NaN).toISOString());
    const passCode = generateSync({ secret, epoch: Math.floor(orgNow / 1000) });
    const activated = await client.userFactorApi.activateFactor({ userId: org.isaacId, factorId: enrolled.id ?? '', body: { passCode } });
    expect(at(activated, 'status')).toBe('ACTIVE');
  });

  test('unenroll one factor, then reset all', async () => {
    const pushId = await activePushId();
    const question = await client.userFactorApi.enrollFactor({
      userId: org.isaacId,
      body: { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } } as UserFactor,
    });
    await client.userFactorApi.unenrollFactor({ userId: org.isaacId, factorId: pushId });
    const afterUnenroll = await collect(await client.userFactorApi.listFactors({ userId: org.isaacId }));
    expect(afterUnenroll.map((factor) => factor.id)).toEqual([question.id]);

    await client.userApi.resetFactors({ userId: org.isaacId });
    expect(await collect(await client.userFactorApi.listFactors({ userId: org.isaacId }))).toEqual([]);
  });

  test('read the System Log for the user: enroll, activate, verify and reset events', async () => {
    const factorId = await activePushId();
    const { transactionId } = await verifyPush(factorId, false);
    await org.user.approve(transactionId);
    // A polling request (no `until`) has endless pages by Okta's design (systemlog.md), so the
    // SDK's iterator would never end: read a bounded window around the org's own clock instead.
    const orgNow = new Date((await client.userFactorApi.getFactor({ userId: org.isaacId, factorId })).lastUpdated ?? Number.NaN).getTime();
    await client.userApi.resetFactors({ userId: org.isaacId });

    const events = await collect(
      await client.systemLogApi.listLogEvents({
        filter: `target.id eq "${org.isaacId}"`,
        since: new Date(orgNow - 3_600_000).toISOString(),
        until: new Date(orgNow + 3_600_000).toISOString(),
        limit: 20,
      }),
    );
    const types = events.map((event) => event.eventType);
    // Classic logs a reset as one reset_all; Identity Engine as one deactivation per factor.
    const reset = engine === 'classic' ? 'user.mfa.factor.reset_all' : 'user.mfa.factor.deactivate';
    for (const expected of ['user.mfa.factor.activate', 'system.push.send_factor_verify_push', reset]) {
      expect(types, `System Log for Isaac: ${JSON.stringify(types)}`).toContain(expected);
    }
    for (const event of events) {
      expect(event.published).toBeDefined();
      expect((event.target ?? []).some((target) => target.id === org.isaacId), JSON.stringify(event)).toBe(true);
    }
  });

  test.runIf(engine === 'oie')('lists Okta FastPass and several Okta Verify devices, and removes one device with its FastPass', async () => {
    const first = await activePushId();
    const second = await enrollPush();
    await org.user.scan(org.isaacId, second.id ?? '', { name: 'Isaac Pixel', platform: 'ANDROID', version: '14' });
    expect(at(await client.userFactorApi.activateFactor({ userId: org.isaacId, factorId: second.id ?? '' }), 'status')).toBe('ACTIVE');

    const factors = await collect(await client.userFactorApi.listFactors({ userId: org.isaacId }));
    const byType = (type: string) => factors.filter((factor) => factor.factorType === type);
    expect(byType('push').map((factor) => at(factor, 'profile.name')).sort()).toEqual(['Isaac Pixel', 'Isaac iPhone']);
    expect(byType('token:software:totp')).toHaveLength(2);
    const fastPass = byType('signed_nonce');
    expect(fastPass.map((factor) => at(factor, 'profile.name')).sort()).toEqual(['Isaac Pixel', 'Isaac iPhone']);
    for (const factor of fastPass) {
      expect(factor.status).toBe('ACTIVE');
      expect(factor.provider).toBe('OKTA');
      expect(at(factor, '_links.verify')).toBeUndefined();
    }
    const iPhonePass = fastPass.find((factor) => at(factor, 'profile.name') === 'Isaac iPhone');
    const fetched = await client.userFactorApi.getFactor({ userId: org.isaacId, factorId: iPhonePass?.id ?? '' });
    expect(fetched.factorType).toBe('signed_nonce');

    await client.userFactorApi.unenrollFactor({ userId: org.isaacId, factorId: iPhonePass?.id ?? '' });
    const left = await collect(await client.userFactorApi.listFactors({ userId: org.isaacId }));
    expect(left.map((factor) => factor.id)).not.toContain(first);
    expect(left.map((factor) => at(factor, 'profile.name')).filter(Boolean)).toEqual(['Isaac Pixel', 'Isaac Pixel']);
    expect(left).toHaveLength(3);
  });

  test('verifies a YubiKey, RSA SecurID, Symantec VIP and custom HOTP code with passCode; a wrong one is refused with E0000068', async () => {
    const verifyWithCode = async (login: string, factorType: string, provider: string) => {
      const user = await client.userApi.getUser({ userId: login });
      const factors = await collect(await client.userFactorApi.listFactors({ userId: user.id ?? '' }));
      const factor = factors.find((candidate) => candidate.factorType === factorType && candidate.provider === provider);
      expect(factor, `${login} has a ${factorType} factor`).toBeDefined();
      const code = await org.http.get(`/sandbox/v1/users/${user.id}/factors/${factor?.id}/passcode`);
      const passCode = stringAt(code.body, 'passCode');
      const wrong: unknown = await client.userFactorApi
        .verifyFactor({ userId: user.id ?? '', factorId: factor?.id ?? '', body: { passCode: passCode.replace(/.$/, (last) => (last === 'c' ? 'b' : last === '0' ? '1' : 'c')) } })
        .catch((caught: unknown) => caught);
      expect(at(wrong, 'status'), String(wrong)).toBe(403);
      expect(at(wrong, 'errorCode'), String(wrong)).toBe('E0000068');
      const verified = await client.userFactorApi.verifyFactor({ userId: user.id ?? '', factorId: factor?.id ?? '', body: { passCode } });
      expect(verified.factorResult).toBe('SUCCESS');
    };
    await verifyWithCode('ken.watanabe@example.org', 'token:hardware', 'YUBICO');
    await verifyWithCode('jose.alvarez@example.org', 'token', 'RSA');
    await verifyWithCode('bjorn.oberg@example.org', 'token', 'SYMANTEC');
    await verifyWithCode('nadia.haddad@example.org', 'token:hotp', 'CUSTOM');
  });

  test('errors surface through the SDK with their Okta error codes', async () => {
    const error: unknown = await client.userFactorApi.getFactor({ userId: org.isaacId, factorId: 'opfnosuchfactor00000' }).catch((caught: unknown) => caught);
    expect(at(error, 'status'), String(error)).toBe(404);
    expect(at(error, 'errorCode'), String(error)).toBe('E0000007');
  });
});
