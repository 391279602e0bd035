import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// The System Log's query rules (syslogquery.md): 400 E0000053 for a bad filter or a `since` over
// 180 days back, with Okta's short body; 90 days of retention, measured on the org clock.

const sandbox = sandboxPerFile({ users: 10, seed: 'logs-test' });
const api = sandboxClient(sandbox);
const DAY = 86_400;

const logs = (query: string) => api.get<Json[] & Json>(`/api/v1/logs?${query}`);

async function orgNow(): Promise<number> {
  return Date.parse(String((await api.get<Json>('/sandbox/v1/clock')).body.now));
}

function expectQueryError(response: { status: number; body: Json }, code: string, summary: string): void {
  expect(response.status).toBe(400);
  expect(Object.keys(response.body).sort()).toEqual(['errorCode', 'errorId', 'errorSummary']);
  expect(response.body.errorCode).toBe(code);
  expect(response.body.errorSummary).toBe(summary);
  expect(String(response.body.errorId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
}

describe('System Log query errors', () => {
  it('an unknown operator: E0000053 naming it, its position and the operators Okta knows', async () => {
    const filter = 'display_message eqq "Create okta user"';
    expectQueryError(
      await logs(`filter=${encodeURIComponent(filter)}`),
      'E0000053',
      `Invalid filter '${filter}': Unrecognized attribute operator 'eqq' at position 16. Expected: eq,co,sw,pr,gt,ge,lt,le`,
    );
  });

  it('an unknown field: E0000053 "field is not valid"', async () => {
    expectQueryError(await logs(`filter=${encodeURIComponent('some_invalid_field eq "x"')}`), 'E0000053', 'field is not valid: some_invalid_field');
    expectQueryError(await logs(`filter=${encodeURIComponent('eventType eq "x" or published gt "2020-01-01"')}`), 'E0000053', 'field is not valid: published');
  });

  it('a filter that does not parse: E0000053 "Invalid filter" with the reason', async () => {
    expectQueryError(await logs(`filter=${encodeURIComponent('eventType eq')}`), 'E0000053', "Invalid filter 'eventType eq': Expected a value after eventType eq");
    expectQueryError(await logs(`filter=${encodeURIComponent('(eventType eq "x"')}`), 'E0000053', "Invalid filter '(eventType eq \"x\"': Missing closing parenthesis");
  });

  it('co on the debug url or requestUri: E0000031 with Okta\'s words', async () => {
    for (const field of ['debugContext.debugData.url', 'debugContext.debugData.requestUri']) {
      expectQueryError(
        await logs(`filter=${encodeURIComponent(`${field} co "/oauth/"`)}`),
        'E0000031',
        `The supplied combination of operator and field is not currently supported. Operator: co, Field: ${field}`,
      );
      expect((await logs(`filter=${encodeURIComponent(`${field} sw "/api/"`)}`)).status).toBe(200);
    }
    expect((await logs(`filter=${encodeURIComponent('debugContext.debugData.requestId co "req"')}`)).status).toBe(200);
  });

  it('accepts every LogEvent attribute a filter may name', async () => {
    for (const field of ['uuid', 'eventType', 'version', 'severity', 'legacyEventType', 'displayMessage', 'actor.id', 'client.ipAddress', 'device', 'authenticationContext.credentialType', 'securityContext.isProxy', 'outcome.result', 'target.id', 'transaction.id', 'debugContext.debugData.requestId', 'request.ipChain']) {
      const response = await logs(`filter=${encodeURIComponent(`${field} pr`)}`);
      expect(response.status, `${field}: ${JSON.stringify(response.body)}`).toBe(200);
    }
  });

  it('a since over 180 days back (org clock): E0000053; 180 days exactly is allowed', async () => {
    const now = await orgNow();
    const tooOld = new Date(now - 181 * DAY * 1000).toISOString();
    expectQueryError(await logs(`since=${encodeURIComponent(tooOld)}`), 'E0000053', 'Invalid parameter: The since parameter is over 180 days prior to the current day.');
    const limit = new Date(now - 180 * DAY * 1000 + 60_000).toISOString();
    expect((await logs(`since=${encodeURIComponent(limit)}`)).status).toBe(200);
  });
});

describe('System Log retention', () => {
  it('answers events of the last 90 days only, measured on the org clock', async () => {
    // An event now, then one 60 days later, then look from 95 days after the first.
    const signInFails = () => api.post('/api/v1/authn', { username: 'isaac@example.org', password: 'wrong' });
    await signInFails();
    const first = (await logs('sortOrder=DESCENDING&limit=1')).body[0] as Json;
    const firstAt = Date.parse(String(first.published));
    await api.post('/sandbox/v1/clock/advance', { seconds: 60 * DAY });
    await signInFails();
    const second = (await logs('sortOrder=DESCENDING&limit=1')).body[0] as Json;
    await api.post('/sandbox/v1/clock/advance', { seconds: 35 * DAY });

    const since = encodeURIComponent(new Date(firstAt - 1000).toISOString());
    const until = encodeURIComponent(new Date(firstAt + 100 * DAY * 1000).toISOString());
    const answered = await logs(`since=${since}&until=${until}&limit=1000`);
    expect(answered.status).toBe(200);
    const uuids = answered.body.map((event) => event.uuid);
    expect(uuids).toContain(second.uuid);
    expect(uuids).not.toContain(first.uuid);
    const now = await orgNow();
    for (const event of answered.body) expect(Date.parse(String(event.published))).toBeGreaterThanOrEqual(now - 90 * DAY * 1000);
  });
});
