// Benchmark (not a test): the sandbox org at 100 000 users. How long it takes to start, and how
// long user searches take over real HTTP (fetch on loopback, whole body read), as the console
// and `npm run sandbox -- --users 100000` see them. Run by `npm run bench` (bench/run.ts), or
// alone with `npx tsx bench/sandbox-scale.ts`: progress on stderr, one JSON line last on stdout.
//
// The searches are a fixed, varied list (q prefixes; search with sw, eq, and, or; filter and
// search on status; a non-indexed attribute; the caller-ID phone searches FactorDesk sends, an OR
// of stored spellings in both phone fields; pages 2 and 3 through the `next` link), run one at a
// time so each figure is a latency, not a share of a crowd. Rate limits are off: they would
// answer 429 long before a few hundred searches a minute, and that is not what is measured.
// The first search of each indexed attribute builds its index; those first searches are
// reported apart (`firstSearchMs`) and the percentiles cover the searches after them.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { phoneQuery } from '../main/core/users/phone-search';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { percentile, round } from './stats';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 4);

const NAME_PREFIXES = ['a', 'al', 'ava', 'ben', 'ch', 'el', 'is', 'j', 'ke', 'li', 'mo', 'no', 'pri', 'ra', 'so', 'wi', 'ya', 'zz'];
const LAST_NAME_PREFIXES = ['b', 'br', 'ca', 'ga', 'jo', 'ki', 'le', 'mar', 'nak', 'ok', 'pa', 'ro', 'smi', 'th', 'wa', 'qq'];
const STATUSES = ['ACTIVE', 'LOCKED_OUT', 'SUSPENDED', 'PROVISIONED', 'DEPROVISIONED'];

type SearchKind = 'q' | 'search sw' | 'search eq' | 'search and' | 'search or' | 'search status' | 'filter status' | 'search unindexed' | 'search phone' | 'next page';

interface Search {
  kind: SearchKind;
  /** Path and query on the org. */
  path: string;
  /** How many further pages to fetch through `Link: rel="next"` (each timed as a `next page`). */
  followPages: number;
}

const users = (parameter: 'q' | 'search' | 'filter', value: string, limit = 200): string =>
  `/api/v1/users?${parameter}=${encodeURIComponent(value)}&limit=${limit}`;

/**
 * The caller-ID searches FactorDesk sends for a number typed as digits (main/core/users/phone-search.ts):
 * the spellings people store it in, in both phone fields, one to two expressions per number.
 */
function phoneSearches(phone: string): Search[] {
  const query = phoneQuery(phone.replace(/\D/g, '').slice(1), 'US');
  return (query?.expressions ?? []).map((expression) => ({ kind: 'search phone' as const, path: users('search', expression), followPages: 0 }));
}

/** The fixed list of searches, varied by round so repeated rounds are not the same requests. */
function searches(logins: string[], phones: string[]): Search[] {
  const list: Search[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    phones.slice(round * 4, round * 4 + 4).forEach((phone) => list.push(...phoneSearches(phone)));
    NAME_PREFIXES.forEach((prefix, i) => list.push({ kind: 'q', path: users('q', prefix, 10 + ((round + i) % 3) * 20), followPages: 0 }));
    LAST_NAME_PREFIXES.forEach((prefix, i) => list.push({ kind: 'search sw', path: users('search', `profile.lastName sw "${prefix}"`), followPages: (round + i) % 2 }));
    logins.slice(round * 8, round * 8 + 8).forEach((login) => list.push({ kind: 'search eq', path: users('search', `profile.login eq "${login}"`), followPages: 0 }));
    NAME_PREFIXES.slice(0, 8).forEach((prefix, i) => {
      const status = STATUSES[(round + i) % STATUSES.length] as string;
      list.push({ kind: 'search and', path: users('search', `status eq "${status}" and profile.firstName sw "${prefix}"`), followPages: 0 });
    });
    LAST_NAME_PREFIXES.slice(0, 8).forEach((prefix, i) => {
      const other = LAST_NAME_PREFIXES[(i + 3 + round) % LAST_NAME_PREFIXES.length] as string;
      list.push({ kind: 'search or', path: users('search', `profile.lastName sw "${prefix}" or profile.firstName sw "${other}"`), followPages: 0 });
    });
    STATUSES.forEach((status, i) => {
      list.push({ kind: 'search status', path: users('search', `status eq "${status}"`), followPages: (round + i) % 3 });
      list.push({ kind: 'filter status', path: users('filter', `status eq "${status}"`), followPages: (round + i + 1) % 3 });
    });
    ['Sales', 'Legal'].forEach((department) => {
      list.push({ kind: 'search unindexed', path: users('search', `profile.department eq "${department}" and profile.title eq "Lead"`), followPages: 0 });
    });
  }
  return list;
}

async function timedGet(sandbox: RunningSandbox, url: string): Promise<{ ms: number; count: number; next: string | null }> {
  const started = performance.now();
  const response = await fetch(url.startsWith('http') ? url : sandbox.url + url, {
    headers: { authorization: `SSWS ${sandbox.token}`, accept: 'application/json' },
  });
  const body = (await response.json()) as unknown[];
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
  return { ms, count: body.length, next };
}

const summarize = (samples: number[]): { p50: number; p95: number; max: number } => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? NaN) };
};

export type SandboxScaleSummary = Awaited<ReturnType<typeof runSandboxScaleBenchmark>>;

/** Starts a sandbox with 100 000 users in this process, times its start-up and a few hundred searches. */
export async function runSandboxScaleBenchmark(progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  const heapBefore = process.memoryUsage().heapUsed;
  const startedAt = performance.now();
  const sandbox = await startSandbox({ users: USERS, rateLimits: { enabled: false } });
  const startupMs = performance.now() - startedAt;
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  progress(`sandbox with ${USERS} users listening after ${Math.round(startupMs)} ms`);

  try {
    // First searches: each builds the sorted index of the attributes it needs.
    const first = {
      q: (await timedGet(sandbox, users('q', 'ava', 10))).ms,
      lastNameSw: (await timedGet(sandbox, users('search', 'profile.lastName sw "smi"'))).ms,
      phone: (await timedGet(sandbox, users('search', 'profile.mobilePhone eq "+1-555-415-1337" or profile.primaryPhone eq "+1-555-415-1337"'))).ms,
    };
    // Logins to look up exactly, and mobile numbers to find by caller ID: the first users of the directory.
    const listed = await fetch(`${sandbox.url}/api/v1/users?limit=${ROUNDS * 8}`, { headers: { authorization: `SSWS ${sandbox.token}` } });
    const firstUsers = (await listed.json()) as Array<{ profile: { login: string; mobilePhone?: string } }>;
    const logins = firstUsers.map((user) => user.profile.login);
    const phones = firstUsers.map((user) => user.profile.mobilePhone).filter((phone): phone is string => typeof phone === 'string');

    const byKind = new Map<SearchKind, number[]>();
    const all: number[] = [];
    const record = (kind: SearchKind, ms: number): void => {
      all.push(ms);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    };
    const list = searches(logins, phones);
    for (const [i, search] of list.entries()) {
      let result = await timedGet(sandbox, search.path);
      record(search.kind, result.ms);
      for (let n = 0; n < search.followPages && result.next; n++) {
        result = await timedGet(sandbox, result.next);
        record('next page', result.ms);
      }
      if ((i + 1) % 100 === 0) progress(`${i + 1}/${list.length} searches`);
    }
    return {
      users: USERS,
      startup100kUsersMs: Math.round(startupMs),
      heapAfterStartupMiB: Math.round(heapMiB),
      firstSearchMs: { q: round(first.q), lastNameSw: round(first.lastNameSw), phone: round(first.phone) },
      searchMs: summarize(all),
      searches: all.length,
      searchMsByKind: Object.fromEntries([...byKind].map(([kind, samples]) => [kind, { n: samples.length, ...summarize(samples) }])),
    };
  } finally {
    await sandbox.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runSandboxScaleBenchmark()));
}
