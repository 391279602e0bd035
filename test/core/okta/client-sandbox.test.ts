import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OktaClient, oktaFactorSchema, oktaUserSchema, type OktaClientOptions } from '../../../main/core/okta';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { startRecordingServer, type RecordingServer } from './support/recording-servers';
import { failureOf } from './support/token-safety';

const isaacId = '00ub0oNGTSWTBKOLGLNR';
const isaacPath = `/api/v1/users/${isaacId}`;
const fastRetry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, rateLimitJitterMs: 50 };

describe('Okta client against the sandbox org', () => {
  let sandbox: RunningSandbox;
  let recorder: RecordingServer;
  const clients: OktaClient[] = [];
  const tokens = (): string[] => [sandbox.token, sandbox.readOnlyToken, 'sbx_not_a_real_token_1234567890'];

  function clientFor(overrides: Partial<OktaClientOptions> = {}): OktaClient {
    const client = new OktaClient({ orgUrl: sandbox.url, token: sandbox.token, retry: fastRetry, proxy: {}, ...overrides });
    clients.push(client);
    return client;
  }

  /** The sandbox control API, called with plain fetch (it is not what is under test). */
  async function control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authorization: `SSWS ${sandbox.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  const injectFaults = (faults: Record<string, unknown>): Promise<unknown> => control('POST', '/sandbox/v1/faults', faults);

  /** How many requests the sandbox's single-user-read bucket has taken in this window. */
  async function userGetRemaining(client: OktaClient): Promise<number> {
    const answer = await client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema });
    if (!answer.rateLimit) throw new Error('the sandbox sent no rate-limit headers');
    return answer.rateLimit.remaining;
  }

  beforeAll(async () => {
    // These tests read and exhaust the org's buckets, so the token may use all of each: the
    // default 50 % share per token is covered in test/sandbox/pipeline/rate-limit.test.ts.
    sandbox = await startSandbox({ port: 0, users: 50, rateLimits: { principalDefaults: { percentage: 100, concurrencyPercentage: 100 } } });
    recorder = await startRecordingServer();
  });

  afterEach(async () => {
    await control('DELETE', '/sandbox/v1/faults');
    await control('POST', '/sandbox/v1/rate-limits', { userGet: 2000, usersList: 600, concurrent: 75, enabled: true });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await recorder?.close();
    await sandbox?.close();
  });

  describe('pagination', () => {
    it('follows Link rel="next" over several pages and sees every user once', async () => {
      const client = clientFor();
      const pages: string[][] = [];
      const nextUrls: Array<string | null> = [];
      for await (const page of client.paginate({ path: '/api/v1/users', query: { limit: 2 }, itemSchema: oktaUserSchema })) {
        pages.push(page.items.map((user) => user.id));
        nextUrls.push(page.nextUrl);
        if (pages.length === 4) break;
      }
      expect(pages).toHaveLength(4);
      expect(pages.every((ids) => ids.length === 2)).toBe(true);
      expect(new Set(pages.flat()).size).toBe(8);
      for (const nextUrl of nextUrls) expect(nextUrl && new URL(nextUrl).origin).toBe(sandbox.url);

      const all: string[] = [];
      for await (const page of client.paginate({ path: '/api/v1/users', query: { limit: 7 }, itemSchema: oktaUserSchema })) {
        all.push(...page.items.map((user) => user.id));
      }
      const single = await client.request({ method: 'GET', path: '/api/v1/users', query: { limit: 200 }, schema: z.array(oktaUserSchema) });
      expect(all).toEqual(single.data.map((user) => user.id));
      expect(all.length).toBeGreaterThan(7);
    });

    it('refuses a next-page link on another origin without following it', async () => {
      // The sandbox writes its links on http://127.0.0.1:PORT; a client configured for
      // http://localhost:PORT therefore sees a next link on a different origin.
      const port = new URL(sandbox.url).port;
      const localhostClient = clientFor({ orgUrl: `http://localhost:${port}` });
      const counter = clientFor();
      await control('POST', '/sandbox/v1/rate-limits', { usersList: 600 }); // a fresh window to count in
      const pages = localhostClient.paginate({ path: '/api/v1/users', query: { limit: 2 }, itemSchema: oktaUserSchema });
      const failure = await failureOf(pages.next(), tokens());
      expect(failure.data.code).toBe('CROSS_ORIGIN_REFUSED');
      // Exactly one users-list request reached the org: the link was not followed.
      const usersList = await counter.request({ method: 'GET', path: '/api/v1/users', query: { limit: 1 }, schema: z.array(oktaUserSchema) });
      expect(usersList.rateLimit?.remaining).toBe(600 - 2);
    });
  });

  describe('rate limits', () => {
    it('reads X-Rate-Limit-* per bucket', async () => {
      const client = clientFor();
      const answer = await client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema });
      expect(answer.rateLimit).toBeDefined();
      expect(answer.rateLimit?.limit).toBe(2000);
      expect(answer.rateLimit?.resetAt.getTime()).toBeGreaterThan(Date.now() - 1000);
      expect(client.rateLimitFor(`/api/v1/users/00uSomeOtherUser0001`)).toEqual(answer.rateLimit);
      expect(client.rateLimitFor('/api/v1/logs')).toBeUndefined();
    });

    it('gives up on a 429 whose reset is too far away, saying when to retry, then holds further requests before the wall', async () => {
      await control('POST', '/sandbox/v1/rate-limits', { userGet: 1 });
      const client = clientFor();
      const used = await client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema });
      expect(used.rateLimit?.remaining).toBe(0);
      // A client that has not seen the bucket yet sends, and gets Okta's 429.
      const unaware = clientFor();
      const failure = await failureOf(unaware.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema }), tokens());
      expect(failure.data).toMatchObject({ code: 'RATE_LIMITED', oktaErrorCode: 'E0000047', httpStatus: 429 });
      const retryAt = Date.parse(failure.data.retryAt ?? '');
      expect(retryAt).toBeGreaterThan(Date.now());
      expect(retryAt).toBeLessThanOrEqual(Date.now() + 61_000);

      // The bucket is known to be empty until the reset: the next call is refused without being sent.
      const counter = clientFor();
      await control('POST', '/sandbox/v1/rate-limits', { userGet: 5 });
      const held = await failureOf(client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema }), tokens());
      expect(held.data.code).toBe('RATE_LIMITED');
      expect(held.data.httpStatus).toBeUndefined();
      expect(Date.parse(held.data.retryAt ?? '')).toBeGreaterThan(Date.now());
      expect(await userGetRemaining(counter)).toBe(4);
    });

    it("does not wait for the org's bucket on a per-factor E0000047 (five activation attempts), whose bucket still has room", async () => {
      // factors.md "Activate Factor", Rate limit: the sixth OTP activation attempt in five minutes
      // answers 429 E0000047 while X-Rate-Limit-Remaining is far from 0; waiting for the bucket's
      // reset would hold the agent for up to a minute and then send the code again for nothing.
      const client = clientFor({ retry: { ...fastRetry, maxRateLimitWaitMs: 120_000 } });
      const [user] = (await client.request({ method: 'GET', path: '/api/v1/users', query: { limit: 1, search: 'status eq "ACTIVE"' }, schema: z.array(oktaUserSchema) })).data;
      if (!user) throw new Error('the sandbox has no active user');
      const factor = (
        await client.request({ method: 'POST', path: `/api/v1/users/${user.id}/factors`, body: { factorType: 'email', provider: 'OKTA' }, schema: oktaFactorSchema })
      ).data;
      const activate = (): Promise<unknown> =>
        client.request({ method: 'POST', path: `/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate`, body: { passCode: '000000' }, schema: z.unknown() });
      for (let attempt = 0; attempt < 5; attempt++) expect((await failureOf(activate(), tokens())).data.oktaErrorCode).toBe('E0000068');
      const limited = await failureOf(activate(), tokens());
      expect(limited.data).toMatchObject({ code: 'RATE_LIMITED', oktaErrorCode: 'E0000047', httpStatus: 429 });
      // The agent is told it is this factor's limit, not the org's, and no misleading reset time.
      expect(limited.data.message).toMatch(/attempts on this factor/);
      expect(limited.data.retryAt).toBeUndefined();
    });

    it('waits for the reset after a 429 and then succeeds', async () => {
      // The sandbox's concurrency limit answers 429 with a reset one second away.
      await control('POST', '/sandbox/v1/rate-limits', { concurrent: 1 });
      await injectFaults({ latencyMs: 1500, count: 1, paths: `^${isaacPath}/factors$` });
      const slow = clientFor();
      const waiting = clientFor({ retry: { ...fastRetry, maxAttempts: 6 } });
      const slowCall = slow.request({ method: 'GET', path: `${isaacPath}/factors`, schema: z.array(oktaFactorSchema) });
      // Once the fault is used up, the slow request is inside the org and holds the only slot.
      while (Object.keys((await control('GET', '/sandbox/v1/faults')) as object).length > 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const answer = await waiting.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema });
      expect(answer.data.id).toBe(isaacId);
      expect((await slowCall).status).toBe(200);
      const violations = (await control('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "core.concurrency.org.limit.violation"')}`)) as unknown[];
      expect(violations.length).toBeGreaterThan(0);
    });
  });

  describe('retries', () => {
    it('retries an idempotent GET through 500 and 503 answers, then succeeds', async () => {
      const client = clientFor();
      await injectFaults({ failureRate: 1, failureStatus: 503, count: 1, paths: `^${isaacPath}$` });
      const answer = await client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema });
      expect(answer.data.id).toBe(isaacId);

      // Two failures in a row: the third and last attempt succeeds.
      await injectFaults({ failureRate: 1, failureStatus: 500, count: 2, paths: `^${isaacPath}$` });
      expect((await client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema })).status).toBe(200);
    });

    it('stops after maxAttempts and reports the server error', async () => {
      await injectFaults({ failureRate: 1, failureStatus: 503, count: 2, paths: `^${isaacPath}$` });
      const client = clientFor({ retry: { ...fastRetry, maxAttempts: 2 } });
      const failure = await failureOf(client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema }), tokens());
      expect(failure.data).toMatchObject({ code: 'OKTA_ERROR', httpStatus: 503 });
    });

    it('retries a GET whose connection was dropped', async () => {
      await injectFaults({ dropConnectionRate: 1, count: 1, paths: `^${isaacPath}$` });
      const answer = await clientFor().request({ method: 'GET', path: isaacPath, schema: oktaUserSchema });
      expect(answer.data.id).toBe(isaacId);
    });

    it('never retries a non-idempotent POST on a 5xx or a dropped connection', async () => {
      const client = clientFor();
      const someone = (await client.request({ method: 'GET', path: '/api/v1/users', query: { limit: 5 }, schema: z.array(oktaUserSchema) })).data.at(-1);
      if (!someone) throw new Error('the sandbox has no users');
      const resetFactors = { method: 'POST' as const, path: `/api/v1/users/${someone.id}/lifecycle/reset_factors`, schema: z.unknown() };

      // One fault only: a retry would have succeeded, so failing proves a single attempt.
      await injectFaults({ failureRate: 1, failureStatus: 500, count: 1, paths: 'reset_factors$' });
      const serverError = await failureOf(client.request(resetFactors), tokens());
      expect(serverError.data).toMatchObject({ code: 'OKTA_ERROR', httpStatus: 500 });

      await injectFaults({ dropConnectionRate: 1, count: 1, paths: 'reset_factors$' });
      const dropped = await failureOf(client.request(resetFactors), tokens());
      expect(dropped.data.code).toBe('NETWORK');

      // Marked idempotent by the caller, the same POST is retried past the fault.
      await injectFaults({ failureRate: 1, failureStatus: 503, count: 1, paths: 'reset_factors$' });
      expect((await client.request({ ...resetFactors, idempotent: true })).status).toBe(200);
    });
  });

  describe('the token stays on its origin', () => {
    it('refuses a redirect to another origin, and the other server never sees the token', async () => {
      await injectFaults({ redirectTo: recorder.url, paths: `^${isaacPath}$` });
      const failure = await failureOf(clientFor().request({ method: 'GET', path: isaacPath, schema: oktaUserSchema }), tokens());
      expect(failure.data.code).toBe('CROSS_ORIGIN_REFUSED');
      expect(recorder.requests).toHaveLength(0);
    });

    it('refuses an absolute path or _links href on another origin without sending anything', async () => {
      const client = clientFor();
      for (const path of [`${recorder.url}/api/v1/users`, `//127.0.0.1:${recorder.port}/api/v1/users`]) {
        const failure = await failureOf(client.request({ method: 'GET', path, schema: z.unknown() }), tokens());
        expect(failure.data.code).toBe('CROSS_ORIGIN_REFUSED');
      }
      const pages = client.paginate({ path: `${recorder.url}/api/v1/users`, itemSchema: oktaUserSchema });
      expect((await failureOf(pages.next(), tokens())).data.code).toBe('CROSS_ORIGIN_REFUSED');
      expect(recorder.requests).toHaveLength(0);
    });

    it('sends nothing whose normalised address differs from what was built (dot segments, encoded dots, backslashes)', async () => {
      const client = clientFor({ orgUrl: recorder.url });
      const bent = [
        `${isaacPath}/factors/..`,
        `${isaacPath}/factors/opfh52xcuft3J4uZc0g3/%2e%2e/%2E%2E/lifecycle/activate`,
        `${isaacPath}/factors/.%2e/..`,
        `${recorder.url}/api/v1/users/x/../../logs`,
        `${recorder.url}\\api\\v1\\users`,
        `${isaacPath}/factors/a b`,
      ];
      for (const path of bent) {
        const failure = await failureOf(client.request({ method: 'POST', path, schema: z.unknown() }), tokens());
        expect(failure.data.code, path).toBe('ADDRESS_REFUSED');
        expect(failure.data.action, path).toMatch(/Nothing was sent/);
      }
      expect(recorder.requests).toHaveLength(0);
      // The same client does send an address that is exactly what was built.
      await client.request({ method: 'GET', path: `${isaacPath}/factors`, schema: z.unknown() });
      expect(recorder.requests.map((request) => request.url)).toEqual([`${isaacPath}/factors`]);
      recorder.requests.length = 0;
    });

    it("follows a next-page link only to the same list: a link to another path is refused, not sent", async () => {
      const seen: string[] = [];
      const server = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        const port = (server.address() as AddressInfo).port;
        res.writeHead(200, { 'content-type': 'application/json', link: `<http://127.0.0.1:${port}${isaacPath}/lifecycle/reset_factors>; rel="next"` });
        res.end(JSON.stringify([{ id: isaacId }]));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const client = clientFor({ orgUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
        const pages = client.paginate({ path: '/api/v1/users', query: { limit: 1 }, itemSchema: z.looseObject({ id: z.string() }) });
        const failure = await failureOf(pages.next(), tokens());
        expect(failure.data.code).toBe('ADDRESS_REFUSED');
        expect(failure.data.message).toMatch(/not at the list being read/);
        expect(seen).toEqual(['GET /api/v1/users?limit=1']);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('follows an absolute _links href on its own origin', async () => {
      const client = clientFor();
      const isaac = (await client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema })).data;
      const self = isaac._links?.self;
      const href = self && !Array.isArray(self) ? self.href : undefined;
      expect(href?.startsWith(sandbox.url)).toBe(true);
      const again = await client.request({ method: 'GET', path: href ?? '', schema: oktaUserSchema });
      expect(again.data.id).toBe(isaacId);
    });
  });

  describe('errors', () => {
    it('maps a wrong token to INVALID_TOKEN with the fix', async () => {
      const client = clientFor({ token: 'sbx_not_a_real_token_1234567890' });
      const failure = await failureOf(client.request({ method: 'GET', path: '/api/v1/users/me', schema: oktaUserSchema }), tokens());
      expect(failure.data).toMatchObject({ code: 'INVALID_TOKEN', oktaErrorCode: 'E0000011', httpStatus: 401 });
      expect(failure.data.oktaErrorId).toMatch(/\w+/);
      expect(failure.data.action).toContain('Security → API → Tokens');
    });

    it('maps a write with the read-only token to PERMISSION_DENIED', async () => {
      const client = clientFor({ token: sandbox.readOnlyToken });
      const failure = await failureOf(
        client.request({ method: 'POST', path: `${isaacPath}/lifecycle/reset_factors`, schema: z.unknown() }),
        tokens(),
      );
      expect(failure.data).toMatchObject({ code: 'PERMISSION_DENIED', oktaErrorCode: 'E0000006', httpStatus: 403 });
    });

    it('maps an unknown user to NOT_FOUND', async () => {
      const failure = await failureOf(
        clientFor().request({ method: 'GET', path: '/api/v1/users/00uDoesNotExist00000', schema: oktaUserSchema }),
        tokens(),
      );
      expect(failure.data).toMatchObject({ code: 'NOT_FOUND', oktaErrorCode: 'E0000007', httpStatus: 404 });
    });

    it('maps an unresolvable org host to DNS_FAILURE', async () => {
      const client = clientFor({ orgUrl: 'https://nonexistent.invalid' });
      const failure = await failureOf(client.request({ method: 'GET', path: '/api/v1/users/me', schema: oktaUserSchema }), tokens());
      expect(failure.data.code).toBe('DNS_FAILURE');
    });

    it('maps an answer slower than the headers timeout to TIMEOUT', async () => {
      await injectFaults({ latencyMs: 2000, paths: `^${isaacPath}$` });
      const client = clientFor({ timeouts: { headersMs: 200 }, retry: { ...fastRetry, maxAttempts: 1 } });
      const failure = await failureOf(client.request({ method: 'GET', path: isaacPath, schema: oktaUserSchema }), tokens());
      expect(failure.data.code).toBe('TIMEOUT');
    });

    it('maps a truncated JSON body to BAD_RESPONSE', async () => {
      await injectFaults({ malformedRate: 1, count: 1, paths: `^${isaacPath}$` });
      const failure = await failureOf(clientFor().request({ method: 'GET', path: isaacPath, schema: oktaUserSchema }), tokens());
      expect(failure.data.code).toBe('BAD_RESPONSE');
      expect(failure.data.httpStatus).toBe(200);
    });

    it('maps a body of the wrong shape to BAD_RESPONSE naming the field', async () => {
      const failure = await failureOf(
        clientFor().request({ method: 'GET', path: isaacPath, schema: z.object({ id: z.number() }) }),
        tokens(),
      );
      expect(failure.data.code).toBe('BAD_RESPONSE');
      expect(failure.data.message).toContain('id');
    });

    it('reports an aborted request as CANCELLED', async () => {
      await injectFaults({ latencyMs: 3000, count: 1, paths: `^${isaacPath}$` });
      const controller = new AbortController();
      const pending = clientFor().request({ method: 'GET', path: isaacPath, schema: oktaUserSchema, signal: controller.signal });
      controller.abort();
      const failure = await failureOf(pending, tokens());
      expect(failure.data.code).toBe('CANCELLED');
    });

    it('keeps the token out of its string and JSON forms', () => {
      const client = clientFor();
      expect(String(client)).not.toContain(sandbox.token);
      expect(JSON.stringify(client)).not.toContain(sandbox.token);
      // The org's addresses only (one here: no custom domain).
      expect(JSON.stringify({ client })).toBe(JSON.stringify({ client: { origin: sandbox.url, origins: [sandbox.url] } }));
    });
  });
});
