// The links a test push is followed and withdrawn through, against a scripted org over real HTTP:
// only a push transaction of the factor just challenged is read (GET) or withdrawn (DELETE). A
// refused poll link does not leave the push live when its cancel link is good (and the other way
// round: Okta's poll and cancel are one address); with no usable link nothing is sent, and the
// check is journaled as failed. A cut verify answer is found by its Location only when that is
// this factor's push. An address refused inside a journaled action is journaled as before Okta.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FactorDeskError, type EventName, type EventPayload, type OrgSummary, type PushVerifyStatusEvent } from '../../../contract';
import { ActionJournal, AuditJournal, readJournal, readJournalSince, type AuditRecord } from '../../../main/core/audit';
import { OktaClient, type OktaVerifyAnswer } from '../../../main/core/okta';
import { deleteFactor } from '../../../main/core/okta/resources';
import { OrgPollBudgets, WatchRegistry } from '../../../main/core/watch';
import { PushVerifications } from '../../../main/core/workflows/push-verification';
import { VerificationTimeline } from '../../../main/core/workflows/verification-timeline';
import { startVerify } from '../../../main/core/workflows/verify';

const USER = '00ub0oNGTSWTBKOLGLNR';
const FACTOR = 'opfh52xcuft3J4uZc0g3';
const OTHER_USER = '00uOtherUser00000001';
const OTHER_FACTOR = 'opfOtherFactor000001';
const TX = 'v2mst.GldKV5VxTrifyeZmWSQguA';
const ownTransaction = `/api/v1/users/${USER}/factors/${FACTOR}/transactions/${TX}`;
const otherFactorsTransaction = `/api/v1/users/${USER}/factors/${OTHER_FACTOR}/transactions/${TX}`;
const otherUsersTransaction = `/api/v1/users/${OTHER_USER}/factors/${FACTOR}/transactions/${TX}`;

interface Received {
  method: string;
  url: string;
}

/** What the scripted org answers a request with; unscripted requests get a 404. */
type Script = (req: IncomingMessage, res: ServerResponse) => boolean;

let server: Server;
let origin: string;
let received: Received[] = [];
let script: Script = () => false;
let dataDir: string;
let client: OktaClient;
let auditJournal: AuditJournal;
let journal: ActionJournal;
let watches: WatchRegistry;
let events: Array<{ name: EventName; payload: unknown }> = [];
let checksEnded = 0;
let pushes: PushVerifications;
let org: OrgSummary;

const json = (res: ServerResponse, status: number, body: unknown): true => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
};
const user = { id: USER, status: 'ACTIVE', created: '2026-01-01T00:00:00.000Z', lastUpdated: '2026-01-01T00:00:00.000Z', profile: { login: 'pat@example.org' } };
const pushFactor = { id: FACTOR, factorType: 'push', provider: 'OKTA', status: 'ACTIVE' };
const waiting = (links: Record<string, { href: string }>): OktaVerifyAnswer => ({ factorResult: 'WAITING', expiresAt: '2026-01-01T00:05:00.000Z', _links: links });

/** The answers every push scenario needs: the user (for the journal), the factor, the own transaction. */
const orgScript: Script = (req, res) => {
  if (req.method === 'GET' && req.url === `/api/v1/users/${USER}`) return json(res, 200, user);
  if (req.method === 'GET' && req.url === `/api/v1/users/${USER}/factors/${FACTOR}`) return json(res, 200, pushFactor);
  if (req.method === 'GET' && req.url === ownTransaction) return json(res, 200, waiting({ poll: { href: `${origin}${ownTransaction}` }, cancel: { href: `${origin}${ownTransaction}` } }));
  if (req.method === 'DELETE' && req.url === ownTransaction) {
    res.writeHead(204);
    res.end();
    return true;
  }
  return false;
};

function nextEvent<E extends EventName>(name: E, match: (payload: EventPayload<E>) => boolean, timeoutMs = 5000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const look = (): void => {
      const found = events.find((event) => event.name === name && match(event.payload as EventPayload<E>));
      if (found) return resolve(found.payload as EventPayload<E>);
      if (Date.now() > deadline) return reject(new Error(`no ${name} event in ${timeoutMs} ms`));
      setTimeout(look, 5);
    };
    look();
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const scope = () => ({ org, client, userId: USER, userLogin: 'pat@example.org' });
const fields = { factorId: FACTOR, factorType: 'push' };
const recordsOf = async (action: string): Promise<AuditRecord[]> => (await readJournal(dataDir)).records.filter((record) => record.action === action);

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '' });
    if (!script(req, res)) json(res, 404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found', errorId: 'oae404', errorCauses: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  org = { id: 'sandbox', name: 'Scripted org', url: origin, kind: 'sandbox', tokenStorage: 'session', connection: { method: 'ssws', clientId: null, scopes: [] }, hasToken: true, agent: null, requireCallerVerification: true };
  client = new OktaClient({ orgUrl: origin, token: 'scripted-org-token-0123456789', retry: { maxAttempts: 1 } });
});

afterAll(async () => {
  await client?.close();
  await new Promise((resolve) => server?.close(resolve));
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'factordesk-push-links-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function freshWorld(): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  received = [];
  events = [];
  checksEnded = 0;
  script = orgScript;
  auditJournal = new AuditJournal({ dataDir, agent: 'test-agent', now: () => new Date() });
  journal = new ActionJournal({ journal: auditJournal, connections: { active: () => ({ org, client }) } });
  watches = new WatchRegistry({ schedule: { intervalMs: () => 20, retryDelayMs: () => 20 } });
  pushes = new PushVerifications({
    watches,
    budgets: new OrgPollBudgets(),
    emit: (_clientId, name, payload) => events.push({ name, payload }),
    now: () => new Date(),
    journal,
    timeline: new VerificationTimeline(async (since) => (await readJournalSince(dataDir, { since })).records),
    checkEnded: () => {
      checksEnded += 1;
    },
  });
}

afterEach(async () => {
  await watches?.close();
  await auditJournal?.close();
});

describe('a test push is followed and withdrawn only through its own transaction', () => {
  it("a poll link to another factor's push is not followed: the push is watched and withdrawn through its own cancel link", async () => {
    await freshWorld();
    const started = await pushes.watch(scope(), 'window-1', fields, waiting({ poll: { href: `${origin}${otherFactorsTransaction}` }, cancel: { href: `${origin}${ownTransaction}` } }));
    await until(() => received.some((request) => request.method === 'GET'), 'the first poll');
    await watches.stop(started.watchId);
    const done = await nextEvent('pushVerifyStatus', (event: PushVerifyStatusEvent) => event.watchId === started.watchId && event.state !== 'WAITING');
    expect(done).toMatchObject({ state: 'CANCELLED', withdrawn: true });
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((request) => request.url === ownTransaction)).toBe(true);
    expect(received.at(-1)).toEqual({ method: 'DELETE', url: ownTransaction });
    const [record] = await recordsOf('verify_push');
    expect(record).toMatchObject({ outcome: 'cancelled', factorId: FACTOR });
    expect(record?.detail).toMatch(/withdrawn at Okta/);
  });

  it("a cancel link of another shape is not used: the push is withdrawn through its poll link, the same address at Okta", async () => {
    await freshWorld();
    const bentCancel = `${origin}/api/v1/users/${USER}/lifecycle/reset_factors`;
    const started = await pushes.watch(scope(), 'window-1', fields, waiting({ poll: { href: `${origin}${ownTransaction}` }, cancel: { href: bentCancel } }));
    await until(() => received.some((request) => request.method === 'GET'), 'the first poll');
    await watches.stop(started.watchId, 'client_closed');
    const done = await nextEvent('pushVerifyStatus', (event: PushVerifyStatusEvent) => event.watchId === started.watchId && event.state !== 'WAITING');
    expect(done).toMatchObject({ state: 'CANCELLED', withdrawn: true });
    expect(received.filter((request) => request.method === 'DELETE')).toEqual([{ method: 'DELETE', url: ownTransaction }]);
    expect(received.every((request) => request.url === ownTransaction)).toBe(true);
  });

  it('with no link it may follow (bent, or to another user), nothing is sent, the failed check is journaled, and the agent is told an approval would not count', async () => {
    await freshWorld();
    const bent = waiting({ poll: { href: `${origin}/api/v1/users/${USER}/factors/${FACTOR}/transactions/%2e%2e/%2e%2e` }, cancel: { href: `${origin}${otherUsersTransaction}` } });
    const refusal = await pushes.watch(scope(), 'window-1', fields, bent).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(FactorDeskError);
    expect((refusal as FactorDeskError).data).toMatchObject({ code: 'ADDRESS_REFUSED', message: expect.stringMatching(/could neither watch nor withdraw it: if the caller approves it, it does not count/) });
    expect(received).toEqual([]);
    expect(watches.size).toBe(0);
    expect(checksEnded).toBe(1);
    const [record] = await recordsOf('verify_push');
    expect(record).toMatchObject({ outcome: 'failure', factorId: FACTOR, errorCode: 'ADDRESS_REFUSED' });
    expect(record?.detail).toMatch(/could not be withdrawn at Okta.*an approval would not count/);
  });
});

describe('a cut verify answer is found by its Location only when that is this factor\'s push', () => {
  /** Okta's 201 with a Location, then the connection cut in the middle of the body. */
  const cutVerifyAnswer =
    (location: string): Script =>
    (req, res) => {
      if (req.method === 'POST' && req.url === `/api/v1/users/${USER}/factors/${FACTOR}/verify`) {
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': '400', location: `${origin}${location}` });
        res.write('{"factorResult":"WAI');
        setTimeout(() => res.socket?.destroy(), 10);
        return true;
      }
      return orgScript(req, res);
    };
  const deps = () => ({ journal, pushVerifications: pushes, now: () => new Date() });

  it('its own transaction: read, then followed like any push (and withdrawn through its link)', async () => {
    await freshWorld();
    script = cutVerifyAnswer(ownTransaction);
    const started = await startVerify(deps(), { userId: USER, factorId: FACTOR, useNumberMatching: false }, 'window-1');
    expect(started.kind).toBe('push');
    if (started.kind !== 'push') return;
    await watches.stop(started.watchId);
    expect(await nextEvent('pushVerifyStatus', (event: PushVerifyStatusEvent) => event.watchId === started.watchId && event.state !== 'WAITING')).toMatchObject({ state: 'CANCELLED', withdrawn: true });
    expect(received.filter((request) => request.url.includes('/transactions/')).every((request) => request.url === ownTransaction)).toBe(true);
    expect(received.some((request) => request.method === 'DELETE' && request.url === ownTransaction)).toBe(true);
  });

  it("another factor's transaction: neither read nor withdrawn; the verify is journaled as unknown", async () => {
    await freshWorld();
    script = cutVerifyAnswer(otherFactorsTransaction);
    const failure = await startVerify(deps(), { userId: USER, factorId: FACTOR, useNumberMatching: false }, 'window-1').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as FactorDeskError).data.code).toBe('OUTCOME_UNKNOWN');
    expect(received.filter((request) => request.url.includes('/transactions/'))).toEqual([]);
    expect(await recordsOf('verify_start')).toMatchObject([{ outcome: 'unknown', factorId: FACTOR }]);
  });
});

describe('an address refused inside a journaled action', () => {
  it('is journaled as failed before Okta (nothing was sent), not as at Okta', async () => {
    await freshWorld();
    const bentSelf = { id: FACTOR, _links: { self: { href: `${origin}/api/v1/users/${USER}/factors/${OTHER_FACTOR}` } } };
    const failure = await journal
      .run({ userId: USER, action: 'reset_factor', fields: { factorId: FACTOR }, recordAttempt: true }, (action) => action.atOkta(() => deleteFactor(client, USER, bentSelf)))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect((failure as FactorDeskError).data.code).toBe('ADDRESS_REFUSED');
    // Only the journal's look-up of the user's login reached the org.
    expect(received).toEqual([{ method: 'GET', url: `/api/v1/users/${USER}` }]);
    const outcome = (await recordsOf('reset_factor')).find((record) => record.outcome !== 'attempt');
    expect(outcome).toMatchObject({ outcome: 'failure', stage: 'before_okta', errorCode: 'ADDRESS_REFUSED' });
  });
});
