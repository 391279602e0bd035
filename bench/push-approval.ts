// Benchmark (not a test): how quickly an approved push shows up as a client-visible event, and
// what polling it costs. Run by `npm run bench` (bench/run.ts), or alone with
// `npx tsx bench/push-approval.ts`: progress on stderr, one JSON line last on stdout.
//
// Everything is real: the sandbox org on a loopback port, the core exactly as the browser shell
// builds it (createCore → dispatch for calls, its `emit` for events), the Okta client over HTTP.
// The simulated phone approves each push with the right number after a random delay; the time is
// taken from just before the approval is sent to when the core emits the SUCCESS event.
import { subscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { EventEnvelope, PushVerifyStatusEvent, VerifyStarted } from '../contract';
import { createCore } from '../main/core/core';
import { createSessionSecretStore } from '../main/core/secrets/session-store';
import { startSandbox } from '../sandbox';
import { percentile, round } from './stats';

const PUSHES = Number(process.env.BENCH_PUSHES ?? 120);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const MIN_DELAY_MS = 300;
const MAX_DELAY_MS = 3_000;
const CLIENT_ID = 'bench-window';

interface Sample {
  approvalToEventMs: number;
  durationMs: number;
  polls: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type PushApprovalSummary = Awaited<ReturnType<typeof runPushApprovalBenchmark>>;

export interface PushApprovalOptions {
  /**
   * The share of each rate-limit bucket the desk's token may use, in percent (Okta's default 50).
   * Live watches take a third of what the token may use, so with six pushes open at once a desk
   * whose token has the default share polls each less than once a second.
   */
  tokenSharePercent?: number;
  /** How many pushes are open at once (one per user), default BENCH_CONCURRENCY or 6. */
  concurrency?: number;
  /** How many pushes in all, default BENCH_PUSHES or 120. */
  pushes?: number;
}

/** Runs the push benchmark; `progress` receives a line every 20 approvals. */
export async function runPushApprovalBenchmark(
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  options: PushApprovalOptions = {},
) {
  const tokenSharePercent = options.tokenSharePercent ?? 50;
  const concurrency = options.concurrency ?? CONCURRENCY;
  const pushCount = options.pushes ?? PUSHES;
  const sandbox = await startSandbox({ users: 60, rateLimits: { principalDefaults: { percentage: tokenSharePercent } } });
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-bench-'));

  // Final push events, by watch id, stamped when the core emits them.
  const finalEvents = new Map<string, { at: number; payload: PushVerifyStatusEvent }>();
  const waiters = new Map<string, (event: { at: number; payload: PushVerifyStatusEvent }) => void>();
  const core = createCore({
    dataDir,
    secretStore: createSessionSecretStore(),
    agentName: 'bench',
    startSandbox: async () => ({ url: sandbox.url, token: sandbox.token, close: async () => undefined }),
    emit: (_clientId, envelope: EventEnvelope) => {
      if (envelope.name !== 'pushVerifyStatus') return;
      const payload = envelope.payload as PushVerifyStatusEvent;
      const event = { at: performance.now(), payload };
      finalEvents.set(payload.watchId, event);
      waiters.get(payload.watchId)?.(event);
    },
  });

  // Count transaction polls on the wire (undici's own diagnostics channel).
  const pollsByTransaction = new Map<string, number>();
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: { method: string; path: string } };
    const match = /\/transactions\/([^/?]+)/.exec(request.path);
    if (request.method === 'GET' && match?.[1]) pollsByTransaction.set(match[1], (pollsByTransaction.get(match[1]) ?? 0) + 1);
  });

  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const result = await core.dispatch(name, input, { clientId: CLIENT_ID });
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authorization: `SSWS ${sandbox.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };

  await call('connectSandbox', {});
  // Users with an active Okta Verify push factor: one worker per user (one push at a time each).
  const page = await call<{ users: { id: string }[] }>('searchUsers', { query: '', limit: 60 });
  const targets: { userId: string; factorId: string }[] = [];
  for (const user of page.users) {
    if (targets.length >= concurrency) break;
    const { factors } = await call<{ factors: { id: string; factorType: string; status: string }[] }>('listFactors', { userId: user.id });
    const push = factors.find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE');
    if (push) targets.push({ userId: user.id, factorId: push.id });
  }
  if (targets.length === 0) throw new Error('no sandbox user has an active push factor');

  const samples: Sample[] = [];
  let next = 0;
  const startedAll = performance.now();
  await Promise.all(
    targets.map(async ({ userId, factorId }) => {
      while (next < pushCount) {
        next += 1;
        const started = performance.now();
        const verify = await call<VerifyStarted>('startVerify', { userId, factorId });
        if (verify.kind !== 'push') throw new Error('expected a push');
        const pushes = await control<{ transactionId: string; factorId: string; correctAnswer: number | null }[]>('GET', `/sandbox/v1/users/${userId}/pushes`);
        const push = pushes.find((candidate) => candidate.factorId === factorId);
        if (!push) throw new Error('push not pending at the sandbox');
        const final = new Promise<{ at: number; payload: PushVerifyStatusEvent }>((resolve) => waiters.set(verify.watchId, resolve));

        await sleep(MIN_DELAY_MS + Math.random() * (MAX_DELAY_MS - MIN_DELAY_MS));
        const approvedAt = performance.now();
        await control('POST', `/sandbox/v1/pushes/${push.transactionId}/approve`, { answer: verify.correctAnswer });
        const event = await final;
        waiters.delete(verify.watchId);
        if (event.payload.state !== 'SUCCESS') throw new Error(`push ended ${event.payload.state}`);
        samples.push({
          approvalToEventMs: event.at - approvedAt,
          durationMs: event.at - started,
          polls: pollsByTransaction.get(push.transactionId) ?? 0,
        });
        if (samples.length % 20 === 0) progress(`${samples.length}/${pushCount} pushes approved`);
      }
    }),
  );
  const wallMs = performance.now() - startedAll;
  await core.close();
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });

  const latencies = samples.map((sample) => sample.approvalToEventMs).sort((a, b) => a - b);
  const totalPolls = samples.reduce((sum, sample) => sum + sample.polls, 0);
  const watchedSeconds = samples.reduce((sum, sample) => sum + sample.durationMs, 0) / 1000;
  const summary = {
    approvalToEventMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      max: round(latencies.at(-1) ?? NaN),
    },
    pollsPerTransaction: round(totalPolls / samples.length),
    pollsPerSecondPerTransaction: Math.round((totalPolls / watchedSeconds) * 100) / 100,
    pushes: samples.length,
    concurrentTransactions: targets.length,
    tokenSharePercent,
    approvalDelayMs: { min: MIN_DELAY_MS, max: MAX_DELAY_MS },
    wallSeconds: round(wallMs / 1000),
    goal: { p95AtMostMs: 1000, pollsPerSecondAtMost: 1 },
  };
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const share = process.env.BENCH_TOKEN_SHARE ? Number(process.env.BENCH_TOKEN_SHARE) : undefined;
  console.log(JSON.stringify(await runPushApprovalBenchmark(undefined, share === undefined ? {} : { tokenSharePercent: share })));
}
