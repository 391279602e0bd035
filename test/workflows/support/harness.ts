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
} from '../../../contract';
import type { workflowMethods } from '../../../contract/workflows';
import { toBridgeError } from '../../../main/core/bridge/dispatch';
import type { Feature, FeatureContext } from '../../../main/core/feature-context';
import { OktaClient, oktaFactorSchema, oktaUserSchema, type OktaFactor } from '../../../main/core/okta';
import { createWorkflowsFeature, type WorkflowOptions } from '../../../main/core/workflows';
import { startSandbox, type RunningSandbox } from '../../../sandbox';

type WorkflowMethod = keyof typeof workflowMethods;

interface EmittedEvent {
  clientId: string;
  name: EventName;
  payload: unknown;
}

export interface Harness {
  sandbox: RunningSandbox;
  client: OktaClient;
  org: OrgSummary;
  dataDir: string;
  events: EmittedEvent[];
  feature: Feature<WorkflowMethod>;
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

export async function startHarness(options: WorkflowOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ users: 20 });
  const client = new OktaClient({ orgUrl: sandbox.url, token: sandbox.token });
  const dataDir = await mkdtemp(join(tmpdir(), 'factordesk-workflows-'));
  const org: OrgSummary = {
    id: 'org-sandbox',
    name: 'Sandbox org',
    url: sandbox.url,
    kind: 'sandbox',
    tokenStorage: 'session',
    hasToken: true,
    requireCallerVerification: true,
  };
  const events: EmittedEvent[] = [];
  const listeners = new Set<() => void>();
  const ctx: FeatureContext = {
    connections: { active: () => ({ org, client }) },
    emit: (clientId, name, payload) => {
      events.push({ clientId, name, payload });
      for (const listener of [...listeners]) listener();
    },
    dataDir,
    agentName: 'test-agent',
    now: () => new Date(),
  };
  const feature = createWorkflowsFeature(ctx, options);

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
      await feature.close?.();
      await client.close();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
