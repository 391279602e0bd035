// The bridge under attack: thousands of malformed calls across every contract method, through the
// real core dispatch (and a sample through the browser shell's HTTP bridge), with the sandbox org
// connected over real HTTP. Whatever is sent: nothing crashes, every failure is in the contract's
// error shape with an action, the org never answers 5xx, and no request reaches the org outside
// the endpoints the called method names. Seeded: FUZZ_SEED=<n> replays a run.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeErrorCodes, type BridgeResult, type MethodName } from '../../../contract';
import { startWebShell, type WebShell } from '../../../main/web/server';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { recordRequestsTo, type RequestRecorder } from '../../support/received-requests';
import { call, makeCore, memoryKeychain, testClient, type CoreHarness, type SharedSandbox } from '../orgs/core-harness';
import {
  badValues,
  describeInput,
  extraKeys,
  FuzzRandom,
  methodSpecs,
  strictKinds,
  unfuzzedMethods,
  withField,
  type FieldKind,
  type FuzzWorld,
  type MethodSpec,
} from './support/fuzz-inputs';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_509);
const CORE_CALLS = 10_000;
const SHELL_CALLS = 600;
const replay = `replay with FUZZ_SEED=${SEED} npx vitest run test/core/bridge/bridge-fuzz.test.ts`;

// ---------------------------------------------------------------- what each method may reach at the org

const ID = '[A-Za-z0-9]{20}';
const FACTOR = `/api/v1/users/${ID}/factors/${ID}`;
type Endpoint = { method: string; path: RegExp };
const endpoint = (method: string, path: string): Endpoint => ({ method, path: new RegExp(`^${path}(?:\\?[^#]*)?$`) });

const userById = endpoint('GET', `/api/v1/users/${ID}`);
const journaled = [userById]; // every action first looks the user up for the journal
const factorGet = endpoint('GET', FACTOR);
const factorList = endpoint('GET', `/api/v1/users/${ID}/factors`);
const pushTransaction = (method: 'GET' | 'DELETE'): Endpoint => endpoint(method, `${FACTOR}/transactions/[A-Za-z0-9._-]+`);
/** The risk card: one System Log query and the user's admin roles. */
const riskCard = [endpoint('GET', '/api/v1/logs'), endpoint('GET', `/api/v1/users/${ID}/roles`)];
const phoneView = endpoint('GET', `/sandbox/v1/users/${ID}/phone`);

/** The endpoints each method names. A request outside its method's list is a path the renderer bent. */
const allowed: Record<MethodName, Endpoint[]> = {
  listOrgs: [],
  saveOrg: [],
  removeOrg: [],
  selectOrg: [],
  connectSandbox: [],
  // Signing in to the API-token sandbox org is refused before discovery; nothing else asks the org.
  startSignIn: [],
  finishSignIn: [],
  cancelSignIn: [],
  signOut: [],
  createServiceAppKey: [],
  getServiceAppKey: [],
  cancelWatch: [],
  // The verification timeline is read from the journal, and ending a call is journaled locally: neither asks Okta.
  getCallerVerification: [],
  endCall: [],
  testConnection: [endpoint('GET', '/api/v1/users/me'), endpoint('GET', '/api/v1/users'), endpoint('GET', '/api/v1/logs'), endpoint('GET', '/api/v1/users/me/roles')],
  searchUsers: [endpoint('GET', '/api/v1/users'), userById, endpoint('GET', "/api/v1/users/[A-Za-z0-9._+'-]+%40[A-Za-z0-9.-]+")],
  getUser: [userById],
  listFactors: [userById, endpoint('GET', `/api/v1/users/${ID}/factors`)],
  getFactorCatalog: [endpoint('GET', `/api/v1/users/${ID}/factors/catalog`), endpoint('GET', `/api/v1/users/${ID}/factors`)],
  listSecurityQuestions: [endpoint('GET', `/api/v1/users/${ID}/factors/questions`)],
  enrollFactor: [...journaled, endpoint('GET', `/api/v1/users/${ID}/factors`), endpoint('POST', `/api/v1/users/${ID}/factors`)],
  sendActivationLink: [...journaled, factorGet, endpoint('POST', `${FACTOR}/lifecycle/activate`), endpoint('POST', `${FACTOR}/lifecycle/activate/(?:sms|email)`)],
  activateFactor: [...journaled, factorGet, endpoint('POST', `${FACTOR}/lifecycle/activate`)],
  resendCode: [...journaled, factorGet, endpoint('POST', `${FACTOR}/resend`), endpoint('POST', `${FACTOR}/verify`)],
  watchActivation: [...journaled, factorGet, endpoint('POST', `${FACTOR}/lifecycle/activate(?:/poll)?`), endpoint('GET', `${FACTOR}/qr/[A-Za-z0-9_-]+`)],
  // A push is followed (GET) and withdrawn (DELETE) only through its own transaction link, also when found by Location after a cut answer.
  startVerify: [...journaled, factorGet, endpoint('POST', `${FACTOR}/verify`), pushTransaction('GET'), pushTransaction('DELETE')],
  checkVerification: [...journaled, factorGet, endpoint('POST', `${FACTOR}/verify`)],
  // A lost answer is settled by reading the user's factors back; the risk card (log and roles) is checked first.
  resetFactor: [...journaled, ...riskCard, factorGet, endpoint('DELETE', FACTOR), factorList],
  resetAllFactors: [...journaled, ...riskCard, factorList, endpoint('POST', `/api/v1/users/${ID}/lifecycle/reset_factors`)],
  getHistory: [endpoint('GET', '/api/v1/logs')],
  // The note is read from the journal; Okta is asked only for the caller's name.
  getTicketNote: [userById],
  exportHistory: [endpoint('GET', '/api/v1/logs')],
  // The policy was read at start: asking for it reads nothing and reaches no org.
  getPolicy: [],
  findBulkGroups: [endpoint('GET', '/api/v1/groups')],
  // The fuzzed dry run names a group that does not exist: it ends at Okta's 404 before any job starts.
  dryRunBulkJob: [endpoint('GET', `/api/v1/groups/${ID}`)],
  // The rest read and steer local job files only.
  listBulkJobs: [],
  getBulkJob: [],
  startBulkJob: [],
  pauseBulkJob: [],
  resumeBulkJob: [],
  cancelBulkJob: [],
  exportBulkJob: [],
  getRiskCard: riskCard,
  getLockout: [userById, endpoint('GET', '/api/v1/logs')],
  unlockUser: [...journaled, endpoint('POST', `/api/v1/users/${ID}/lifecycle/unlock`)],
  // The caller's phone: the sandbox's control API, only about the user the call names.
  getPhone: [phoneView],
  answerPhonePush: [phoneView, endpoint('GET', `/sandbox/v1/users/${ID}/pushes`), endpoint('POST', '/sandbox/v1/pushes/[A-Za-z0-9._-]+/(?:approve|deny)')],
  scanPhoneQr: [endpoint('POST', `/sandbox/v1/users/${ID}/factors/${ID}/scan`), phoneView],
  advancePhoneClock: [phoneView, endpoint('POST', '/sandbox/v1/clock/advance')],
  detachPhone: [phoneView],
  // Signing out everywhere: the sessions of the named user only; a lost answer is settled in the System Log.
  signOutEverywhere: [...journaled, endpoint('DELETE', `/api/v1/users/${ID}/sessions`), endpoint('GET', '/api/v1/logs')],
  getTacSettings: [endpoint('GET', '/api/v1/authenticators'), endpoint('GET', `/api/v1/users/${ID}/authenticator-enrollments`)],
  issueTac: [...journaled, endpoint('GET', '/api/v1/authenticators'), endpoint('GET', `/api/v1/users/${ID}/authenticator-enrollments`), endpoint('POST', `/api/v1/users/${ID}/authenticator-enrollments/tac`)],
  revokeTac: [...journaled, endpoint('GET', `/api/v1/users/${ID}/authenticator-enrollments`), endpoint('DELETE', `/api/v1/users/${ID}/authenticator-enrollments/${ID}`)],
  // The watch reads the factor list once before it starts (a user that does not exist ends it there).
  watchReenrollment: [factorList, endpoint('GET', '/api/v1/logs')],
  stopReenrollmentWatch: [],
  // Preferences live in the local settings file.
  getAgentPreferences: [],
  setAgentPreferences: [],
  // Training calls: a practice user made through the control API (and its System Log story), then read back as the console reads users.
  listTrainingScenarios: [],
  startTrainingCall: [endpoint('POST', '/sandbox/v1/users'), endpoint('POST', '/sandbox/v1/scenarios/(?:attack|lockout)'), userById],
  getTrainingCall: [userById],
  // The debrief reads the local journal and training records; the export reads a finished debrief.
  endTrainingCall: [],
  exportTrainingDebrief: [],
};

// ---------------------------------------------------------------- the calls

interface FuzzCall {
  index: number;
  method: MethodName;
  input: unknown;
  /** How the input was spoiled, for the report. */
  how: string;
  /** The field given a bad value, and its kind (when one was). */
  field?: { path: string; kind: FieldKind };
}

function* fuzzCalls(world: FuzzWorld, count: number, seed: number): Generator<FuzzCall> {
  const random = new FuzzRandom(seed);
  const specs = methodSpecs(world);
  const bad = badValues(world);
  const names = Object.keys(specs) as MethodName[];
  const wholeInputs: unknown[] = ['..', '', 'x'.repeat(100_000), 42, true, [], [{}], 10n, ...bad.object];
  for (let index = 0; index < count; index++) {
    // Every method in turn, so each gets its share whatever the seed.
    const method = names[index % names.length] as MethodName;
    const spec: MethodSpec = specs[method];
    const fields = Object.entries(spec.fields);
    const roll = random.next();
    if (roll < 0.08 || fields.length === 0 && roll < 0.5) {
      const input = random.pick(wholeInputs);
      yield { index, method, input, how: 'whole input replaced' };
    } else if (roll < 0.2 || fields.length === 0) {
      const [key, value] = random.pick(extraKeys(random));
      yield { index, method, input: withField(spec.base(), key, value), how: `extra key ${key.slice(0, 20)}` };
    } else if (roll < 0.3) {
      // Well-shaped ids that exist nowhere: the call goes as far as the org, which finds nothing.
      let input = spec.base();
      for (const [path, kind] of fields) {
        if (kind === 'userId') input = withField(input, path, `00u${random.base62(17)}`);
        if (kind === 'factorId') input = withField(input, path, `opf${random.base62(17)}`);
      }
      yield { index, method, input, how: 'unknown well-shaped ids' };
    } else {
      const [path, kind] = random.pick(fields);
      const value = random.pick(bad[kind]);
      yield { index, method, input: withField(spec.base(), path, value), how: `${path} ← ${describeInput(value).slice(0, 60)}`, field: { path, kind } };
    }
  }
}

// ---------------------------------------------------------------- checking the answers

const stackTrace = /\n\s+at |\.ts:\d+:\d+/;

function hasBigInt(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return false;
  } catch {
    return true;
  }
}

function problemsWithAnswer(call: FuzzCall, result: unknown, secrets: string[]): string[] {
  const problems: string[] = [];
  if (typeof result !== 'object' || result === null || typeof (result as { ok?: unknown }).ok !== 'boolean') return ['the answer is not a BridgeResult'];
  const answer = result as BridgeResult<unknown>;
  const text = JSON.stringify(answer, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)) ?? '';
  for (const secret of secrets) if (text.includes(secret)) problems.push('the answer carries a token');
  if (answer.ok) {
    if (call.field && strictKinds.has(call.field.kind)) problems.push(`a bad ${call.field.kind} was accepted`);
    return problems;
  }
  const { code, message, action } = answer.error;
  if (!(bridgeErrorCodes as readonly string[]).includes(code)) problems.push(`unknown error code ${String(code)}`);
  if (typeof message !== 'string' || message.length === 0 || message.length > 2000) problems.push(`message missing or too long (${String(message).length})`);
  if (typeof action !== 'string' || action.length === 0) problems.push(`no action (${code}: ${message})`);
  if (stackTrace.test(text)) problems.push('a stack trace in the answer');
  if (code === 'INTERNAL') problems.push(`INTERNAL: ${message}`);
  if (call.field && strictKinds.has(call.field.kind) && !['INVALID_INPUT', 'CROSS_ORIGIN_REFUSED'].includes(code)) {
    problems.push(`a bad ${call.field.kind} was refused with ${code} (${message}), not as invalid input`);
  }
  return problems;
}

/** Requests outside the method's endpoints, and requests about another user than the one the call named. */
function problemsWithRequests(call: FuzzCall, received: RequestRecorder['requests']): string[] {
  const problems: string[] = [];
  const named = typeof call.input === 'object' && call.input !== null ? (call.input as { userId?: unknown }).userId : undefined;
  for (const request of received) {
    if (!allowed[call.method].some((allowedEndpoint) => allowedEndpoint.method === request.method && allowedEndpoint.path.test(request.url))) {
      problems.push(`reached ${request.method} ${request.url.slice(0, 160)}, which ${call.method} does not name`);
    }
    const userInPath = /^\/(?:api|sandbox)\/v1\/users\/([A-Za-z0-9]{20})(?:[/?]|$)/.exec(request.url)?.[1];
    if (userInPath && typeof named === 'string' && call.method !== 'searchUsers' && userInPath !== named) {
      problems.push(`reached user ${userInPath} while the call named ${named}`);
    }
    if (request.status !== null && request.status >= 500) problems.push(`the org answered ${request.status} to ${request.method} ${request.url.slice(0, 120)}`);
  }
  return problems;
}

// ---------------------------------------------------------------- the run

let sandbox: RunningSandbox;
let recorder: RequestRecorder;
let harness: CoreHarness;
let world: FuzzWorld;
const unexpected: unknown[] = [];
const onUnexpected = (error: unknown): void => {
  unexpected.push(error);
};

/**
 * Requests the clients in this process created for the sandbox (undici publishes each one as it is
 * made). A call can answer before all its requests have arrived (Promise.all rejects on the first
 * failure while a sibling is still on its way): each call waits for them, so every request is
 * judged against the call that sent it.
 */
let createdForSandbox = 0;
const onRequestCreated = (message: unknown): void => {
  if ((message as { request?: { origin?: unknown } }).request?.origin === sandbox?.url) createdForSandbox++;
};

/** Start counting afresh (after setup calls whose requests are not judged). */
async function resetRecording(): Promise<void> {
  await settle();
  recorder.requests.length = 0;
  createdForSandbox = 0;
}

async function settle(): Promise<void> {
  const deadline = Date.now() + 5000;
  while (recorder.requests.length < createdForSandbox || recorder.requests.some((request) => request.status === null)) {
    if (Date.now() > deadline) throw new Error(`${createdForSandbox - recorder.requests.length} request(s) to the org never arrived or were never answered`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

beforeAll(async () => {
  subscribe('undici:request:create', onRequestCreated);
  process.on('unhandledRejection', onUnexpected);
  process.on('uncaughtException', onUnexpected);
  // Buckets no run can empty: thousands of calls in seconds are the point, and waiting out a bucket
  // (the client paces itself by the org's X-Rate-Limit headers) is not.
  const roomy = 10_000_000;
  sandbox = await startSandbox({ port: 0, users: 40, rateLimits: { authn: roomy, usersList: roomy, userGet: roomy, userWrite: roomy, logs: roomy, api: roomy, concurrent: 1000 } });
  recorder = recordRequestsTo(Number(new URL(sandbox.url).port));
  const shared: SharedSandbox = { ...sandbox, start: async () => ({ url: sandbox.url, token: sandbox.token, close: async () => {} }), close: async () => {} };
  harness = await makeCore({ sandbox: shared, keychain: memoryKeychain() });
  await call(harness.core, 'connectSandbox', {});
  const isaac = (await call(harness.core, 'searchUsers', { query: 'isaac@example.org' })).users[0];
  if (!isaac) throw new Error('Isaac Brock is missing from the sandbox');
  const factors = await call(harness.core, 'listFactors', { userId: isaac.id });
  const victim = (await call(harness.core, 'searchUsers', { query: '', limit: 10 })).users.find((user) => user.id !== isaac.id && user.status === 'ACTIVE');
  if (!victim) throw new Error('the sandbox has no second active user');
  const until = new Date();
  world = {
    sandboxUrl: sandbox.url,
    isaacId: isaac.id,
    isaacFactorId: factors.factors[0]?.id ?? 'opfh52xcuft3J4uZc0g3',
    victimId: victim.id,
    since: new Date(until.getTime() - 86_400_000).toISOString(),
    until: until.toISOString(),
  };
  await resetRecording();
});

afterAll(async () => {
  unsubscribe('undici:request:create', onRequestCreated);
  recorder?.stop();
  await harness?.close();
  await sandbox?.close();
  process.off('unhandledRejection', onUnexpected);
  process.off('uncaughtException', onUnexpected);
});

describe('the bridge under malformed calls', () => {
  it('covers every contract method', () => {
    expect(unfuzzedMethods(methodSpecs(world))).toEqual([]);
    expect(Object.keys(allowed).sort()).toEqual(Object.keys(methodSpecs(world)).sort());
  });

  it(`answers ${CORE_CALLS} malformed calls through the core dispatch in the contract's shape, reaching only the named endpoints`, async () => {
    const isaacFactorsBefore = (await call(harness.core, 'listFactors', { userId: world.isaacId })).factors.map((factor) => factor.id);
    const victimFactorsBefore = (await call(harness.core, 'listFactors', { userId: world.victimId })).factors;
    await resetRecording();
    const failures: string[] = [];
    const reachedOrg = new Map<string, number>();
    let refusedAtTheBridge = 0;
    for (const fuzz of fuzzCalls(world, CORE_CALLS, SEED)) {
      const before = recorder.requests.length;
      recorder.label(`#${fuzz.index}`);
      let result: unknown;
      try {
        result = await harness.core.dispatch(fuzz.method, fuzz.input, testClient);
        await settle();
      } catch (error) {
        result = undefined;
        failures.push(`#${fuzz.index} ${fuzz.method} (${fuzz.how}): ${String(error)}`);
      } finally {
        recorder.label(null);
      }
      const received = recorder.requests.slice(before);
      if (received.length > 0) reachedOrg.set(fuzz.method, (reachedOrg.get(fuzz.method) ?? 0) + 1);
      else if ((result as BridgeResult<unknown> | undefined)?.ok === false) refusedAtTheBridge++;
      for (const problem of [...problemsWithAnswer(fuzz, result, [sandbox.token, sandbox.readOnlyToken]), ...problemsWithRequests(fuzz, received)]) {
        failures.push(`#${fuzz.index} ${fuzz.method} (${fuzz.how}) input ${describeInput(fuzz.input)}: ${problem}`);
      }
    }
    expect(failures.slice(0, 25), `${failures.length} problems; ${replay}`).toEqual([]);
    // Nothing arrived at the org outside a call (no watch or retry carried on by itself).
    expect(recorder.requests.filter((request) => request.label === null)).toEqual([]);
    expect(unexpected, replay).toEqual([]);
    // The run did what it claims: most calls were refused at the bridge, and every method that talks to the org did.
    expect(refusedAtTheBridge).toBeGreaterThan(CORE_CALLS / 2);
    for (const method of Object.keys(allowed) as MethodName[]) {
      if (allowed[method].length > 0) expect(reachedOrg.get(method) ?? 0, `${method} never reached the org`).toBeGreaterThan(0);
    }
    // Nothing was saved or changed: the sandbox is still the only org, the users kept their factors and status.
    expect((await call(harness.core, 'listOrgs', {})).orgs.map((org) => org.id)).toEqual(['sandbox']);
    expect((await call(harness.core, 'listFactors', { userId: world.isaacId })).factors.map((factor) => factor.id)).toEqual(isaacFactorsBefore);
    expect(await call(harness.core, 'listFactors', { userId: world.victimId })).toMatchObject({ user: { status: 'ACTIVE' }, factors: victimFactorsBefore });
  });
});

describe('the browser shell bridge under malformed calls (a sample)', () => {
  let shell: WebShell;
  let folder: string;
  let port: number;
  let cookie: string;

  function post(method: string, body: string): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `/bridge/${encodeURIComponent(method)}`,
          method: 'POST',
          headers: { host: `127.0.0.1:${port}`, cookie, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json', 'x-factordesk-client': 'fuzz-page-0001' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'factordesk-fuzz-shell-'));
    await mkdir(join(folder, 'renderer'), { recursive: true });
    await writeFile(join(folder, 'renderer', 'index.html'), '<!doctype html><div id="app"></div>');
    shell = await startWebShell({
      dataDir: join(folder, 'data'),
      rendererDir: join(folder, 'renderer'),
      secretStore: memoryKeychain(),
      agentName: 'fuzz',
      startSandbox: async () => ({ url: sandbox.url, token: sandbox.token, close: async () => {} }),
      log: () => {},
    });
    const launch = new URL(shell.url);
    port = Number(launch.port);
    const first = await new Promise<string>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: `${launch.pathname}${launch.search}`, headers: { host: `127.0.0.1:${port}` } }, (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie'] ?? '').split(';')[0] ?? '');
      })
        .on('error', reject)
        .end();
    });
    cookie = first;
    const connected = JSON.parse((await post('connectSandbox', '{}')).body) as BridgeResult<unknown>;
    if (!connected.ok) throw new Error(`the shell could not connect the sandbox: ${connected.error.message}`);
    await resetRecording();
  });

  afterAll(async () => {
    await shell?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it(`answers ${SHELL_CALLS} malformed calls over HTTP in the contract's shape, reaching only the named endpoints`, async () => {
    const failures: string[] = [];
    const rawBodies = ['{"__proto__": {"polluted": true}}', '{"userId": "..", "__proto__": null}', 'not json', '{"unterminated": "', '', 'null', '[]', '"str"', '1e999'];
    const calls = [...fuzzCalls(world, SHELL_CALLS, SEED + 1)];
    for (const [position, fuzz] of calls.entries()) {
      let body: string;
      try {
        body = position % 10 === 0 ? (rawBodies[(position / 10) % rawBodies.length] ?? '{}') : (JSON.stringify(fuzz.input) ?? 'null');
      } catch {
        body = String(fuzz.input); // a BigInt: not JSON at all
      }
      const before = recorder.requests.length;
      recorder.label(`shell #${fuzz.index}`);
      const answer = await post(fuzz.method, body);
      await settle().finally(() => recorder.label(null));
      const received = recorder.requests.slice(before);
      const report = (problem: string) => failures.push(`shell #${fuzz.index} ${fuzz.method} body ${describeInput(body)}: ${problem}`);
      if (![200, 400, 413].includes(answer.status) || !answer.type.startsWith('application/json')) {
        report(`HTTP ${answer.status} ${answer.type}: ${answer.body.slice(0, 100)}`);
        continue;
      }
      let result: unknown;
      try {
        result = JSON.parse(answer.body);
      } catch {
        report('the answer is not JSON');
        continue;
      }
      // What JSON could not carry (NaN, a BigInt, undefined fields) arrives changed: only the shape is judged then.
      const sameInput = position % 10 !== 0 && !hasBigInt(fuzz.input) && body === JSON.stringify(fuzz.input) && JSON.stringify(JSON.parse(body)) === body;
      const judged = sameInput ? fuzz : { ...fuzz, field: undefined };
      for (const problem of [...problemsWithAnswer(judged, result, [sandbox.token, sandbox.readOnlyToken]), ...problemsWithRequests(judged, received)]) report(problem);
    }
    expect(failures.slice(0, 25), `${failures.length} problems; ${replay}`).toEqual([]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(unexpected, replay).toEqual([]);
  });
});
