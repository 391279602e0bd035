// Whether a failed request may have reached Okta, as the client reports it (OktaRequestError.reach):
// a caller that changes a user needs to know "definitely not done" from "maybe done" to journal the
// truth and to know when to read the state back. Against the sandbox org over real HTTP.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OktaClient, OktaRequestError, oktaFactorSchema, oktaVerifyAnswerSchema, type OktaClientOptions } from '../../../main/core/okta';
import { startSandbox, type RunningSandbox } from '../../../sandbox';

const fastRetry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, rateLimitJitterMs: 50 };

let sandbox: RunningSandbox;
const clients: OktaClient[] = [];

function clientFor(overrides: Partial<OktaClientOptions> = {}): OktaClient {
  const client = new OktaClient({ orgUrl: sandbox.url, token: sandbox.token, retry: fastRetry, proxy: {}, ...overrides });
  clients.push(client);
  return client;
}

async function control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `SSWS ${sandbox.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function failure(promise: Promise<unknown>): Promise<OktaRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OktaRequestError) return error;
    throw error;
  }
  throw new Error('the request succeeded but a failure was expected');
}

/** A user of the sandbox org and one of their factors (each test takes its own user). */
let nextUser = 0;
async function someFactor(factorType?: string): Promise<{ userId: string; factorId: string }> {
  const client = clientFor();
  const users = (await client.request({ method: 'GET', path: '/api/v1/users', query: { limit: 50 }, schema: z.array(z.looseObject({ id: z.string() })) })).data;
  for (;;) {
    const user = users[nextUser++ % users.length];
    if (!user) throw new Error('the sandbox has no users');
    const factors = (await client.request({ method: 'GET', path: `/api/v1/users/${user.id}/factors`, schema: z.array(oktaFactorSchema) })).data;
    const factor = factors.find((each) => (factorType ? each.factorType === factorType && each.status === 'ACTIVE' : true));
    if (factor) return { userId: user.id, factorId: factor.id };
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ users: 40, rateLimits: { enabled: false } });
});
afterEach(async () => {
  await control('DELETE', '/sandbox/v1/faults');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await sandbox?.close();
});

describe('request reach', () => {
  it('not_sent: nobody listens on the port, so nothing can have been done', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const client = clientFor({ orgUrl: `http://127.0.0.1:${closedPort}`, retry: { ...fastRetry, maxAttempts: 1 } });
    const error = await failure(client.request({ method: 'POST', path: '/api/v1/users/00u1/lifecycle/reset_factors', schema: z.unknown() }));
    expect(error.data.code).toBe('NETWORK');
    expect(error.reach).toBe('not_sent');
  });

  it('not_sent: a link to another origin is refused before anything goes out', async () => {
    const error = await failure(clientFor().request({ method: 'DELETE', path: 'https://elsewhere.example.com/api/v1/users/x', schema: z.unknown() }));
    expect(error.data.code).toBe('CROSS_ORIGIN_REFUSED');
    expect(error.reach).toBe('not_sent');
  });

  it('answered: a 4xx or a 503 says Okta did not do it', async () => {
    const { userId } = await someFactor();
    const gone = await failure(clientFor().request({ method: 'DELETE', path: `/api/v1/users/${userId}/factors/sms1234567890abcdefg`, schema: z.unknown() }));
    expect(gone.data.code).toBe('NOT_FOUND');
    expect(gone.reach).toBe('answered');
    await control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 503, count: 1, paths: 'reset_factors$' });
    const unavailable = await failure(clientFor().request({ method: 'POST', path: `/api/v1/users/${userId}/lifecycle/reset_factors`, schema: z.unknown() }));
    expect(unavailable.data.httpStatus).toBe(503);
    expect(unavailable.reach).toBe('answered');
  });

  it('unknown: a 500 from Okta, or a connection cut after the request went out', async () => {
    const { userId } = await someFactor();
    const path = `/api/v1/users/${userId}/lifecycle/reset_factors`;
    await control('POST', '/sandbox/v1/faults', { failureRate: 1, failureStatus: 500, count: 1, paths: 'reset_factors$' });
    expect((await failure(clientFor().request({ method: 'POST', path, schema: z.unknown() }))).reach).toBe('unknown');
    await control('POST', '/sandbox/v1/faults', { dropConnectionRate: 1, count: 1, paths: 'reset_factors$' });
    const dropped = await failure(clientFor().request({ method: 'POST', path, schema: z.unknown() }));
    expect(dropped.data.code).toBe('NETWORK');
    expect(dropped.reach).toBe('unknown');
  });

  it('unknown: a DELETE done at Okta whose answer was lost, and whose retry found nothing left', async () => {
    const { userId, factorId } = await someFactor();
    const path = `/api/v1/users/${userId}/factors/${factorId}`;
    await control('POST', '/sandbox/v1/faults', { dropAnswerRate: 1, count: 1, paths: `/factors/${factorId}$` });
    const error = await failure(clientFor().request({ method: 'DELETE', path, schema: z.unknown() }));
    // The retry got Okta's 404, but only because the first attempt had already removed it.
    expect(error.data.code).toBe('NOT_FOUND');
    expect(error.reach).toBe('unknown');
  });

  it('unknown, with the transaction: a push verify whose answer body was cut keeps its Location', async () => {
    const { userId, factorId } = await someFactor('push');
    await control('POST', '/sandbox/v1/faults', { malformedRate: 1, count: 1, paths: `/factors/${factorId}/verify$` });
    const error = await failure(
      clientFor().request({ method: 'POST', path: `/api/v1/users/${userId}/factors/${factorId}/verify`, schema: oktaVerifyAnswerSchema }),
    );
    expect(error.data).toMatchObject({ code: 'BAD_RESPONSE', httpStatus: 201 });
    expect(error.reach).toBe('unknown');
    expect(error.location).toMatch(new RegExp(`^${sandbox.url}/api/v1/users/${userId}/factors/${factorId}/transactions/[^/]+$`));
    const pending = (await control('GET', `/sandbox/v1/users/${userId}/pushes`)) as { transactionId: string }[];
    expect(pending.map((push) => error.location?.endsWith(`/${push.transactionId}`))).toContain(true);
  });
});
