// The managed policy enforced by the core, against the sandbox org over real HTTP: an org outside
// `allowedOrgs`, a forbidden connection method (API tokens; a saved sign-in org), the sandbox switch, and the caller
// verification rule and window. A refused org is refused everywhere (save, test, select, every call
// that needs the org) before its token is read or any client is made for it; an invalid file stops
// everything but `getPolicy`.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrgSummary } from '../../../contract';
import { OktaClient } from '../../../main/core/okta';
import type { CreateOktaClient } from '../../../main/core/orgs/connection-registry';
import { useTempDirs } from '../../support/temp-dirs';
import { call, callError, makeCore, memoryKeychain, shareSandbox, type CoreHarness, type CoreHarnessOptions, type SharedSandbox } from '../orgs/core-harness';

const TOKEN = '00aPolicyTestToken-never-sent-7c6b5a';
const BULK_JOB_ID = 'job-abcdefghi-0123abcd';
const tempDir = useTempDirs('policy-core');

let sandbox: SharedSandbox;
let harness: CoreHarness | undefined;

beforeAll(async () => {
  sandbox = await shareSandbox(40);
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every Okta client the core makes, by the address it was made for. */
function countingClients(): { createClient: CreateOktaClient; madeFor: string[] } {
  const madeFor: string[] = [];
  return {
    madeFor,
    createClient: (org) => {
      madeFor.push(org.orgUrl);
      return new OktaClient(org);
    },
  };
}

/** A core reading `policy` (an object written as JSON, or the file's text) from a file of its own. */
async function coreWithPolicy(policy: unknown, options: CoreHarnessOptions = {}): Promise<CoreHarness & { policyPath: string }> {
  const policyPath = join(await tempDir(), 'policy.json');
  await writeFile(policyPath, typeof policy === 'string' ? policy : JSON.stringify(policy));
  harness = await makeCore({ sandbox, keychain: memoryKeychain(), policyPath, ...options });
  return Object.assign(harness, { policyPath });
}

const orgNamed = async (h: CoreHarness, name: string): Promise<OrgSummary> => {
  const org = (await call(h.core, 'listOrgs', {})).orgs.find((candidate) => candidate.name === name);
  if (!org) throw new Error(`no org named ${name}`);
  return org;
};

describe('the policy the bridge reports', () => {
  it("without a file: today's defaults, nothing locked, and where the file would be", async () => {
    const policyPath = join(await tempDir(), 'policy.json');
    harness = await makeCore({ policyPath });
    expect(await call(harness.core, 'getPolicy', {})).toEqual({
      state: 'default',
      path: policyPath,
      rules: {
        allowedOrgs: null,
        allowSandbox: true,
        allowedConnectionMethods: ['oauth', 'service', 'ssws'],
        callerVerification: { required: true, windowMinutes: 10 },
        stepUpMaxAgeMinutes: 15,
      },
      locked: [],
    });
  });

  it('with a file: its rules and exactly the fields it set, locked', async () => {
    const h = await coreWithPolicy({ allowedOrgs: ['acme.okta.com'], callerVerification: { required: true }, stepUpMaxAgeMinutes: 5 });
    const policy = await call(h.core, 'getPolicy', {});
    expect(policy).toEqual({
      state: 'managed',
      path: h.policyPath,
      rules: {
        allowedOrgs: ['https://acme.okta.com'],
        allowSandbox: true,
        allowedConnectionMethods: ['oauth', 'service', 'ssws'],
        callerVerification: { required: true, windowMinutes: 10 },
        stepUpMaxAgeMinutes: 5,
      },
      locked: ['allowedOrgs', 'callerVerification.required', 'stepUpMaxAgeMinutes'],
    });
  });
});

describe('an invalid policy file', () => {
  it('stops every call but getPolicy, which says what is wrong; nothing is saved, started or sent', async () => {
    const clients = countingClients();
    let sandboxStarts = 0;
    const h = await coreWithPolicy('{ "allowedConnectionMethods": ["oauth"], "allowSandbox": "no" }', {
      createClient: clients.createClient,
      sandbox: { ...sandbox, start: async () => (sandboxStarts++, sandbox.start()) },
    });
    const expected = `Your organization's FactorDesk policy at ${h.policyPath} is invalid: allowSandbox: must be true or false (found "no"). Ask your IT team.`;
    expect(await call(h.core, 'getPolicy', {})).toEqual({ state: 'invalid', path: h.policyPath, message: expected, problems: ['allowSandbox: must be true or false (found "no")'] });

    for (const [method, input] of [
      ['listOrgs', {}],
      ['connectSandbox', {}],
      ['saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' }],
      ['testConnection', { url: 'https://acme.okta.com', token: TOKEN }],
      ['searchUsers', { query: '' }],
      ['listBulkJobs', {}],
      ['findBulkGroups', { query: 'Sales' }],
      ['dryRunBulkJob', { input: { kind: 'text', text: 'isaac@example.org' }, operation: 'inventory', params: {} }],
      ['startBulkJob', { jobId: BULK_JOB_ID }],
      ['resumeBulkJob', { jobId: BULK_JOB_ID }],
    ] as const) {
      const error = await callError(h.core, method, input as never);
      expect(error, method).toMatchObject({ code: 'POLICY_INVALID', message: expected, action: 'Ask your IT team to fix the policy file, then restart FactorDesk.' });
    }
    // Still checked at the bridge: a malformed call is refused as such, not answered with the policy.
    expect((await callError(h.core, 'getPolicy', { extra: true } as never)).code).toBe('INVALID_INPUT');
    expect(clients.madeFor).toEqual([]);
    expect(sandboxStarts).toBe(0);
    await expect(readFile(join(h.dataDir, 'settings.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is read at start: fixing it takes a restart, and then FactorDesk runs', async () => {
    const h = await coreWithPolicy('{ "stepUpMaxAgeMinutes": 15, }');
    expect((await call(h.core, 'getPolicy', {})).state).toBe('invalid');
    await writeFile(h.policyPath, '{ "stepUpMaxAgeMinutes": 15 }');
    expect((await call(h.core, 'getPolicy', {})).state).toBe('invalid');
    await h.restart();
    expect(await call(h.core, 'getPolicy', {})).toMatchObject({ state: 'managed', rules: { stepUpMaxAgeMinutes: 15 } });
    expect((await call(h.core, 'listOrgs', {})).orgs).toEqual([]);
  });
});

describe('allowed orgs', () => {
  it('refuses adding, moving or testing an org outside the list, before any token is kept or sent', async () => {
    const clients = countingClients();
    const keychain = memoryKeychain();
    const h = await coreWithPolicy({ allowedOrgs: ['acme.okta.com', 'acme.oktapreview.com'] }, { createClient: clients.createClient, keychain });

    const refused = await callError(h.core, 'saveOrg', { name: 'Globex', url: 'https://globex.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    expect(refused).toEqual({
      code: 'POLICY_REFUSED',
      message: "Your organization's policy does not allow https://globex.okta.com on this desk. It allows https://acme.okta.com, https://acme.oktapreview.com.",
      action: "Use one of the allowed orgs. If this org should be allowed, ask your IT team to add it to this desk's policy.",
    });
    expect(keychain.entries().size).toBe(0);
    expect((await call(h.core, 'listOrgs', {})).orgs).toEqual([]);

    const acme = await call(h.core, 'saveOrg', { name: 'Acme', url: 'https://ACME.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    expect(acme).toMatchObject({ url: 'https://acme.okta.com', hasToken: true });
    expect(acme.problem).toBeUndefined();

    // Moving an allowed org to another address is adding that address.
    const moved = await callError(h.core, 'saveOrg', { id: acme.id, name: 'Acme', url: 'https://globex.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    expect(moved.code).toBe('POLICY_REFUSED');
    expect((await orgNamed(h, 'Acme')).url).toBe('https://acme.okta.com');

    // Testing sends the token: not to an org outside the list, typed or saved.
    const clientsBefore = clients.madeFor.length;
    expect((await callError(h.core, 'testConnection', { url: 'https://globex.okta.com', token: TOKEN })).code).toBe('POLICY_REFUSED');
    expect((await callError(h.core, 'testConnection', { id: acme.id, url: 'https://globex.okta.com', token: TOKEN })).code).toBe('POLICY_REFUSED');
    expect(clients.madeFor.slice(clientsBefore)).toEqual([]);
  });

  it('shows a saved org outside the list as blocked, refuses selecting it and every call in it, and lets the agent remove it', async () => {
    const clients = countingClients();
    const keychain = memoryKeychain();
    // Saved before the desk had a policy, and the selected org when FactorDesk restarts under it.
    const dataDir = await tempDir();
    harness = await makeCore({ sandbox, keychain, dataDir, createClient: clients.createClient });
    const globex = await call(harness.core, 'saveOrg', { name: 'Globex', url: 'https://globex.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    await harness.close();
    clients.madeFor.length = 0;

    const h = await coreWithPolicy({ allowedOrgs: ['acme.okta.com'] }, { createClient: clients.createClient, keychain, dataDir });
    const listed = await call(h.core, 'listOrgs', {});
    expect(listed.activeOrgId).toBe(globex.id);
    expect(listed.orgs).toEqual([
      {
        ...globex,
        hasToken: false,
        problem: {
          code: 'POLICY_REFUSED',
          message: "Your organization's policy does not allow Globex (https://globex.okta.com) on this desk. It allows https://acme.okta.com.",
          action: "Choose an allowed org, or remove Globex from FactorDesk. If this org should be allowed, ask your IT team to add it to this desk's policy.",
        },
      },
    ]);
    for (const [method, input] of [
      ['selectOrg', { id: globex.id }],
      ['testConnection', { id: globex.id }],
      ['searchUsers', { query: '' }],
      ['getHistory', { userId: '00u1234567890abcdefg' }],
      ['findBulkGroups', { query: 'Sales' }],
      ['dryRunBulkJob', { input: { kind: 'text', text: 'isaac@example.org' }, operation: 'inventory', params: {} }],
    ] as const) {
      expect((await callError(h.core, method, input as never)).code, method).toBe('POLICY_REFUSED');
    }
    expect(clients.madeFor).toEqual([]); // not even at start, when the selected org is reconnected
    expect(await call(h.core, 'removeOrg', { id: globex.id })).toBeNull();
    expect(keychain.entries().has(globex.id)).toBe(false);
  });

  it('does not block the sandbox org unless the policy says so', async () => {
    const h = await coreWithPolicy({ allowedOrgs: ['acme.okta.com'] });
    const connected = await call(h.core, 'connectSandbox', {});
    expect(connected).toMatchObject({ kind: 'sandbox', hasToken: true });
    expect(connected.problem).toBeUndefined();
    expect((await call(h.core, 'searchUsers', { query: '' })).users.length).toBeGreaterThan(0);
  });

  it('allowSandbox: false refuses starting, selecting and restoring the sandbox org', async () => {
    const dataDir = await tempDir();
    harness = await makeCore({ sandbox, dataDir });
    await call(harness.core, 'connectSandbox', {});
    await harness.close();

    let sandboxStarts = 0;
    const h = await coreWithPolicy({ allowSandbox: false }, { dataDir, sandbox: { ...sandbox, start: async () => (sandboxStarts++, sandbox.start()) } });
    const [listed] = (await call(h.core, 'listOrgs', {})).orgs;
    expect(listed).toMatchObject({ id: 'sandbox', hasToken: false, problem: { code: 'POLICY_REFUSED', message: "Your organization's policy does not allow the sandbox org on this desk." } });
    expect((await callError(h.core, 'connectSandbox', {})).code).toBe('POLICY_REFUSED');
    expect((await callError(h.core, 'selectOrg', { id: 'sandbox' })).code).toBe('POLICY_REFUSED');
    expect((await callError(h.core, 'searchUsers', { query: '' })).code).toBe('POLICY_REFUSED');
    expect(sandboxStarts).toBe(0);
  });
});

describe('bulk jobs', () => {
  it("run only in an org the policy allows: a dry run, or starting a job made before, is refused before the org is reached", async () => {
    // A job made in the sandbox org before the desk's policy forbade it.
    const dataDir = await tempDir();
    harness = await makeCore({ sandbox, dataDir });
    await call(harness.core, 'connectSandbox', {});
    const [user] = (await call(harness.core, 'searchUsers', { query: '', limit: 1 })).users;
    const dry = await call(harness.core, 'dryRunBulkJob', { input: { kind: 'text', text: user?.login ?? '' }, operation: 'inventory', params: {} });
    let job = dry;
    for (let waited = 0; job.status === 'resolving' && waited < 20_000; waited += 50) {
      await new Promise((done) => setTimeout(done, 50));
      job = (await call(harness.core, 'getBulkJob', { jobId: dry.id })).job;
    }
    expect(job.status).toBe('ready');
    await harness.close();

    let sandboxStarts = 0;
    const h = await coreWithPolicy({ allowSandbox: false }, { dataDir, sandbox: { ...sandbox, start: async () => (sandboxStarts++, sandbox.start()) } });
    for (const [method, input] of [
      ['findBulkGroups', { query: 'Sales' }],
      ['dryRunBulkJob', { input: { kind: 'text', text: 'isaac@example.org' }, operation: 'inventory', params: {} }],
      ['startBulkJob', { jobId: dry.id }],
    ] as const) {
      expect((await callError(h.core, method, input as never)).code, method).toBe('POLICY_REFUSED');
    }
    // The job is still there to look at, and was not started.
    expect((await call(h.core, 'getBulkJob', { jobId: dry.id })).job.status).toBe('ready');
    expect(sandboxStarts).toBe(0);
  });
});

describe('allowed connection methods', () => {
  it('with API tokens forbidden, refuses saving or testing one, and names the ways that are allowed', async () => {
    const clients = countingClients();
    const keychain = memoryKeychain();
    const h = await coreWithPolicy({ allowedConnectionMethods: ['oauth', 'service'] }, { createClient: clients.createClient, keychain });
    const refused = await callError(h.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    expect(refused).toEqual({
      code: 'POLICY_REFUSED',
      message: "Your organization's policy does not allow connecting with API token (legacy).",
      action: 'Connect it again with a way your organization allows (Sign in with Okta or Service app), or ask your IT team.',
    });
    expect((await callError(h.core, 'testConnection', { url: 'https://acme.okta.com', token: TOKEN })).code).toBe('POLICY_REFUSED');
    expect(keychain.entries().size).toBe(0);
    expect(clients.madeFor).toEqual([]);
    expect((await call(h.core, 'listOrgs', {})).orgs).toEqual([]);
  });

  it('refuses a saved API-token org with a clear action, while the sandbox org still works', async () => {
    const clients = countingClients();
    const keychain = memoryKeychain();
    const dataDir = await tempDir();
    harness = await makeCore({ sandbox, keychain, dataDir, createClient: clients.createClient });
    const acme = await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    await harness.close();
    clients.madeFor.length = 0;

    const h = await coreWithPolicy({ allowedConnectionMethods: ['oauth'] }, { dataDir, keychain, createClient: clients.createClient });
    expect(await orgNamed(h, 'Acme')).toMatchObject({
      hasToken: false,
      problem: {
        code: 'POLICY_REFUSED',
        message: "Your organization's policy does not allow connecting with API token (legacy), so FactorDesk does not use Acme's saved connection.",
        action: 'Remove Acme from FactorDesk, then connect it again with a way your organization allows (Sign in with Okta), or ask your IT team.',
      },
    });
    expect((await callError(h.core, 'searchUsers', { query: '' })).code).toBe('POLICY_REFUSED');
    expect((await callError(h.core, 'selectOrg', { id: acme.id })).code).toBe('POLICY_REFUSED');
    expect((await callError(h.core, 'saveOrg', { id: acme.id, name: 'Acme renamed', url: 'https://acme.okta.com', tokenStorage: 'keychain' })).code).toBe('POLICY_REFUSED');
    expect((await callError(h.core, 'testConnection', { id: acme.id })).code).toBe('POLICY_REFUSED');
    expect(clients.madeFor).toEqual([]);

    // The practice org is governed by allowSandbox alone.
    await call(h.core, 'connectSandbox', {});
    expect((await call(h.core, 'searchUsers', { query: '' })).users.length).toBeGreaterThan(0);
  });

  it("reads each saved org's own method: with only API tokens allowed, a sign-in org is blocked, nobody signs in to it and no service app key is made; the sandbox still signs in", async () => {
    const keychain = memoryKeychain();
    const dataDir = await tempDir();
    harness = await makeCore({ sandbox, keychain, dataDir });
    const globex = await call(harness.core, 'saveOrg', { name: 'Globex', url: 'https://globex.okta.com', clientId: '0oaNativeApp00000000', tokenStorage: 'keychain' });
    expect(globex.connection.method).toBe('oauth');
    await harness.close();

    // The sandbox org comes with its native app, so "Use the sandbox org" saves it as a sign-in org.
    const { nativeClientId, nativeRedirectUris } = sandbox.oauth;
    const signingInSandbox = { ...sandbox, start: async () => ({ url: sandbox.url, token: sandbox.token, oauth: { nativeClientId, nativeRedirectUris }, close: async () => {} }) };
    const h = await coreWithPolicy({ allowedConnectionMethods: ['ssws'] }, { dataDir, keychain, sandbox: signingInSandbox });
    const blocked = {
      code: 'POLICY_REFUSED',
      message: "Your organization's policy does not allow connecting with Sign in with Okta, so FactorDesk does not use Globex's saved connection.",
      action: 'Remove Globex from FactorDesk, then connect it again with a way your organization allows (API token (legacy)), or ask your IT team.',
    };
    expect(await orgNamed(h, 'Globex')).toMatchObject({ hasToken: false, agent: null, problem: blocked });
    expect(await callError(h.core, 'startSignIn', { id: globex.id })).toEqual(blocked);
    expect(await callError(h.core, 'selectOrg', { id: globex.id })).toEqual(blocked);
    expect(await callError(h.core, 'createServiceAppKey', {})).toEqual({
      code: 'POLICY_REFUSED',
      message: "Your organization's policy does not allow connecting with Service app.",
      action: 'Connect it again with a way your organization allows (API token (legacy)), or ask your IT team.',
    });
    expect((await callError(h.core, 'saveOrg', { name: 'Initech', url: 'https://initech.okta.com', method: 'oauth', clientId: '0oaNativeApp00000000', tokenStorage: 'session' })).code).toBe(
      'POLICY_REFUSED',
    );

    const practice = await call(h.core, 'connectSandbox', {});
    expect(practice).toMatchObject({ connection: { method: 'oauth', clientId: nativeClientId }, hasToken: false });
    expect(practice.problem).toBeUndefined();
    const started = await call(h.core, 'startSignIn', { id: 'sandbox' });
    expect(new URL(started.authorizationUrl).origin).toBe(sandbox.url);
    await call(h.core, 'cancelSignIn', { signInId: started.signInId });
  });
});

describe('caller verification', () => {
  /** A sandbox user with a security question (enrolled through the core) whose answer the test knows. */
  async function userWithQuestion(h: CoreHarness): Promise<{ userId: string; factorId: string; answer: string }> {
    const answer = 'a blue whale';
    for (const user of (await call(h.core, 'searchUsers', { query: '', limit: 40 })).users) {
      if (user.status !== 'ACTIVE') continue;
      // An administrator's reset needs a second verification (the risk card): these tests are about the first.
      if ((await call(h.core, 'getRiskCard', { userId: user.id })).requiresSecondVerification) continue;
      const { factors } = await call(h.core, 'listFactors', { userId: user.id });
      if (factors.some((factor) => factor.factorType === 'question')) continue;
      const [question] = await call(h.core, 'listSecurityQuestions', { userId: user.id });
      const enrolled = await call(h.core, 'enrollFactor', { userId: user.id, request: { factorType: 'question', question: question?.key ?? '', answer } });
      if (enrolled.kind !== 'active') throw new Error(`enrolling a question answered ${enrolled.kind}`);
      return { userId: user.id, factorId: enrolled.factor.id, answer };
    }
    throw new Error('no sandbox user without a security question');
  }

  it("the policy's window is the verification timeline's", async () => {
    let clock = Date.now();
    const h = await coreWithPolicy({ callerVerification: { windowMinutes: 3 } }, { now: () => new Date(clock) });
    await call(h.core, 'connectSandbox', {});
    const caller = await userWithQuestion(h);
    await call(h.core, 'startVerify', { userId: caller.userId, factorId: caller.factorId });
    await call(h.core, 'checkVerification', { userId: caller.userId, factorId: caller.factorId, answer: caller.answer });

    const passed = await call(h.core, 'getCallerVerification', { userId: caller.userId });
    expect(passed.windowMinutes).toBe(3);
    const verifiedAt = Date.parse(passed.verified?.verifiedAt ?? '');
    expect(Date.parse(passed.verified?.validUntil ?? '')).toBe(verifiedAt + 3 * 60_000);

    clock = verifiedAt + 2 * 60_000 + 59_000;
    expect((await call(h.core, 'getCallerVerification', { userId: caller.userId })).verified).not.toBeNull();
    clock = verifiedAt + 3 * 60_000 + 1000;
    expect((await call(h.core, 'getCallerVerification', { userId: caller.userId })).verified).toBeNull();
    const late = await callError(h.core, 'resetFactor', { userId: caller.userId, factorId: caller.factorId, callerVerification: { method: 'recent_check' } });
    expect(late.message).toBe('No test push or code check passed for this user in the last 3 minutes.');
  });

  it("required by the policy: the org's own setting cannot turn it off, and is kept for when there is no policy", async () => {
    const h = await coreWithPolicy({ callerVerification: { required: true } });
    await call(h.core, 'connectSandbox', {});
    const saved = await call(h.core, 'saveOrg', { id: 'sandbox', name: 'Practice', url: 'ignored', tokenStorage: 'session', requireCallerVerification: false });
    expect(saved.requireCallerVerification).toBe(true);
    const stored = JSON.parse(await readFile(join(h.dataDir, 'settings.json'), 'utf8')) as { orgs: { requireCallerVerification: boolean }[] };
    expect(stored.orgs[0]?.requireCallerVerification).toBe(true); // as it was: the policy decides, the save does not change it

    const caller = await userWithQuestion(h);
    const refused = await callError(h.core, 'resetFactor', { userId: caller.userId, factorId: caller.factorId });
    expect(refused.message).toBe("Your organization's policy requires saying how the caller was verified before a reset.");
  });

  it("not required by the policy: a reset may go without, whatever the org's own setting says", async () => {
    const h = await coreWithPolicy({ callerVerification: { required: false } });
    await call(h.core, 'connectSandbox', {});
    expect((await orgNamed(h, 'Sandbox org')).requireCallerVerification).toBe(false);
    const caller = await userWithQuestion(h);
    const reset = await call(h.core, 'resetFactor', { userId: caller.userId, factorId: caller.factorId });
    expect(reset.callerVerification).toEqual({ method: 'not_required', automatic: false });
  });

  it("without the rule in the policy, each org's own setting decides, as before", async () => {
    const h = await coreWithPolicy({ stepUpMaxAgeMinutes: 10 });
    await call(h.core, 'connectSandbox', {});
    const relaxed = await call(h.core, 'saveOrg', { id: 'sandbox', name: 'Sandbox org', url: 'ignored', tokenStorage: 'session', requireCallerVerification: false });
    expect(relaxed.requireCallerVerification).toBe(false);
    const caller = await userWithQuestion(h);
    expect((await call(h.core, 'resetFactor', { userId: caller.userId, factorId: caller.factorId })).callerVerification.method).toBe('not_required');

    await call(h.core, 'saveOrg', { id: 'sandbox', name: 'Sandbox org', url: 'ignored', tokenStorage: 'session', requireCallerVerification: true });
    const next = await userWithQuestion(h);
    const refused = await callError(h.core, 'resetFactor', { userId: next.userId, factorId: next.factorId });
    expect(refused.message).toBe('This org requires saying how the caller was verified before a reset.');
  });
});
