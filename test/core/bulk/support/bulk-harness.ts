// A BulkJobs engine over a temp data folder, talking to a real sandbox org over HTTP, with every
// request the sandbox receives recorded on its side (so a test counts 429s where they happen).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkJobView, OrgSummary } from '../../../../contract';
import { AuditJournal, readJournal, type AuditRecord } from '../../../../main/core/audit';
import { BulkJobs, type BulkJobsDeps } from '../../../../main/core/bulk/bulk-jobs';
import { OktaClient, oktaFactorSchema, type OktaFactor } from '../../../../main/core/okta';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../../sandbox';
import { recordRequestsTo, type RequestRecorder } from '../../../support/received-requests';

export interface BulkHarness {
  sandbox: RunningSandbox;
  dataDir: string;
  org: OrgSummary;
  client: OktaClient;
  jobs: BulkJobs;
  views: BulkJobView[];
  recorder: RequestRecorder;
  /** A new engine on the same data folder and org: what a restart looks like (the old one must be closed). */
  restart(options?: Partial<BulkJobsDeps>): BulkJobs;
  control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Okta API as the admin, outside the engine (to look at the org). */
  api<T>(path: string): Promise<T>;
  factorsOf(userId: string): Promise<OktaFactor[]>;
  users(limit?: number): Promise<Array<{ id: string; status: string; profile: { login: string; secondEmail?: string | null; mobilePhone?: string | null } }>>;
  mintToken(login: string): Promise<string>;
  auditRecords(): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

export async function startBulkHarness(options: Omit<SandboxOptions, 'token'> & { principal?: (sandbox: RunningSandbox) => Promise<string>; rowWorkers?: number } = {}): Promise<BulkHarness> {
  const { principal: tokenOf, rowWorkers, ...sandboxOptions } = options;
  const sandbox = await startSandbox({ users: 300, ...sandboxOptions });
  const recorder = recordRequestsTo(Number(new URL(sandbox.url).port));
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-bulk-'));
  const org: OrgSummary = { id: 'sandbox', name: 'Sandbox org', url: sandbox.url, kind: 'sandbox', tokenStorage: 'session', connection: { method: 'ssws', clientId: null, scopes: [] }, hasToken: true, agent: null, requireCallerVerification: true };
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(sandbox.url + path, {
      method,
      headers: { authorization: `SSWS ${sandbox.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const token = tokenOf ? await tokenOf(sandbox) : sandbox.token;
  const client = new OktaClient({ orgUrl: sandbox.url, token });
  const views: BulkJobView[] = [];
  const auditJournals: AuditJournal[] = [];
  const make = (overrides: Partial<BulkJobsDeps> = {}): BulkJobs => {
    const auditJournal = new AuditJournal({ dataDir, agent: 'test-agent', now: () => new Date() });
    auditJournals.push(auditJournal);
    return new BulkJobs({
      dataDir,
      agent: 'test-agent',
      now: () => new Date(),
      auditJournal,
      orgSession: async () => ({ org, client }),
      onChange: (view) => views.push(view),
      ...(rowWorkers ? { rowWorkers } : {}),
      ...overrides,
    });
  };
  const harness: BulkHarness = {
    sandbox,
    dataDir,
    org,
    client,
    jobs: make(),
    views,
    recorder,
    restart(overrides) {
      harness.jobs = make(overrides);
      return harness.jobs;
    },
    control: (method, path, body) => request(method, path, body),
    api: (path) => request('GET', path),
    factorsOf: async (userId) => (await request<unknown[]>('GET', `/api/v1/users/${userId}/factors`)).map((factor) => oktaFactorSchema.parse(factor)),
    async users(limit = 200) {
      type Listed = Awaited<ReturnType<BulkHarness['users']>>;
      const all: Listed = [];
      let next: string | null = `${sandbox.url}/api/v1/users?limit=${Math.min(limit, 200)}`;
      while (next && all.length < limit) {
        const response: Response = await fetch(next, { headers: { authorization: `SSWS ${sandbox.token}` } });
        all.push(...((await response.json()) as Listed));
        next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      }
      return all.slice(0, limit);
    },
    async mintToken(login) {
      return (await request<{ token: string }>('POST', '/sandbox/v1/tokens', { login })).token;
    },
    auditRecords: async () => (await readJournal(dataDir)).records,
    async close() {
      await harness.jobs.close();
      await Promise.allSettled(auditJournals.map((journal) => journal.close()));
      await client.close();
      recorder.stop();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Waits for the job to leave `resolving` (a dry run's end) and answers its view. */
export async function dryRunDone(jobs: BulkJobs, jobId: string): Promise<BulkJobView> {
  const view = await jobs.settled(jobId);
  if (view.status !== 'ready') throw new Error(`the dry run ended ${view.status}: ${view.notices.join(' ')}`);
  return view;
}
