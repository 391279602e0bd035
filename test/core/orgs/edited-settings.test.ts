// A saved token is bound to the org address it was saved for. When settings.json is edited (or a
// profile is restored from elsewhere) to send the org somewhere else, the token is not sent: the
// agent is told to paste it again. A saved address that breaks the connection dialog's rules is
// flagged when the settings are loaded and never connected to.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrgSummary } from '../../../contract';
import { OktaClient } from '../../../main/core/okta';
import type { CreateOktaClient } from '../../../main/core/orgs/connection-registry';
import { savedOrgProblem } from '../../../main/core/orgs/saved-org-check';
import type { SavedOrg } from '../../../main/core/settings/settings-schema';
import { haveOpenssl, mintCertificates, type TestCertificates } from '../okta/support/test-certificates';
import { startConnectProxy, startRecordingServer, startTlsServer, type RecordingProxy, type RecordingServer } from '../okta/support/recording-servers';
import { call, callError, makeCore, memoryKeychain, type CoreHarness } from './core-harness';

const TOKEN = '00aBoundTokenForTests-never-elsewhere-4c1d';
const ACME_ID = '6b1f3c2e-8a4d-4e5f-9b0a-1c2d3e4f5a6b';

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every org address and token the core handed to an Okta client: the only way a token leaves it. */
function clientSpy(make: CreateOktaClient = (org) => new OktaClient({ ...org, proxy: {} })) {
  const made: Array<{ orgUrl: string; token?: string }> = [];
  const createClient: CreateOktaClient = (org) => {
    made.push({ ...org });
    return make(org);
  };
  return { made, createClient };
}

async function editSettings(dataDir: string, edit: (org: Record<string, unknown>) => void): Promise<void> {
  const path = join(dataDir, 'settings.json');
  const settings = JSON.parse(await readFile(path, 'utf8')) as { orgs: Array<Record<string, unknown>> };
  for (const org of settings.orgs) edit(org);
  await writeFile(path, JSON.stringify(settings, null, 2));
}

async function orgNamed(name: string): Promise<OrgSummary> {
  const org = (await call(harness!.core, 'listOrgs', {})).orgs.find((candidate) => candidate.name === name);
  if (!org) throw new Error(`no org named ${name}`);
  return org;
}

describe.skipIf(!haveOpenssl())('settings.json edited to another https address (needs the openssl CLI)', () => {
  let certificates: TestCertificates;
  let tlsServer: RecordingServer;
  let proxy: RecordingProxy;

  beforeAll(async () => {
    certificates = mintCertificates(['acme.okta.test', 'evil.okta.test']);
    tlsServer = await startTlsServer(certificates.serverKeyPem, certificates.serverCertPem);
    // Whatever host is asked for, the tunnel ends at the recording TLS server: it sees what each address would get.
    proxy = await startConnectProxy(tlsServer.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await tlsServer?.close();
  });

  it('does not send the token to the new address, tells the agent to paste it again, and works once they do', async () => {
    const spy = clientSpy(
      (org) => new OktaClient({ ...org, proxy: { httpsProxy: proxy.url }, extraCaCertificates: [certificates.caPem], retry: { maxAttempts: 1 } }),
    );
    harness = await makeCore({ keychain: memoryKeychain(), createClient: spy.createClient });
    const saved = await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.test', token: TOKEN, tokenStorage: 'keychain' });

    // The harness sees a token that is sent: the saved address gets it.
    await harness.core.dispatch('testConnection', { id: saved.id }, { clientId: 'test' });
    expect(proxy.connectTargets).toContain('acme.okta.test:443');
    expect(tlsServer.requests.some((request) => request.headers.authorization === `SSWS ${TOKEN}`)).toBe(true);
    proxy.connectTargets.length = 0;
    tlsServer.requests.length = 0;
    spy.made.length = 0;

    await editSettings(harness.dataDir, (org) => (org.url = 'https://evil.okta.test'));
    const core = await harness.restart();

    const listed = await orgNamed('Acme');
    expect(listed).toMatchObject({ url: 'https://evil.okta.test', hasToken: false, problem: { code: 'TOKEN_ORIGIN_MISMATCH' } });
    expect(listed.problem?.message).toMatch(/was saved for another org address, so FactorDesk does not send it to https:\/\/evil\.okta\.test/);
    expect(listed.problem?.action).toMatch(/paste its API token again/);

    for (const [method, input] of [
      ['searchUsers', { query: 'isaac' }],
      ['getUser', { userId: '00ub0oNGTSWTBKOLGLNR' }],
      ['testConnection', { id: saved.id }],
    ] as const) {
      const error = await callError(core, method, input);
      expect(error, method).toMatchObject({ code: 'TOKEN_ORIGIN_MISMATCH', action: expect.stringMatching(/paste its API token again/) });
    }
    expect(await call(core, 'selectOrg', { id: saved.id })).toMatchObject({ hasToken: false, problem: { code: 'TOKEN_ORIGIN_MISMATCH' } });
    // Renaming the org does not carry the token to the new address either.
    expect(await call(core, 'saveOrg', { id: saved.id, name: 'Acme (edited)', url: 'https://evil.okta.test', tokenStorage: 'keychain' })).toMatchObject({
      hasToken: false,
      problem: { code: 'TOKEN_ORIGIN_MISMATCH' },
    });

    expect(spy.made).toEqual([]);
    expect(proxy.connectTargets).toEqual([]);
    expect(tlsServer.requests).toEqual([]);

    // Pasting the token again binds it to the address the agent confirmed.
    expect(await call(core, 'saveOrg', { id: saved.id, name: 'Acme', url: 'https://evil.okta.test', token: TOKEN, tokenStorage: 'keychain' })).toMatchObject({ hasToken: true });
    expect((await orgNamed('Acme')).problem).toBeUndefined();
    await core.dispatch('searchUsers', { query: 'isaac' }, { clientId: 'test' });
    expect(proxy.connectTargets).toEqual(['evil.okta.test:443']);
  });
});

describe('settings.json edited to plain http on loopback', () => {
  let recorder: RecordingServer;
  beforeAll(async () => {
    recorder = await startRecordingServer();
  });
  afterAll(async () => {
    await recorder?.close();
  });

  it('flags the org on load and sends nothing there, not even a freshly pasted token to test', async () => {
    const spy = clientSpy();
    harness = await makeCore({ keychain: memoryKeychain(), createClient: spy.createClient });
    const saved = await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    await editSettings(harness.dataDir, (org) => (org.url = recorder.url));
    spy.made.length = 0;
    const core = await harness.restart();

    const listed = await orgNamed('Acme');
    expect(listed).toMatchObject({ url: recorder.url, hasToken: false, problem: { code: 'NOT_OKTA_URL' } });
    expect(listed.problem?.message).toBe(
      `The saved address of Acme (${recorder.url}) is not a valid org address: Okta orgs are only reachable over https. FactorDesk does not connect to it or send its token anywhere.`,
    );
    expect(listed.problem?.action).toMatch(/^Edit the org: enter its https:\/\/ address and paste its API token again/);

    expect(await callError(core, 'searchUsers', { query: 'isaac' })).toMatchObject({ code: 'NOT_OKTA_URL', message: listed.problem?.message });
    expect(await callError(core, 'testConnection', { id: saved.id })).toMatchObject({ code: 'NOT_OKTA_URL' });
    expect(await callError(core, 'testConnection', { id: saved.id, token: `${TOKEN}-new` })).toMatchObject({ code: 'NOT_OKTA_URL' });
    expect(await call(core, 'selectOrg', { id: saved.id })).toMatchObject({ hasToken: false, problem: { code: 'NOT_OKTA_URL' } });

    expect(spy.made).toEqual([]);
    expect(recorder.requests).toEqual([]);
  });

  it('does not let an org pass as the sandbox org (the only one allowed plain http)', async () => {
    const spy = clientSpy();
    harness = await makeCore({ keychain: memoryKeychain(), createClient: spy.createClient });
    await call(harness.core, 'saveOrg', { name: 'Acme', url: 'https://acme.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    await editSettings(harness.dataDir, (org) => {
      org.url = recorder.url;
      org.kind = 'sandbox';
    });
    spy.made.length = 0;
    const core = await harness.restart();

    expect((await orgNamed('Acme')).problem).toMatchObject({ code: 'NOT_OKTA_URL', message: expect.stringMatching(/is saved as the sandbox org, which it is not/) });
    expect((await callError(core, 'searchUsers', { query: 'isaac' })).code).toBe('NOT_OKTA_URL');
    expect(spy.made).toEqual([]);
    expect(recorder.requests).toEqual([]);
  });
});

describe('a token saved without its address (by an earlier FactorDesk)', () => {
  it('is not bound on first use: the agent pastes it again', async () => {
    const keychain = memoryKeychain();
    const spy = clientSpy();
    harness = await makeCore({ keychain, createClient: spy.createClient });
    const org: SavedOrg = { id: ACME_ID, name: 'Acme', url: 'https://acme.okta.com', kind: 'okta', tokenStorage: 'keychain', requireCallerVerification: true, connection: { method: 'ssws' } };
    await writeFile(join(harness.dataDir, 'settings.json'), JSON.stringify({ version: 1, activeOrgId: ACME_ID, orgs: [org] }));
    await keychain.set(ACME_ID, TOKEN);
    const core = await harness.restart();

    const error = await callError(core, 'searchUsers', { query: 'isaac' });
    expect(error).toMatchObject({ code: 'TOKEN_ORIGIN_MISMATCH', message: expect.stringMatching(/was saved without the org address it belongs to/) });
    expect((await orgNamed('Acme')).problem?.code).toBe('TOKEN_ORIGIN_MISMATCH');
    expect(spy.made).toEqual([]);
    // Still the old entry: nothing bound it to whatever the settings say now.
    expect(keychain.entries().get(ACME_ID)).toBe(TOKEN);
  });
});

describe('saved addresses are checked with the connection dialog rules when loaded', () => {
  const base: SavedOrg = { id: ACME_ID, name: 'Acme', url: 'https://acme.okta.com', kind: 'okta', tokenStorage: 'keychain', requireCallerVerification: true, connection: { method: 'ssws' } };

  it('accepts what FactorDesk itself saves', () => {
    expect(savedOrgProblem(base)).toBeNull();
    expect(savedOrgProblem({ ...base, url: 'https://login.acme.example' })).toBeNull();
    expect(savedOrgProblem({ ...base, id: 'sandbox', kind: 'sandbox', tokenStorage: 'session', url: 'http://127.0.0.1:41234' })).toBeNull();
  });

  it('flags every other address, and a sandbox org that is not the sandbox', () => {
    const flagged: Array<[Partial<SavedOrg>, RegExp]> = [
      [{ url: 'http://acme.okta.com' }, /only reachable over https/],
      [{ url: 'http://127.0.0.1:8080' }, /only reachable over https/],
      [{ url: 'https://acme.okta.com/app/UserHome' }, /must not have a path/],
      [{ url: 'https://acme.okta.com?x=1' }, /must not have a query/],
      [{ url: 'https://admin:pw@acme.okta.com' }, /user name or password/],
      [{ url: 'https://10.0.0.5' }, /not an IP address/],
      [{ url: 'https://acme-admin.okta.com' }, /Admin Console address/],
      [{ url: 'https://ACME.okta.com' }, /not in the form FactorDesk saves \(https:\/\/acme\.okta\.com\)/],
      [{ url: 'https://acme.okta.com/' }, /not in the form FactorDesk saves/],
      [{ url: 'https://acme.okta.com/%2e%2e/' }, /must not have a path/],
      [{ url: 'javascript:alert(1)' }, /only reachable over https/],
      [{ url: 'intranet' }, /not a web address/],
      [{ kind: 'sandbox', url: 'http://127.0.0.1:8080' }, /saved as the sandbox org/],
      [{ id: 'sandbox', kind: 'sandbox', tokenStorage: 'keychain', url: 'http://127.0.0.1:8080' }, /saved as the sandbox org/],
      [{ id: 'sandbox', kind: 'sandbox', tokenStorage: 'session', url: 'http://10.1.2.3:8080' }, /only reachable over https/],
    ];
    for (const [change, reason] of flagged) {
      const problem = savedOrgProblem({ ...base, ...change });
      expect(problem?.data, JSON.stringify(change)).toMatchObject({ code: 'NOT_OKTA_URL', message: expect.stringMatching(reason), action: expect.stringMatching(/^Edit the org/) });
    }
  });

  it('lists each flagged org with its problem, the others as usual', async () => {
    const keychain = memoryKeychain();
    harness = await makeCore({ keychain });
    const good = await call(harness.core, 'saveOrg', { name: 'Good', url: 'https://good.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    await call(harness.core, 'saveOrg', { name: 'Bad', url: 'https://bad.okta.com', token: TOKEN, tokenStorage: 'keychain' });
    await editSettings(harness.dataDir, (org) => {
      if (org.name === 'Bad') org.url = 'https://bad.okta.com/evil/path';
    });
    await harness.restart();
    expect(await orgNamed('Good')).toEqual({
      id: good.id,
      name: 'Good',
      url: 'https://good.okta.com',
      customDomain: null,
      kind: 'okta',
      tokenStorage: 'keychain',
      connection: { method: 'ssws', clientId: null, scopes: [] },
      hasToken: true,
      agent: null,
      requireCallerVerification: true,
      marker: { color: '#c62828', label: 'Production', practice: false },
      phoneRegion: null,
    });
    expect(await orgNamed('Bad')).toMatchObject({ hasToken: false, problem: { code: 'NOT_OKTA_URL', message: expect.stringMatching(/must not have a path/) } });
  });

  it('sets aside a settings file whose org ids are not FactorDesk ids (they could not be addressed)', async () => {
    harness = await makeCore();
    await writeFile(
      join(harness.dataDir, 'settings.json'),
      JSON.stringify({ version: 1, activeOrgId: null, orgs: [{ id: '../acme', name: 'Acme', url: 'https://acme.okta.com', kind: 'okta', tokenStorage: 'keychain' }] }),
    );
    const core = await harness.restart();
    expect((await callError(core, 'listOrgs', {})).code).toBe('SETTINGS_ERROR');
    expect((await call(core, 'listOrgs', {})).orgs).toEqual([]);
  });
});
