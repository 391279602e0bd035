// An org with a custom domain: one org on two origins. Against the sandbox's custom-domain mode
// (a second listener; push poll and cancel links and the push verify's Location on the other
// origin), links on either origin are followed and the credential goes to those two only; a third
// origin is refused before anything is sent. The org's settings take the custom domain with the org
// URL's own rules, and the keychain entry is bound to both addresses.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FactorDeskError, type EventPayload } from '../../../contract';
import { OktaClient, oktaUserSchema } from '../../../main/core/okta';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { control, nextEvent } from '../history/support/journey';
import { call, callError, makeCore, memoryKeychain, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { startRecordingServer, type RecordingServer } from './support/recording-servers';

const ISAAC = '00ub0oNGTSWTBKOLGLNR';

let sandbox: RunningSandbox;
let customDomain: string;
let recorder: RecordingServer;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 10, customDomain: { listen: true } });
  customDomain = sandbox.customDomainListenUrl ?? '';
  recorder = await startRecordingServer();
});
afterAll(async () => {
  await sandbox?.close();
  await recorder?.close();
});

async function failureOf(work: Promise<unknown>): Promise<FactorDeskError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof FactorDeskError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the Okta client of an org with a custom domain', () => {
  it('sends requests to either origin, relative paths to the org, and refuses a third origin before sending', async () => {
    const client = new OktaClient({ orgUrl: sandbox.url, customDomain, token: sandbox.token });
    try {
      expect(client.origins).toEqual([sandbox.url, customDomain]);
      expect((await client.request({ method: 'GET', path: `/api/v1/users/${ISAAC}`, schema: oktaUserSchema })).data.id).toBe(ISAAC);
      // Okta's own link on the custom domain: followed, and the sandbox writes its links on the origin called.
      const onCustom = await client.request({ method: 'GET', path: `${customDomain}/api/v1/users/${ISAAC}`, schema: oktaUserSchema });
      expect(onCustom.data._links?.self).toMatchObject({ href: `${customDomain}/api/v1/users/${ISAAC}` });

      const third = await failureOf(client.request({ method: 'GET', path: `${recorder.url}/api/v1/users/${ISAAC}`, schema: z.unknown() }));
      expect(third.data.code).toBe('CROSS_ORIGIN_REFUSED');
      expect(third.data.message).toContain(recorder.url);
      expect(recorder.requests).toEqual([]);
      expect(JSON.stringify(third.data)).not.toContain(sandbox.token);
    } finally {
      await client.close();
    }
  });
});

interface PendingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

/** A core whose sandbox org client knows the custom domain (or not), as a saved org with one would have it. */
async function coreFor(withCustomDomain: boolean): Promise<CoreHarness> {
  const shared: SharedSandbox = { ...sandbox, start: async () => ({ url: sandbox.url, token: sandbox.token, close: async () => {} }) };
  const harness = await makeCore({
    sandbox: shared,
    createClient: (org) => new OktaClient({ ...org, ...(withCustomDomain ? { customDomain } : {}), retry: { baseDelayMs: 5, maxDelayMs: 20 } }),
  });
  await call(harness.core, 'connectSandbox', {});
  return harness;
}

async function testPush(harness: CoreHarness): Promise<EventPayload<'pushVerifyStatus'>> {
  const { factors } = await call(harness.core, 'listFactors', { userId: ISAAC });
  const push = factors.find((factor) => factor.factorType === 'push');
  if (!push) throw new Error('Isaac has no push factor');
  const started = await call(harness.core, 'startVerify', { userId: ISAAC, factorId: push.id });
  if (started.kind !== 'push') throw new Error(`expected a push, got ${started.kind}`);
  const pushes = await control<PendingPush[]>(sandbox, 'GET', `/sandbox/v1/users/${ISAAC}/pushes`);
  const pending = pushes.find((each) => each.factorId === push.id);
  if (pending) await control(sandbox, 'POST', `/sandbox/v1/pushes/${pending.transactionId}/approve`, { answer: pending.correctAnswer });
  return nextEvent(harness.events, 'pushVerifyStatus', (event) => event.watchId === started.watchId && event.state !== 'WAITING');
}

describe('a test push when the org publishes its poll links on the other origin', () => {
  it('is followed to SUCCESS through the custom domain when the org has it', async () => {
    const harness = await coreFor(true);
    try {
      expect(await testPush(harness)).toMatchObject({ state: 'SUCCESS', error: null });
      // The answer's body lost: the push is found by its Location header, also on the other origin.
      await control(sandbox, 'POST', '/sandbox/v1/faults', { malformedRate: 1, count: 1, paths: '/verify$', methods: ['POST'] });
      try {
        expect(await testPush(harness)).toMatchObject({ state: 'SUCCESS' });
      } finally {
        await control(sandbox, 'DELETE', '/sandbox/v1/faults');
      }
    } finally {
      await harness.close();
    }
  });

  it('is not followed (and says so) when the org has no custom domain: its links point at another site', async () => {
    const harness = await coreFor(false);
    try {
      const ended = await testPush(harness);
      expect(ended).toMatchObject({ state: 'ERROR', error: { code: 'CROSS_ORIGIN_REFUSED' } });
      expect(JSON.stringify(ended.error)).toContain(customDomain);
    } finally {
      await harness.close();
    }
  });
});

describe("an org's custom domain in its settings", () => {
  const ORG = 'https://acme.okta.com';
  const CUSTOM = 'https://login.acme.com';
  const TOKEN = '00aCustomDomainToken-never-sent-3f2e1d';

  it('is checked with the org URL rules, saved with the org, and binds its keychain entry to both addresses', async () => {
    const keychain = memoryKeychain();
    const harness = await makeCore({ keychain });
    try {
      for (const [customDomain, code] of [
        ['http://login.acme.com', 'NOT_OKTA_URL'],
        ['https://login.acme.com/path', 'NOT_OKTA_URL'],
        ['https://10.0.0.1', 'NOT_OKTA_URL'],
        [ORG, 'NOT_OKTA_URL'],
      ] as const) {
        const error = await callError(harness.core, 'saveOrg', { name: 'Acme', url: ORG, customDomain, token: TOKEN, tokenStorage: 'keychain', method: 'ssws' });
        expect(error.code, customDomain).toBe(code);
      }
      expect((await call(harness.core, 'listOrgs', {})).orgs).toEqual([]);

      const saved = await call(harness.core, 'saveOrg', { name: 'Acme', url: ORG, customDomain: `${CUSTOM}/`, token: TOKEN, tokenStorage: 'keychain', method: 'ssws' });
      expect(saved).toMatchObject({ url: ORG, customDomain: CUSTOM, hasToken: true });
      const entry = JSON.parse([...keychain.entries().values()][0] ?? '{}') as Record<string, unknown>;
      expect(entry).toEqual({ v: 1, origin: ORG, customDomain: CUSTOM, token: TOKEN });

      // Another custom domain is another place the token would go: it must be pasted again.
      const moved = await callError(harness.core, 'saveOrg', { id: saved.id, name: 'Acme', url: ORG, customDomain: 'https://sso.acme.com', tokenStorage: 'keychain', method: 'ssws' });
      expect(moved).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/custom domain did/) });
      // Left out when editing: unchanged, and the token stays.
      expect(await call(harness.core, 'saveOrg', { id: saved.id, name: 'Acme HQ', url: ORG, tokenStorage: 'keychain', method: 'ssws' })).toMatchObject({ customDomain: CUSTOM, hasToken: true });
      // Removed: the token was bound to both, so it is asked for again.
      expect(await callError(harness.core, 'saveOrg', { id: saved.id, name: 'Acme', url: ORG, customDomain: '', tokenStorage: 'keychain', method: 'ssws' })).toMatchObject({ code: 'VALIDATION' });
      const without = await call(harness.core, 'saveOrg', { id: saved.id, name: 'Acme', url: ORG, customDomain: '', token: TOKEN, tokenStorage: 'keychain', method: 'ssws' });
      expect(without).toMatchObject({ customDomain: null, hasToken: true });
      expect(JSON.parse([...keychain.entries().values()][0] ?? '{}')).toEqual({ v: 1, origin: ORG, token: TOKEN });
    } finally {
      await harness.close();
    }
  });

  it('a custom domain added to settings.json by hand does not get the token: the entry was bound without it', async () => {
    const keychain = memoryKeychain();
    const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-custom-domain-'));
    const first = await makeCore({ keychain, dataDir });
    const saved = await call(first.core, 'saveOrg', { name: 'Acme', url: ORG, token: TOKEN, tokenStorage: 'keychain', method: 'ssws' });
    await first.close();
    const file = join(dataDir, 'settings.json');
    const settings = JSON.parse(await readFile(file, 'utf8')) as { orgs: Array<Record<string, unknown>> };
    for (const org of settings.orgs) if (org.id === saved.id) org.customDomain = 'https://evil.example.com';
    // And one whose custom domain breaks the address rules: flagged, nothing sent.
    settings.orgs.push({ ...settings.orgs[0], id: '00000000-0000-4000-8000-0000000000cd', name: 'Edited', customDomain: 'http://evil.example.com/x' });
    await writeFile(file, JSON.stringify(settings));
    const again = await makeCore({ keychain, dataDir });
    try {
      const org = (await call(again.core, 'listOrgs', {})).orgs.find((each) => each.id === saved.id);
      expect(org).toMatchObject({ customDomain: 'https://evil.example.com', hasToken: false, problem: { code: 'TOKEN_ORIGIN_MISMATCH' } });
      const edited = (await call(again.core, 'listOrgs', {})).orgs.find((each) => each.name === 'Edited');
      expect(edited).toMatchObject({ hasToken: false, problem: { code: 'NOT_OKTA_URL', message: expect.stringMatching(/custom domain .* not a valid org address/) } });
    } finally {
      await again.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
