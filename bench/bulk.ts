// Benchmark (not a test): a bulk job at the org's pace. In one run, against one sandbox org
// (10,000 users, mixed factors), FactorDesk's bulk engine and Okta's Node SDK (its default request
// executor: it waits out a 429 until the reset and tries again, up to twice, but does not pace; a
// plain loop with the same concurrency) each take a factor inventory of 500 users and then reset all
// their factors. Fresh users for each engine, so both do real work; each engine starts on fresh
// rate-limit windows (the settings are applied again, which empties them).
//
// Rate limits: the Workforce table scaled by 1.5 ("other /api/v1" 1,800 a minute, each token 50 %:
// 900), real one-minute windows. The 1,000 factor requests then span more than one window for both
// engines (the ceiling matters), and the whole benchmark stays within a few minutes.
//
// Figures per engine: `wallSeconds` (first to last request of the inventory and the reset: for
// FactorDesk its two runs, the SDK loops' equivalent; its dry runs, which the SDK has no
// equivalent of, are reported apart), `requestsPerMinute` (requests counted at the sandbox in the
// "other /api/v1" bucket, where factor lists and resets fall, per minute of wallSeconds),
// `ceilingPerMinute` (the token's share of that bucket), `responses429` (at the sandbox) and `failedRows`.
// Run by `npm run bench`, or alone with `npx tsx bench/bulk.ts` (one JSON line last on stdout).
import { performance } from 'node:perf_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@okta/okta-sdk-nodejs';
import type { OrgSummary } from '../contract';
import { AuditJournal } from '../main/core/audit';
import { BulkJobs } from '../main/core/bulk/bulk-jobs';
import { OktaClient } from '../main/core/okta';
import { startSandbox, type RateLimitChanges } from '../sandbox';
import { bucketFor } from '../sandbox/rate-limiter';
import { recordRequestsTo, type ReceivedRequest } from '../test/support/received-requests';
import { round } from './stats';

const USERS = Number(process.env.BENCH_BULK_USERS ?? 500);
const DIRECTORY = 10_000;
const CONCURRENCY = 6;
const SCALE = 1.5;
const LIMITS: RateLimitChanges = {
  enabled: true,
  authn: 500 * SCALE,
  usersList: 600 * SCALE,
  userGet: 2000 * SCALE,
  userWrite: 600 * SCALE,
  groupsList: 500 * SCALE,
  groupById: 1000 * SCALE,
  logs: 120 * SCALE,
  api: 1200 * SCALE,
  concurrent: 75,
  principalDefaults: { percentage: 50, concurrencyPercentage: 50 },
};
const CEILING = Math.floor(((LIMITS.api as number) * 50) / 100);

export interface EngineFigures {
  wallSeconds: number;
  requestsPerMinute: number;
  ceilingPerMinute: number;
  responses429: number;
  failedRows: number;
  requests: number;
}

function figures(requests: ReceivedRequest[], wallMs: number, failedRows: number): EngineFigures {
  const inBucket = requests.filter((request) => bucketFor(request.method, request.url.split('?')[0] ?? '') === 'api');
  return {
    wallSeconds: round(wallMs / 1000),
    requestsPerMinute: Math.round(inBucket.length / (wallMs / 60_000)),
    ceilingPerMinute: CEILING,
    responses429: requests.filter((request) => request.status === 429).length,
    failedRows,
    requests: requests.length,
  };
}

/** A plain loop over the users, `CONCURRENCY` at a time; a row fails when the SDK gives up. */
async function sdkLoop(userIds: string[], work: (userId: string) => Promise<unknown>): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < userIds.length) {
        const userId = userIds[next++] as string;
        try {
          await work(userId);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  return failed;
}

export async function runBulkBenchmark(progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  const sandbox = await startSandbox({ users: DIRECTORY, rateLimits: { enabled: false } });
  const recorder = recordRequestsTo(Number(new URL(sandbox.url).port));
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-bench-bulk-'));
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(sandbox.url + path, { method, headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const auditJournal = new AuditJournal({ dataDir, agent: 'bench', now: () => new Date() });
  const client = new OktaClient({ orgUrl: sandbox.url, token: sandbox.token });
  try {
    // Fresh users with factors for each engine (found with the limits off: setup is not measured).
    const picked: string[] = [];
    let next: string | null = `${sandbox.url}/api/v1/users?limit=200&search=${encodeURIComponent('status eq "ACTIVE"')}`;
    while (next && picked.length < USERS * 2) {
      const response: Response = await fetch(next, { headers: { authorization: `SSWS ${sandbox.token}` } });
      const page = (await response.json()) as Array<{ id: string; profile: { login: string } }>;
      for (const user of page) {
        if (picked.length >= USERS * 2 || !/^[a-z]+\.[a-z]+\d*@example\.org$/.test(user.profile.login)) continue;
        if ((await admin<unknown[]>('GET', `/api/v1/users/${user.id}/factors`)).length > 0) picked.push(user.id);
      }
      next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
    }
    const sdkUsers = picked.slice(0, USERS);
    const factorDeskUsers = picked.slice(USERS, USERS * 2);
    const sdkToken = (await admin<{ token: string }>('POST', '/sandbox/v1/tokens', { login: 'sam.shaw@example.org' })).token;
    progress(`bulk: ${DIRECTORY} users in the org; ${USERS} users with factors for each engine; "other /api/v1" ceiling ${CEILING}/min per token`);

    // Okta's Node SDK: inventory, then reset, plain loops.
    await admin('POST', '/sandbox/v1/rate-limits', LIMITS);
    const sdk = new Client({ orgUrl: sandbox.url, token: sdkToken, cacheMiddleware: null });
    recorder.label('sdk');
    const sdkStarted = performance.now();
    let sdkFailed = await sdkLoop(sdkUsers, async (userId) => {
      for await (const factor of await sdk.userFactorApi.listFactors({ userId })) void factor;
    });
    progress(`bulk: SDK inventory done after ${Math.round((performance.now() - sdkStarted) / 1000)} s`);
    sdkFailed += await sdkLoop(sdkUsers, (userId) => sdk.userApi.resetFactors({ userId }));
    const sdkWall = performance.now() - sdkStarted;
    recorder.label(null);
    const oktaSdk = figures(recorder.requests.filter((request) => request.label === 'sdk'), sdkWall, sdkFailed);
    progress(`bulk: SDK done in ${oktaSdk.wallSeconds} s, ${oktaSdk.responses429} answers 429, ${sdkFailed} failed rows`);

    // FactorDesk: a dry run, then the run, for each job.
    await admin('POST', '/sandbox/v1/rate-limits', LIMITS);
    const org: OrgSummary = { id: 'sandbox', name: 'Sandbox org', url: sandbox.url, kind: 'sandbox', tokenStorage: 'session', connection: { method: 'ssws', clientId: null, scopes: [] }, hasToken: true, agent: null, requireCallerVerification: false };
    const jobs = new BulkJobs({ dataDir, agent: 'bench', now: () => new Date(), auditJournal, orgSession: async () => ({ org, client }) });
    const input = { kind: 'text' as const, text: `id\n${factorDeskUsers.join('\n')}\n` };
    let runMs = 0;
    let dryRunMs = 0;
    let failedRows = 0;
    for (const operation of ['inventory', 'reset_all_factors'] as const) {
      recorder.label('factordesk-dry-run');
      const dryStarted = performance.now();
      const dry = await jobs.dryRun(input, operation, {});
      const ready = await jobs.settled(dry.id);
      dryRunMs += performance.now() - dryStarted;
      recorder.label('factordesk-run');
      const runStarted = performance.now();
      await jobs.start(dry.id, operation === 'inventory' ? {} : { confirmation: ready.confirmationPhrase ?? '', ticket: 'BENCH-1', reason: 'benchmark' });
      const done = await jobs.settled(dry.id);
      runMs += performance.now() - runStarted;
      recorder.label(null);
      // Rows the dry run could not make ready count as failed too.
      failedRows += done.progress.failed + done.progress.unknown + (USERS - ready.toAct);
      progress(`bulk: FactorDesk ${operation}: dry run ${Math.round(dryRunMs / 1000)} s so far, run done (${done.progress.succeeded} rows)`);
    }
    await jobs.close();
    const runRequests = recorder.requests.filter((request) => request.label === 'factordesk-run');
    const dryRunRequests = recorder.requests.filter((request) => request.label === 'factordesk-dry-run');
    const factordesk = {
      ...figures(runRequests, runMs, failedRows),
      dryRunSeconds: round(dryRunMs / 1000),
      dryRunRequests: dryRunRequests.length,
      dryRunResponses429: dryRunRequests.filter((request) => request.status === 429).length,
    };
    progress(`bulk: FactorDesk runs ${factordesk.wallSeconds} s at ${factordesk.requestsPerMinute}/${CEILING} per minute, ${factordesk.responses429} answers 429`);
    return { users: USERS, directory: DIRECTORY, concurrency: CONCURRENCY, limitsScale: SCALE, factordesk, oktaSdk };
  } finally {
    recorder.stop();
    await client.close();
    await auditJournal.close();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify({ bulk: await runBulkBenchmark() }));
}
