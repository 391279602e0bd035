// A 429 read from its headers and the token share: each API token may use only a share of a bucket
// (50 % by default, rl2-token-share.md). Used up, it is a rate limit until the bucket's reset, even
// while the headers still show the org's bucket with room; only a factor's activation and resend
// endpoints have Okta's per-factor attempt limit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FactorDeskError } from '../../../contract';
import { OktaClient, oktaUserSchema } from '../../../main/core/okta';
import { startSandbox, type RunningSandbox } from '../../../sandbox';

const ISAAC = '/api/v1/users/00ub0oNGTSWTBKOLGLNR';
const fastRetry = { baseDelayMs: 5, maxDelayMs: 20, rateLimitJitterMs: 0 };

async function failureOf(work: Promise<unknown>): Promise<FactorDeskError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof FactorDeskError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the token share of a bucket, against the sandbox org', () => {
  let sandbox: RunningSandbox;
  const clients: OktaClient[] = [];
  const clientFor = (token: string, maxRateLimitWaitMs = 0): OktaClient => {
    const client = new OktaClient({ orgUrl: sandbox.url, token, retry: { ...fastRetry, maxRateLimitWaitMs } });
    clients.push(client);
    return client;
  };
  const getIsaac = (client: OktaClient) => client.request({ method: 'GET', path: ISAAC, schema: oktaUserSchema });

  beforeAll(async () => {
    // Single-user reads: a bucket of 20, half of it for each token.
    sandbox = await startSandbox({ port: 0, users: 5, rateLimits: { userGet: 20, principalDefaults: { percentage: 50 } } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await sandbox?.close();
  });

  it("is a rate limit until the reset when this token's share is used up, while another token still has the org's room", async () => {
    const admin = clientFor(sandbox.token);
    const first = await getIsaac(admin);
    // The share binds first, so it is the ceiling the headers report.
    expect(first.rateLimit?.limit).toBe(10);
    for (let sent = 1; sent < 10; sent += 1) await getIsaac(admin);

    const unaware = clientFor(sandbox.token);
    const limited = await failureOf(getIsaac(unaware));
    expect(limited.data).toMatchObject({ code: 'RATE_LIMITED', oktaErrorCode: 'E0000047', httpStatus: 429, message: expect.stringMatching(/this connection's share/) });
    const retryAt = Date.parse(limited.data.retryAt ?? '');
    expect(retryAt).toBeGreaterThan(Date.now());
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 61_000);
    // Held back until then, without another request to Okta.
    const held = await failureOf(getIsaac(unaware));
    expect(held.data).toMatchObject({ code: 'RATE_LIMITED' });
    expect(held.data.httpStatus).toBeUndefined();

    // The read-only token has a share of its own in the same org bucket.
    const other = await getIsaac(clientFor(sandbox.readOnlyToken));
    expect(other.status).toBe(200);
  });
});

describe('a 429 E0000047 whose headers still show room', () => {
  let server: Server;
  let origin: string;
  const seen: string[] = [];
  const client = (maxRateLimitWaitMs: number): OktaClient => new OktaClient({ orgUrl: origin, token: 'share-test-token-0123456789', retry: { ...fastRetry, maxRateLimitWaitMs } });

  beforeAll(async () => {
    // Answers the first request to each path with Okta's 429 body and the org bucket's headers (1100 of 1200 left), then 200.
    server = createServer((request, response) => {
      const path = request.url ?? '';
      const first = !seen.includes(path);
      seen.push(path);
      const now = Math.floor(Date.now() / 1000);
      const headers = { 'content-type': 'application/json', date: new Date().toUTCString(), 'x-rate-limit-limit': '1200', 'x-rate-limit-remaining': '1100', 'x-rate-limit-reset': String(now + 1) };
      if (first) {
        response.writeHead(429, headers);
        response.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorLink: 'E0000047', errorId: 'oaeShare', errorCauses: [] }));
        return;
      }
      response.writeHead(200, headers);
      response.end(path.endsWith('/factors') ? '[]' : JSON.stringify({}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is waited out like any rate limit (the token share), then the request goes through', async () => {
    const answer = await client(5_000).request({ method: 'GET', path: `${ISAAC}/factors`, schema: z.array(z.unknown()) });
    expect(answer.status).toBe(200);
    expect(seen.filter((path) => path === `${ISAAC}/factors`)).toHaveLength(2);
  });

  it("on a factor's activation it is Okta's per-factor attempt limit: not waited for, no reset time", async () => {
    const activate = `${ISAAC}/factors/mbl1a2b3c4d5e6f7g8h9/lifecycle/activate`;
    const failure = await failureOf(client(5_000).request({ method: 'POST', path: activate, body: { passCode: '123456' }, schema: z.unknown() }));
    expect(failure.data).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many attempts on this factor in a short time.' });
    expect(failure.data.retryAt).toBeUndefined();
    expect(seen.filter((path) => path === activate)).toHaveLength(1);
  });
});
