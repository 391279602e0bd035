// A workflows feature wired to a real sandbox org over HTTP, with the events it emits collected.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  FactorDeskError,
  methods,
  type BridgeErrorData,
  type CallContext,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodResult,
  type OrgSummary,
} from '../../../../contract';
import type { workflowMethods } from '../../../../contract/workflows';
import { toBridgeError } from '../../../../main/core/bridge/dispatch';
import { ActionJournal, AuditJournal, readJournalSince } from '../../../../main/core/audit';
import type { Connections, Feature } from '../../../../main/core/feature-context';
import { OktaClient, oktaFactorSchema, oktaUserSchema, type OktaClientOptions, type OktaFactor } from '../../../../main/core/okta';
import { createWorkflowsFeature, type WorkflowOptions } from '../../../../main/core/workflows';
import { startSandbox, type RunningSandbox } from '../../../../sandbox';

type WorkflowMethod = keyof typeof workflowMethods;

interface EmittedEvent {
  clientId: string;
  name: EventName;
  payload: unknown;
}

export interface Harness {
  sandbox: RunningSandbox;
  /** The admin client the feature uses, and the tests to look at the org. */
  client: OktaClient;
  org: OrgSummary;
  dataDir: string;
  events: EmittedEvent[];
  feature: Feature<WorkflowMethod>;
  /** Run `work` with the feature talking to the org through another client (e.g. one with the read-only token). */
  withClient<T>(client: OktaClient, work: () => Promise<T>): Promise<T>;
  /** Run `work` as if the agent had switched to another saved org (same sandbox behind it, another org id). */
  withOrg<T>(org: OrgSummary, work: () => Promise<T>): Promise<T>;
  /** A workflows feature as a relaunched app would have it: same data folder, its own clock and org. */
  relaunchedFeature(options: { now: Date; org?: OrgSummary }): { feature: Feature<WorkflowMethod>; close(): Promise<void> };
  /** Validate with the contract schema (as the bridge does), then call the handler. */
  call<K extends WorkflowMethod>(name: K, input: MethodInput<K>, clientId?: string): Promise<MethodResult<K>>;
  /** Like call, but answers the bridge error (fails the test if the call succeeded). */
  callError<K extends WorkflowMethod>(name: K, input: MethodInput<K>, clientId?: string): Promise<BridgeErrorData>;
  /** Resolves with the first event (already emitted or future) matching. */
  nextEvent<E extends EventName>(name: E, match: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>>;
  control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  userByLogin(login: string): Promise<{ id: string; login: string }>;
  factorsOf(userId: string): Promise<OktaFactor[]>;
  close(): Promise<void>;
}

export const CLIENT_ID = 'window-1';

/** Workflows over the data folder, as `createCore` wires them. */
function workflowsFeature(dataDir: string, connections: Connections, emit: Parameters<typeof createWorkflowsFeature>[0]['emit'], now: () => Date, options: WorkflowOptions = {}) {
  const auditJournal = new AuditJournal({ dataDir, agent: 'test-agent', now });
  const journal = new ActionJournal({ journal: auditJournal, connections });
  const feature = createWorkflowsFeature(
    { connections, emit, now, journal, readJournalSince: async (since) => (await readJournalSince(dataDir, { since })).records },
    options,
  );
  return {
    feature,
    close: async () => {
      await feature.close?.();
      await auditJournal.close();
    },
  };
}

export async function startHarness(options: WorkflowOptions & { clientOptions?: Partial<OktaClientOptions> } = {}): Promise<Harness> {
  const { clientOptions, ...workflowOptions } = options;
  const sandbox = await startSandbox({ users: 20 });
  const client = new OktaClient({ ...clientOptions, orgUrl: sandbox.url, token: sandbox.token });
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-workflows-'));
  const org: OrgSummary = {
    id: 'org-sandbox',
    name: 'Sandbox org',
    url: sandbox.url,
    kind: 'sandbox',
    tokenStorage: 'session',
    connection: { method: 'ssws', clientId: null, scopes: [] },
    hasToken: true,
    agent: null,
    requireCallerVerification: true,
  };
  const events: EmittedEvent[] = [];
  const listeners = new Set<() => void>();
  let activeClient = client;
  let activeOrg = org;
  const workflows = workflowsFeature(
    dataDir,
    { active: () => ({ org: activeOrg, client: activeClient }) },
    (clientId, name, payload) => {
      events.push({ clientId, name, payload });
      for (const listener of [...listeners]) listener();
    },
    () => new Date(),
    workflowOptions,
  );
  const { feature } = workflows;

  const call = async <K extends WorkflowMethod>(name: K, input: MethodInput<K>, clientId = CLIENT_ID): Promise<MethodResult<K>> => {
    const validated = (methods[name].input as z.ZodType).parse(input);
    const handler = feature.handlers[name] as (input: unknown, context: CallContext) => Promise<MethodResult<K>>;
    return handler(validated, { clientId });
  };

  return {
    sandbox,
    client,
    org,
    dataDir,
    events,
    feature,
    withClient: async (other, work) => {
      activeClient = other;
      try {
        return await work();
      } finally {
        activeClient = client;
      }
    },
    withOrg: async (other, work) => {
      activeOrg = other;
      try {
        return await work();
      } finally {
        activeOrg = org;
      }
    },
    relaunchedFeature: ({ now, org: relaunchedOrg = org }) => workflowsFeature(dataDir, { active: () => ({ org: relaunchedOrg, client }) }, () => undefined, () => now),
    call,
    callError: async (name, input, clientId) => {
      try {
        await call(name, input, clientId);
      } catch (error) {
        if (error instanceof FactorDeskError || error instanceof z.ZodError) return toBridgeError(error);
        throw error;
      }
      throw new Error(`${name} succeeded but an error was expected`);
    },
    nextEvent: <E extends EventName>(name: E, match: (payload: EventPayload<E>) => boolean) =>
      new Promise<EventPayload<E>>((resolve) => {
        const check = (): boolean => {
          const found = events.find((event) => event.name === name && match(event.payload as EventPayload<E>));
          if (found) resolve(found.payload as EventPayload<E>);
          return !!found;
        };
        if (check()) return;
        const listener = (): void => {
          if (check()) listeners.delete(listener);
        };
        listeners.add(listener);
      }),
    control: async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { authorization: `SSWS ${sandbox.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    userByLogin: async (login) => {
      const user = await client.request({ method: 'GET', path: `/api/v1/users/${encodeURIComponent(login)}`, schema: oktaUserSchema });
      return { id: user.data.id, login: user.data.profile.login };
    },
    factorsOf: async (userId) =>
      (await client.request({ method: 'GET', path: `/api/v1/users/${userId}/factors`, schema: z.array(oktaFactorSchema) })).data,
    close: async () => {
      await workflows.close();
      await client.close();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
