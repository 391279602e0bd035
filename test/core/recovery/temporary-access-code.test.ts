// Temporary Access Codes through the core, against a sandbox org over HTTP: the org's settings and the
// user's current code, issuing under the reset's caller-verification gate, the code shown once and
// written nowhere (journal, data folder, log), replacing, revoking, and every way Okta can refuse
// (400 outside the settings, 403, the authenticator inactive, a Classic org) or lose the answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OktaClient } from '../../../main/core/okta';
import { createTac } from '../../../main/core/okta/resources';
import { DADE_LOGIN, ISAAC_LOGIN } from '../../../sandbox/directory/generate';
import { filesUnder } from '../../support/files-under';
import { call, callError, makeCore, shareSandbox, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import { authnSignIn, journaledDuring, orgApi, userIdOf } from './support/recovery-org';

let sandbox: SharedSandbox;
let harness: CoreHarness;
let api: ReturnType<typeof orgApi>;
const logged: string[] = [];
let tacAuthenticatorId = '';

const manual = { method: 'known_callback', ticket: 'INC-88' } as const;
const DEFAULT_SETTINGS = { minTtl: 10, maxTtl: 720, defaultTtl: 120, length: 16, complexity: { numbers: true, letters: true, specialCharacters: true }, multiUseAllowed: true };
const setTacSettings = (configuration: Record<string, unknown>) =>
  api('PUT', `/api/v1/authenticators/${tacAuthenticatorId}`, { key: 'tac', name: 'Temporary Access Code', provider: { type: 'tac', configuration } });

beforeAll(async () => {
  sandbox = await shareSandbox(40);
  api = orgApi(sandbox);
  harness = await makeCore({ sandbox, log: (message, error) => logged.push(`${message} ${String(error ?? '')}`) });
  await call(harness.core, 'connectSandbox', {});
  tacAuthenticatorId = (await api<Array<{ id: string; key: string }>>('GET', '/api/v1/authenticators')).body.find((each) => each.key === 'tac')?.id ?? '';
});
afterEach(async () => {
  await api('DELETE', '/sandbox/v1/faults');
  await setTacSettings(DEFAULT_SETTINGS);
  await api('POST', `/api/v1/authenticators/${tacAuthenticatorId}/lifecycle/activate`);
});
afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('issuing a temporary access code', () => {
  it("reads the org's TAC settings, issues a code after a recorded manual verification, and the code signs the caller in; it is written nowhere", async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    const settings = await call(harness.core, 'getTacSettings', { userId: dade });
    expect(settings).toEqual({
      userId: dade,
      available: true,
      policy: { authenticatorId: tacAuthenticatorId, minTtlMinutes: 10, maxTtlMinutes: 720, defaultTtlMinutes: 120, multiUseAllowed: true, length: 16 },
      current: null,
    });

    const { value: issued, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'issueTac', { userId: dade, ttlMinutes: 90, multiUse: false, callerVerification: manual }));
    expect(issued).toMatchObject({ userId: dade, ttlMinutes: 90, multiUse: false, replacedPrevious: false, callerVerification: { method: 'known_callback', automatic: false, ticket: 'INC-88' } });
    expect(issued.code).toHaveLength(16);
    const lifetime = Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt);
    expect(lifetime).toBeGreaterThan(89 * 60_000);
    expect(lifetime).toBeLessThan(91 * 60_000);

    // One attempt, one outcome: that a code was issued, for how long, until when, by whom. Never the code.
    expect(records.map((record) => `${record.action}:${record.outcome}`)).toEqual(['issue_tac:attempt', 'issue_tac:success']);
    expect(records[1]).toMatchObject({ id: issued.auditId, agent: 'test-agent', factorId: issued.enrollmentId, factorType: 'tac', detail: `single-use code for 90 minutes, valid until ${issued.expiresAt}` });
    for (const [path, text] of await filesUnder(harness.dataDir)) expect(text.includes(issued.code), path).toBe(false);
    expect(logged.join('\n')).not.toContain(issued.code);

    // History shows it as the journal has it.
    const history = await call(harness.core, 'getHistory', { userId: dade, since: new Date(Date.now() - 3_600_000).toISOString(), until: new Date(Date.now() + 60_000).toISOString() });
    expect(JSON.stringify(history)).not.toContain(issued.code);
    expect(history.entries.some((entry) => entry.summary.startsWith('Temporary access code issued by the helpdesk (agent: test-agent); caller verified by known callback (ticket INC-88)'))).toBe(true);

    // The settings now show the code (not its value); the caller signs in with it.
    const after = await call(harness.core, 'getTacSettings', { userId: dade });
    expect(after).toMatchObject({ available: true, current: { enrollmentId: issued.enrollmentId, expiresAt: issued.expiresAt, multiUse: false } });
    expect(JSON.stringify(after)).not.toContain(issued.code);
    expect((await authnSignIn(sandbox, DADE_LOGIN, issued.code)).body.status).toBe('SUCCESS');
  });

  it('issuing again replaces the code: the old one stops working, and the answer and the journal say so', async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    const first = await call(harness.core, 'issueTac', { userId: dade, multiUse: true, callerVerification: manual });
    expect(first.ttlMinutes).toBe(120);
    const { value: second, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'issueTac', { userId: dade, multiUse: false, callerVerification: manual }));
    expect(second.replacedPrevious).toBe(true);
    expect(records[1]?.detail).toMatch(/; replaced the code issued before$/);
    expect((await authnSignIn(sandbox, DADE_LOGIN, first.code)).status).toBe(401);
    expect((await authnSignIn(sandbox, DADE_LOGIN, second.code)).body.status).toBe('SUCCESS');
  });

  it('needs a caller verification, whatever the org setting: none, or a recent check that is not there, is refused and journaled', async () => {
    const isaac = await userIdOf(sandbox, ISAAC_LOGIN);
    const { value: missing, records } = await journaledDuring(harness.dataDir, () => callError(harness.core, 'issueTac', { userId: isaac, multiUse: false }));
    expect(missing.code).toBe('INVALID_INPUT');
    expect(records).toEqual([expect.objectContaining({ action: 'issue_tac', outcome: 'failure', stage: 'refused' })]);
    expect((await callError(harness.core, 'issueTac', { userId: isaac, multiUse: false, callerVerification: { method: 'recent_check' } })).code).toBe('INVALID_INPUT');
    // Even where the org lets resets go without one: whoever holds a code signs in as the user.
    const relaxed = await call(harness.core, 'saveOrg', { id: 'sandbox', name: 'Sandbox org', url: 'ignored', tokenStorage: 'session', requireCallerVerification: false });
    expect(relaxed.requireCallerVerification).toBe(false);
    expect(await callError(harness.core, 'issueTac', { userId: isaac, multiUse: false })).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'A temporary access code lets whoever holds it sign in as the user, so FactorDesk issues one only after the caller is verified.',
    });
    await call(harness.core, 'saveOrg', { id: 'sandbox', name: 'Sandbox org', url: 'ignored', tokenStorage: 'session', requireCallerVerification: true });
    expect((await call(harness.core, 'getTacSettings', { userId: isaac })).available && (await call(harness.core, 'getTacSettings', { userId: isaac }))).toMatchObject({ current: null });
  });

  it('revokes the code: it no longer signs in; revoking with none is no action', async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    const issued = await call(harness.core, 'issueTac', { userId: dade, multiUse: true, callerVerification: manual });
    const { value, records } = await journaledDuring(harness.dataDir, () => call(harness.core, 'revokeTac', { userId: dade }));
    expect(value).toMatchObject({ userId: dade, revoked: true });
    expect(records.map((record) => `${record.action}:${record.outcome}`)).toEqual(['revoke_tac:attempt', 'revoke_tac:success']);
    expect((await authnSignIn(sandbox, DADE_LOGIN, issued.code)).status).toBe(401);
    expect(await call(harness.core, 'revokeTac', { userId: dade })).toEqual({ userId: dade, revoked: false, auditId: null });
  });
});

describe("Okta's refusals and lost answers", () => {
  it('400: a lifetime outside the settings is refused before anything is sent; Okta refuses one too (its cause named)', async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    const { value: refused, records } = await journaledDuring(harness.dataDir, () => callError(harness.core, 'issueTac', { userId: dade, ttlMinutes: 1440, multiUse: false, callerVerification: manual }));
    expect(refused).toMatchObject({ code: 'VALIDATION', message: "The org's settings allow a code to last from 10 minutes to 12 hours; 1 day is outside that." });
    expect(records).toEqual([expect.objectContaining({ outcome: 'failure', stage: 'refused' })]);

    const client = new OktaClient({ orgUrl: sandbox.url, token: sandbox.token });
    try {
      await createTac(client, dade, { authenticatorId: tacAuthenticatorId, ttlMinutes: 1440, multiUse: false });
      throw new Error('Okta accepted a lifetime beyond its settings');
    } catch (error) {
      expect((error as { data: unknown }).data).toMatchObject({
        code: 'VALIDATION',
        oktaErrorCode: 'E0000001',
        httpStatus: 400,
        causes: ["ttl: The TTL must be between 10 and 720 minutes (the org's Temporary Access Code settings)"],
      });
    } finally {
      await client.close();
    }
  });

  it('multi-use not allowed by the org: refused before anything is sent', async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    await setTacSettings({ ...DEFAULT_SETTINGS, multiUseAllowed: false });
    expect(await call(harness.core, 'getTacSettings', { userId: dade })).toMatchObject({ policy: { multiUseAllowed: false } });
    expect(await callError(harness.core, 'issueTac', { userId: dade, multiUse: true, callerVerification: manual })).toMatchObject({
      code: 'VALIDATION',
      message: "The org's settings allow single-use codes only.",
    });
  });

  it('403: not allowed at Okta (the admin role), journaled as a failure at Okta after its attempt', async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    await api('POST', '/sandbox/v1/faults', { failureStatus: 403, failureRate: 1, count: 5, paths: '/authenticator-enrollments/tac$', methods: ['POST'] });
    const { value, records } = await journaledDuring(harness.dataDir, () => callError(harness.core, 'issueTac', { userId: dade, multiUse: false, callerVerification: manual }));
    expect(value).toMatchObject({ code: 'PERMISSION_DENIED', oktaErrorCode: 'E0000006' });
    expect(records.map((record) => record.outcome)).toEqual(['attempt', 'failure']);
    expect(records[1]).toMatchObject({ stage: 'at_okta', attemptId: records[0]?.id });
  });

  it("the authenticator is inactive: the settings say so and why, issuing is refused; Okta's own answer names it", async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    await api('POST', `/api/v1/authenticators/${tacAuthenticatorId}/lifecycle/deactivate`);
    expect(await call(harness.core, 'getTacSettings', { userId: dade })).toEqual({
      userId: dade,
      available: false,
      reason: 'inactive',
      message: "The org's Temporary Access Code authenticator is turned off (inactive).",
      action: 'Ask your Okta administrator to activate it (Security → Authenticators), then try again.',
    });
    expect((await callError(harness.core, 'issueTac', { userId: dade, multiUse: false, callerVerification: manual })).message).toBe(
      "The org's Temporary Access Code authenticator is turned off (inactive).",
    );
    const client = new OktaClient({ orgUrl: sandbox.url, token: sandbox.token });
    await expect(createTac(client, dade, { authenticatorId: tacAuthenticatorId, ttlMinutes: 60, multiUse: false })).rejects.toMatchObject({
      data: { code: 'VALIDATION', causes: ['authenticatorId: The Temporary Access Code authenticator is not active in this org'] },
    });
    await client.close();
  });

  it('a lost answer: unknown, the read-back says a code was issued that nobody can read, and revoking clears it', async () => {
    const dade = await userIdOf(sandbox, DADE_LOGIN);
    await call(harness.core, 'revokeTac', { userId: dade });
    await api('POST', '/sandbox/v1/faults', { dropAnswerRate: 1, count: 1, paths: '/authenticator-enrollments/tac$', methods: ['POST'] });
    const { value, records } = await journaledDuring(harness.dataDir, () => callError(harness.core, 'issueTac', { userId: dade, multiUse: false, callerVerification: manual }));
    expect(value).toMatchObject({
      code: 'OUTCOME_UNKNOWN',
      message: "Okta's answer was lost. Reading back shows Okta did issue a code, but Okta never shows a code again, so nobody can read it.",
      action: 'Revoke that code, then issue a new one (issuing again also replaces it).',
    });
    expect(records.map((record) => record.outcome)).toEqual(['attempt', 'unknown']);
    expect(await call(harness.core, 'getTacSettings', { userId: dade })).toMatchObject({ current: { enrollmentId: expect.any(String) } });
    expect(await call(harness.core, 'revokeTac', { userId: dade })).toMatchObject({ revoked: true });
    expect(await call(harness.core, 'getTacSettings', { userId: dade })).toMatchObject({ current: null });
  });
});

describe('a Classic org', () => {
  let classic: SharedSandbox;
  let classicCore: CoreHarness;
  beforeAll(async () => {
    classic = await shareSandbox(10, { sandbox: { engine: 'classic' } });
    classicCore = await makeCore({ sandbox: classic });
    await call(classicCore.core, 'connectSandbox', {});
  });
  afterAll(async () => {
    await classicCore?.close();
    await classic?.close();
  });

  it('has no temporary access codes (401 E0000015 is about the org, not the sign-in)', async () => {
    const isaac = await userIdOf(classic, ISAAC_LOGIN);
    expect(await call(classicCore.core, 'getTacSettings', { userId: isaac })).toMatchObject({ available: false, reason: 'not_identity_engine' });
    expect(await callError(classicCore.core, 'issueTac', { userId: isaac, multiUse: false, callerVerification: manual })).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/Identity Engine feature/) });
  });
});
