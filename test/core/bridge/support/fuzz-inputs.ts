// Malformed bridge calls for the fuzz test: a seeded generator (a failure replays with the same
// seed), every contract method with a base input and the kind of each field, and for each kind the
// values an attacker (or a broken renderer) would send.
import { methodNames, type MethodName } from '../../../../contract';

/** mulberry32: small, fast and seedable. */
export class FuzzRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }
  base62(length: number): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

export type FieldKind =
  | 'userId'
  | 'factorId'
  | 'watchId'
  | 'signInId'
  | 'serviceKeyId'
  | 'clientId'
  | 'orgId'
  | 'usersCursor'
  | 'historyCursor'
  | 'text'
  | 'orgUrl'
  | 'token'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'iso'
  | 'object';

/** Fields whose bad values must always be refused (never reach a handler, or refused by it before Okta). */
export const strictKinds: ReadonlySet<FieldKind> = new Set(['userId', 'factorId', 'watchId', 'signInId', 'serviceKeyId', 'clientId', 'orgId', 'usersCursor', 'historyCursor']);

export interface MethodSpec {
  base(): Record<string, unknown>;
  /** Dotted paths into the input (`request.phoneNumber`, `filters.factorIds.0`) and what they hold. */
  fields: Record<string, FieldKind>;
}

export interface FuzzWorld {
  sandboxUrl: string;
  /** A real user and one of their factors (read-only methods go all the way to the org with them). */
  isaacId: string;
  isaacFactorId: string;
  /**
   * Another real user, whom the actions name with a factor that does not exist: a bent factor id
   * would reach a real user's endpoints (the attack), a well-formed one ends at Okta's 404.
   */
  victimId: string;
  since: string;
  until: string;
}

/** A well-shaped factor id that exists nowhere: actions on it end at Okta's 404, never changing anything. */
export const NO_SUCH_FACTOR = 'opfFuzzNoSuchFactor0';
export const NO_SUCH_ORG = '0f0f0f0f-dead-4bad-8bad-0123456789ab';
/** A well-shaped sign-in / service key id that belongs to nothing. */
export const NO_SUCH_SIGN_IN = '1e1e1e1e-dead-4bad-8bad-0123456789ab';
export const FUZZ_CLIENT_ID = '0oaFuzzClient0000000';

/** A push transaction id in Okta's shape that no push has. */
export const NO_SUCH_PUSH = 'v2mst.FuzzNoSuchPush00000000';
/** A well-shaped user id no user has: actions on it end at Okta's 404 (nothing is issued, cleared or watched). */
export const NO_SUCH_USER = '00uFuzzNoSuchUser000';

/** A bulk job id in the right shape that no job has. */
export const NO_SUCH_JOB = 'job-000000000-00000000';

export function methodSpecs(world: FuzzWorld): Record<MethodName, MethodSpec> {
  const job = { base: () => ({ jobId: NO_SUCH_JOB }), fields: { jobId: 'text' } } satisfies MethodSpec;
  const user = { userId: 'userId' } as const;
  const factor = { userId: 'userId', factorId: 'factorId' } as const;
  const verification = {
    callerVerification: 'object',
    'callerVerification.method': 'enum',
    'callerVerification.ticket': 'text',
    riskAcknowledgement: 'object',
    'riskAcknowledgement.secondMethod': 'enum',
    'riskAcknowledgement.reason': 'text',
  } as const;
  const range = { since: world.since, until: world.until };
  return {
    listOrgs: { base: () => ({}), fields: {} },
    // An http address that is not the sandbox: every variant is refused before anything is saved.
    saveOrg: {
      base: () => ({ name: 'Fuzz org', url: 'http://fuzz.okta.com', token: 'fuzz-token-0123456789', tokenStorage: 'session' }),
      fields: {
        id: 'orgId',
        name: 'text',
        url: 'orgUrl',
        customDomain: 'orgUrl',
        method: 'enum',
        token: 'token',
        clientId: 'clientId',
        scopes: 'object',
        'scopes.0': 'enum',
        serviceKeyId: 'serviceKeyId',
        tokenStorage: 'enum',
        requireCallerVerification: 'boolean',
        marker: 'object',
        'marker.color': 'text',
        'marker.label': 'text',
        phoneRegion: 'text',
      },
    },
    removeOrg: { base: () => ({ id: NO_SUCH_ORG }), fields: { id: 'orgId' } },
    selectOrg: { base: () => ({ id: NO_SUCH_ORG }), fields: { id: 'orgId' } },
    testConnection: { base: () => ({ id: 'sandbox' }), fields: { id: 'orgId', url: 'orgUrl', token: 'token' } },
    connectSandbox: { base: () => ({}), fields: {} },
    // The fuzz's sandbox org is connected with its API token: signing in to it is refused before anything is sent.
    startSignIn: { base: () => ({ id: 'sandbox', stepUp: true }), fields: { id: 'orgId', stepUp: 'boolean' } },
    finishSignIn: { base: () => ({ signInId: NO_SUCH_SIGN_IN }), fields: { signInId: 'signInId' } },
    cancelSignIn: { base: () => ({ signInId: NO_SUCH_SIGN_IN }), fields: { signInId: 'signInId' } },
    signOut: { base: () => ({ id: 'sandbox' }), fields: { id: 'orgId' } },
    createServiceAppKey: { base: () => ({}), fields: {} },
    getServiceAppKey: { base: () => ({ id: 'sandbox' }), fields: { id: 'orgId' } },
    searchUsers: { base: () => ({ query: 'isaac', limit: 5 }), fields: { query: 'text', limit: 'number', cursor: 'usersCursor' } },
    getUser: { base: () => ({ userId: world.isaacId }), fields: user },
    listFactors: { base: () => ({ userId: world.isaacId }), fields: user },
    getFactorCatalog: { base: () => ({ userId: world.isaacId }), fields: user },
    listSecurityQuestions: { base: () => ({ userId: world.isaacId }), fields: user },
    enrollFactor: {
      base: () => ({ userId: world.victimId, request: { factorType: 'sms', phoneNumber: '+14155550123' } }),
      fields: { ...user, request: 'object', 'request.factorType': 'enum', 'request.phoneNumber': 'text' },
    },
    sendActivationLink: {
      base: () => ({ channel: 'email', userId: world.victimId, factorId: NO_SUCH_FACTOR }),
      fields: { ...factor, channel: 'enum', phoneNumber: 'text' },
    },
    activateFactor: { base: () => ({ userId: world.victimId, factorId: NO_SUCH_FACTOR, passCode: '123456' }), fields: { ...factor, passCode: 'text' } },
    resendCode: { base: () => ({ userId: world.victimId, factorId: NO_SUCH_FACTOR, purpose: 'verify' }), fields: { ...factor, purpose: 'enum' } },
    watchActivation: { base: () => ({ userId: world.victimId, factorId: NO_SUCH_FACTOR }), fields: factor },
    startVerify: { base: () => ({ userId: world.victimId, factorId: NO_SUCH_FACTOR, useNumberMatching: true }), fields: { ...factor, useNumberMatching: 'boolean' } },
    checkVerification: { base: () => ({ userId: world.victimId, factorId: NO_SUCH_FACTOR, answer: 'blue whale' }), fields: { ...factor, answer: 'text', passCode: 'text' } },
    cancelWatch: { base: () => ({ watchId: '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a' }), fields: { watchId: 'watchId' } },
    getCallerVerification: { base: () => ({ userId: world.isaacId }), fields: user },
    endCall: { base: () => ({ userId: world.isaacId }), fields: user },
    resetFactor: {
      base: () => ({
        userId: world.victimId,
        factorId: NO_SUCH_FACTOR,
        callerVerification: { method: 'id_check', ticket: 'INC-1' },
        riskAcknowledgement: { secondMethod: 'manager_callback', reason: 'Manager confirmed on a known number' },
      }),
      fields: { ...factor, ...verification },
    },
    resetAllFactors: {
      base: () => ({ userId: world.victimId, confirmLogin: 'nobody@example.org', callerVerification: { method: 'id_check', ticket: 'INC-1' } }),
      fields: { ...user, confirmLogin: 'text', ...verification },
    },
    getHistory: {
      base: () => ({ userId: world.isaacId, ...range, pageSize: 5 }),
      fields: { ...user, since: 'iso', until: 'iso', cursor: 'historyCursor', pageSize: 'number' },
    },
    exportHistory: {
      base: () => ({ userId: world.isaacId, ...range, format: 'json', filters: { factorIds: [world.isaacFactorId], deskActions: true } }),
      fields: {
        ...user,
        since: 'iso',
        until: 'iso',
        format: 'enum',
        filters: 'object',
        'filters.factorIds': 'object',
        'filters.factorIds.0': 'factorId',
        'filters.deskActions': 'boolean',
      },
    },
    getPolicy: { base: () => ({}), fields: {} },
    getTicketNote: {
      base: () => ({ userId: world.isaacId, timeZone: 'Europe/Berlin' }),
      fields: { ...user, timeZone: 'text' },
    },
    findBulkGroups: { base: () => ({ query: 'Sales' }), fields: { query: 'text' } },
    dryRunBulkJob: {
      base: () => ({ input: { kind: 'group', groupId: '00gFuzzNoSuchGroup00' }, operation: 'inventory', params: {} }),
      fields: { input: 'object', 'input.kind': 'enum', 'input.groupId': 'text', operation: 'enum', params: 'object', 'params.factorTypes': 'object', 'params.lastUsed': 'boolean' },
    },
    listBulkJobs: { base: () => ({}), fields: {} },
    getBulkJob: job,
    startBulkJob: { base: () => ({ jobId: NO_SUCH_JOB, confirmation: 'reset 1', ticket: 'INC-1', reason: 'fuzz run' }), fields: { jobId: 'text', confirmation: 'text', ticket: 'text', reason: 'text' } },
    pauseBulkJob: job,
    resumeBulkJob: job,
    cancelBulkJob: job,
    exportBulkJob: job,
    getRiskCard: { base: () => ({ userId: world.isaacId, refresh: false }), fields: { ...user, refresh: 'boolean' } },
    getLockout: { base: () => ({ userId: world.isaacId }), fields: user },
    // The victim is not locked out: the unlock is refused after the user is read, before anything is sent.
    unlockUser: { base: () => ({ userId: world.victimId }), fields: user },
    getPhone: { base: () => ({ userId: world.isaacId }), fields: user },
    // A push that is not waiting: the call reads the phone's pushes and answers nothing.
    answerPhonePush: {
      base: () => ({ userId: world.isaacId, transactionId: NO_SUCH_PUSH, decision: 'approve', answer: 42 }),
      fields: { ...user, transactionId: 'text', decision: 'enum', answer: 'number' },
    },
    scanPhoneQr: { base: () => ({ userId: world.victimId, factorId: NO_SUCH_FACTOR, deviceName: 'Fuzz phone', platform: 'IOS' }), fields: { ...factor, deviceName: 'text', platform: 'enum' } },
    advancePhoneClock: { base: () => ({ userId: world.isaacId, minutes: 1 }), fields: { ...user, minutes: 'number' } },
    detachPhone: { base: () => ({ userId: world.isaacId }), fields: user },
    signOutEverywhere: { base: () => ({ userId: NO_SUCH_USER }), fields: user },
    getTacSettings: { base: () => ({ userId: world.isaacId }), fields: user },
    issueTac: {
      base: () => ({ userId: NO_SUCH_USER, ttlMinutes: 60, multiUse: false, callerVerification: { method: 'id_check', ticket: 'INC-1' } }),
      fields: { ...user, ttlMinutes: 'number', multiUse: 'boolean', ...verification },
    },
    revokeTac: { base: () => ({ userId: world.victimId }), fields: user },
    watchReenrollment: { base: () => ({ userId: NO_SUCH_USER, since: world.since }), fields: { ...user, since: 'iso' } },
    stopReenrollmentWatch: { base: () => ({ watchId: '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a' }), fields: { watchId: 'watchId' } },
    getAgentPreferences: { base: () => ({}), fields: {} },
    setAgentPreferences: { base: () => ({ enrollCallerLocation: 'here' }), fields: { enrollCallerLocation: 'enum' } },
    listTrainingScenarios: { base: () => ({}), fields: {} },
    startTrainingCall: { base: () => ({ scenarioId: 'lost-phone' }), fields: { scenarioId: 'enum' } },
    getTrainingCall: { base: () => ({}), fields: {} },
    // No such call is running: the call ends at the local record, before the journal is read.
    endTrainingCall: { base: () => ({ callId: '6f1c1d3e-8f0a-4b7e-9c55-3f7e2b1a9d10', escalatedToSecurity: true, timeZone: 'Europe/Berlin' }), fields: { callId: 'watchId', escalatedToSecurity: 'boolean', timeZone: 'text' } },
    exportTrainingDebrief: { base: () => ({ callId: '6f1c1d3e-8f0a-4b7e-9c55-3f7e2b1a9d10', format: 'markdown' }), fields: { callId: 'watchId', format: 'enum' } },
  };
}

/** Every contract method has a spec (a method added to the contract must be added here). */
export function unfuzzedMethods(specs: Record<string, MethodSpec>): string[] {
  return methodNames.filter((name) => !Object.hasOwn(specs, name));
}

const ISAAC_LIKE = '00ub0oNGTSWTBKOLGLNR';

/** Objects whose own keys are the prototype's names, as JSON.parse (and structured clone) make them. */
function prototypeKeyed(): unknown[] {
  return [
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    JSON.parse('{"prototype": {}, "toString": "x", "hasOwnProperty": 1}'),
    Object.create(null),
  ];
}

function nested(depth: number): unknown {
  let value: unknown = '..';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

export function badValues(world: FuzzWorld): Record<FieldKind, unknown[]> {
  const huge = 'x'.repeat(1_000_000);
  const wrongTypes: unknown[] = [null, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, false, [], [ISAAC_LIKE], {}, 10n, new Date(0), nested(2000), ...prototypeKeyed()];
  const hugeStrings = [huge, '.'.repeat(100_000), '../'.repeat(20_000), '%2e%2e/'.repeat(10_000)];
  const dots = ['', '.', '..', '...', '%2e', '%2E', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%2E.', '%252e%252e', '\u002e\u002e', '.\u200b.', '\uff0e\uff0e'];
  const slashes = ['/', '//', '\\', '..\\..', '../', '../..', '..%2f', '..%2F', '%2f', '%2F', '%5c', 'a/b', 'a%2Fb', '..;/', '%00', '\u0000'];
  const aroundId = (id: string): string[] => [
    `${id}/..`,
    `${id}/../..`,
    `${id}/%2e%2e`,
    `${id}/%2E%2E/%2E%2E`,
    `${id}%2F..`,
    `${id}%2f..%2f..`,
    `../${id}`,
    `${id}/lifecycle/activate`,
    `${id}/lifecycle/reset_factors`,
    `${id}?activate=true`,
    `${id}#x`,
    `${id}\\..`,
    ` ${id}`,
    `${id} `,
    `${id}\n`,
    id.slice(1),
    `${id}0`,
    `${id.slice(0, 19)}\uff10`,
    `${id.slice(0, 18)}..`,
    `${id.slice(0, 19)}/`,
    `${id.slice(0, 19)}.`,
  ];
  const prototypeNames = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
  const idLike = [...dots, ...slashes, ...prototypeNames, 'me', 'null', 'undefined', '*', '?', '#', ...aroundId(ISAAC_LIKE), ...hugeStrings, ...wrongTypes];

  const origin = world.sandboxUrl;
  const port = new URL(origin).port;
  const usersCursors = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(document.cookie)',
    'data:text/plain,hi',
    'file:///etc/passwd',
    'about:blank',
    '/api/v1/users?after=x',
    '/api/v1/users/../logs',
    'api/v1/users?after=x',
    '//evil.example/api/v1/users?after=x',
    'https://evil.example.com/api/v1/users?after=x',
    `http://localhost:${port}/api/v1/users?after=x`,
    `https://127.0.0.1:${port}/api/v1/users?after=x`,
    `http://127.0.0.1:${Number(port) + 1}/api/v1/users?after=x`,
    `http://user:pw@127.0.0.1:${port}/api/v1/users?after=x`,
    `${origin}/api/v1/logs?after=x`,
    `${origin}/api/v1/users/${world.isaacId}`,
    `${origin}/api/v1/users/${world.isaacId}/lifecycle/reset_factors`,
    `${origin}/api/v1/users/${world.isaacId}/factors/${world.isaacFactorId}`,
    `${origin}/api/v1/users/../logs?limit=1`,
    `${origin}/api/v1/users/%2e%2e/logs?limit=1`,
    `${origin}/api/v1/users/%2E%2E/%2E%2E/v1/logs`,
    `${origin}/api/v1/users/.%2e/logs`,
    `${origin}/api/v1/users%2f..%2flogs`,
    `${origin}\\api\\v1\\logs`,
    `${origin}/api/v1/users/?after=x`,
    `${origin}/api/v1/users?after=x&activate=true`,
    `${origin}/api/v1/users?after=x&after=y`,
    `${origin}/api/v1/users?__proto__=x`,
    `${origin}/api/v1/users?after=x#frag`,
    `${origin}/sandbox/v1/faults`,
    `${origin}/api/v1/authn`,
    `${origin}/`,
    origin,
    ...dots,
    ...slashes,
    ...hugeStrings,
    ...wrongTypes,
  ];
  const historyCursor = (next: string): string =>
    Buffer.from(
      JSON.stringify({ v: 1, userId: world.isaacId, since: world.since, until: world.until, log: { state: 'more', next }, before: { at: Date.parse(world.until), id: '' } }),
    ).toString('base64url');
  // The System Log's own next link with an odd `after` is not a bent cursor (the org judges the value): left out.
  const logsLinks = usersCursors
    .filter((cursor): cursor is string => typeof cursor === 'string' && cursor.length < 3000)
    .map((cursor) => cursor.replace('/api/v1/users', '/api/v1/logs'))
    .filter((link) => link !== `${origin}/api/v1/logs?after=x`);
  const historyCursors = [
    ...logsLinks.map(historyCursor),
    historyCursor(`${origin}/api/v1/logs/../users?limit=1`),
    historyCursor(`${origin}/api/v1/logs?limit=1&q=x&expand=all`),
    Buffer.from('{"__proto__":{"polluted":true},"v":1}').toString('base64url'),
    Buffer.from('not json').toString('base64url'),
    ...dots,
    ...slashes,
    ...hugeStrings.slice(0, 2),
    ...wrongTypes,
  ];
  const text = ['../../lifecycle/activate', '%2e%2e/%2e%2e', '"\\"', "o'brien", '<script>alert(1)</script>', '\u0000\u0001', '\ud800', ...dots, ...prototypeNames, ...hugeStrings, ...wrongTypes];
  const orgUrls = [
    'javascript:alert(1)',
    'http://acme.okta.com',
    origin,
    `${origin}/api/v1/users`,
    'https://acme.okta.com/..',
    'https://acme.okta.com/%2e%2e/',
    'https://acme.okta.com/app/UserHome',
    'https://acme.okta.com?x=1',
    'https://acme.okta.com#x',
    'https://user:pw@acme.okta.com',
    'https://10.0.0.1',
    'https://[::1]',
    'https://acme-admin.okta.com',
    'file:///etc/passwd',
    'ftp://acme.okta.com',
    'intranet',
    ...dots,
    ...slashes,
    ...hugeStrings,
    ...wrongTypes,
  ];
  return {
    userId: idLike,
    factorId: idLike,
    watchId: [...idLike, '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a/..', '7D3C2B1A-0F9E-4D8C-B7A6-5F4E3D2C1B0A'],
    signInId: [...idLike, `${NO_SUCH_SIGN_IN}/..`, NO_SUCH_SIGN_IN.toUpperCase(), `${NO_SUCH_SIGN_IN}?state=x`],
    serviceKeyId: [...idLike, `${NO_SUCH_SIGN_IN}/..`, NO_SUCH_SIGN_IN.toUpperCase()],
    clientId: [...idLike, `${FUZZ_CLIENT_ID}/..`, `${FUZZ_CLIENT_ID}&redirect_uri=https://evil.example`, 'https://evil.example', FUZZ_CLIENT_ID.slice(1)],
    orgId: [...idLike, 'sandbox/..', '../sandbox', 'SANDBOX', `${NO_SUCH_ORG}/..`],
    usersCursor: usersCursors,
    historyCursor: historyCursors,
    text,
    orgUrl: orgUrls,
    token: ['', ' ', 'short', 'tok\u00e9n-with-accent-0123', 'token with spaces 0123456789', 'x'.repeat(501), ...dots, ...hugeStrings, ...wrongTypes],
    number: [0, -1, 1.5, 1e9, Number.NaN, Number.POSITIVE_INFINITY, '5', null, true, [], {}, 10n],
    boolean: ['true', 0, 1, null, [], {}, 'false'],
    enum: ['', 'SMS', 'push ', '__proto__', 'constructor', 'token:software:totp/../sms', ...wrongTypes],
    iso: ['', 'yesterday', '2026-13-01T00:00:00Z', '../', ...hugeStrings.slice(0, 1), ...wrongTypes],
    object: [...wrongTypes, ...hugeStrings.slice(0, 1), 'string', ...prototypeKeyed()],
  };
}

/** Extra keys a strict object must refuse. */
export function extraKeys(random: FuzzRandom): Array<[string, unknown]> {
  return [
    ['__proto__', { polluted: true }],
    ['constructor', { prototype: { polluted: true } }],
    ['prototype', {}],
    ['toString', 'x'],
    ['../admin', true],
    ['k'.repeat(10_000), 1],
    [`extra${random.int(1000)}`, 'x'],
  ];
}

/** Sets a dotted path in a copy-on-write way; own properties only (a `__proto__` key becomes an own key). */
export function withField(input: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return input;
  const copy: Record<string, unknown> = Array.isArray(input) ? ([...input] as unknown as Record<string, unknown>) : { ...input };
  if (rest.length === 0) {
    Object.defineProperty(copy, head, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  const inner = copy[head];
  const child = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
  Object.defineProperty(copy, head, { value: withField(child, rest.join('.'), value), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Short, printable description of an input for failure reports. */
export function describeInput(input: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)) ?? String(input);
  } catch {
    text = String(input);
  }
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}
