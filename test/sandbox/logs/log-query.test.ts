import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../sandbox/logs/event-log';
import { OrgClock } from '../../../sandbox/clock';
import { RETENTION_DAYS, searchLog } from '../../../sandbox/logs/log-search';
import { SystemLogQueryError } from '../../../sandbox/logs/query-errors';
import { parseLogFilter, parseLogQuery, SINCE_LIMIT_DAYS } from '../../../sandbox/logs/requests';

// The System Log's query parser and search, without a server: where the limits fall exactly.

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

function refusal(run: () => unknown): { code: string; summary: string; body: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof SystemLogQueryError) return { code: error.code, summary: error.message, body: error.toBody() };
    throw error;
  }
  throw new Error('accepted');
}

describe('parseLogQuery', () => {
  it(`refuses a since more than ${SINCE_LIMIT_DAYS} days before now, to the millisecond`, () => {
    const at = (ms: number) => ({ since: new Date(ms).toISOString() });
    expect(parseLogQuery(at(NOW - 180 * DAY), NOW).since).toBe(NOW - 180 * DAY);
    expect(refusal(() => parseLogQuery(at(NOW - 180 * DAY - 1), NOW)).summary).toBe('Invalid parameter: The since parameter is over 180 days prior to the current day.');
    expect(parseLogQuery({}, NOW)).toMatchObject({ since: undefined, until: undefined, descending: false, limit: 100, filter: null, keywords: [], after: undefined });
  });

  it('answers the short body: errorCode, errorSummary and a UUID errorId', () => {
    const { body } = refusal(() => parseLogFilter('nope eq "x"'));
    expect(Object.keys(body as object).sort()).toEqual(['errorCode', 'errorId', 'errorSummary']);
    expect(body).toMatchObject({ errorCode: 'E0000053', errorSummary: 'field is not valid: nope' });
  });

  it('names an unknown operator with its offset, also inside and after other expressions', () => {
    expect(refusal(() => parseLogFilter('eventType eq "a" and outcome.result  xx "b"')).summary).toBe(
      `Invalid filter 'eventType eq "a" and outcome.result  xx "b"': Unrecognized attribute operator 'xx' at position 37. Expected: eq,co,sw,pr,gt,ge,lt,le`,
    );
    expect(refusal(() => parseLogFilter('eventType')).summary).toBe("Invalid filter 'eventType': Expected an operator after eventType");
    expect(refusal(() => parseLogFilter('eventType eq "a" junk')).summary).toBe(`Invalid filter 'eventType eq "a" junk': Unexpected text after the expression`);
  });

  it('checks every attribute of a compound filter', () => {
    expect(refusal(() => parseLogFilter('eventType eq "a" or (target.id eq "b" and bogus.field pr)')).summary).toBe('field is not valid: bogus.field');
    expect(parseLogFilter('not (eventType eq "a") or actor.alternateId sw "x"')).toMatchObject({ kind: 'or' });
    const combination = refusal(() => parseLogFilter('eventType eq "a" and debugContext.debugData.requestUri co "/api"'));
    expect(combination.code).toBe('E0000031');
  });
});

describe('searchLog', () => {
  it(`keeps ${RETENTION_DAYS} days of events, counted back from now, whatever since asks for`, () => {
    // A clock that moves only when told, so the boundary falls on an exact millisecond.
    const clock = new (class extends OrgClock {
      at = NOW;
      override now(): number {
        return this.at;
      }
    })();
    const log = new EventLog(clock);
    const event = (name: string) => log.append({ eventType: name, displayMessage: name, actor: { id: 'a', type: 'User', alternateId: 'a', displayName: 'a', detailEntry: null }, targets: [], result: 'SUCCESS', request: null });
    event('old');
    clock.at += 1000;
    event('edge');
    clock.at += RETENTION_DAYS * DAY;
    event('new');
    const now = clock.at;
    const query = parseLogQuery({ since: new Date(NOW - DAY).toISOString(), until: new Date(now).toISOString() }, now);
    expect(searchLog(log, query, now).events.map((e) => e.eventType)).toEqual(['edge', 'new']);
    expect(searchLog(log, query, now + 1).events.map((e) => e.eventType)).toEqual(['new']);
    expect(searchLog(log, { ...query, descending: true }, now).events.map((e) => e.eventType)).toEqual(['new', 'edge']);
  });
});

describe('the rest of a query', () => {
  it('reads sortOrder, limit, q and after, and refuses bad ones with E0000001', () => {
    const validationCode = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as { code: string }).code;
      }
      return 'accepted';
    };
    expect(parseLogQuery({ sortOrder: 'descending', limit: '5', q: 'Isaac  iPhone', after: '12' }, NOW)).toMatchObject({ descending: true, limit: 5, keywords: ['isaac', 'iphone'], after: 12 });
    expect(parseLogQuery({ sortOrder: 'ASCENDING' }, NOW).descending).toBe(false);
    expect(validationCode(() => parseLogQuery({ sortOrder: 'sideways' }, NOW))).toBe('E0000001');
    expect(validationCode(() => parseLogQuery({ q: 'a '.repeat(11) }, NOW))).toBe('E0000001');
    expect(parseLogQuery({ q: 'a '.repeat(10) }, NOW).keywords).toHaveLength(10);
    expect(validationCode(() => parseLogQuery({ q: 'x'.repeat(41) }, NOW))).toBe('E0000001');
    expect(parseLogQuery({ q: 'x'.repeat(40) }, NOW).keywords).toEqual(['x'.repeat(40)]);
    expect(validationCode(() => parseLogQuery({ after: 'abc' }, NOW))).toBe('E0000001');
    expect(validationCode(() => parseLogQuery({ until: 'yesterday' }, NOW))).toBe('E0000001');
    expect(parseLogQuery({ until: '', since: '' }, NOW)).toMatchObject({ until: undefined, since: undefined });
  });
});

describe('an event', () => {
  const actor = { id: '00uadmin', type: 'User', alternateId: 'admin@example.org', displayName: 'Admin', detailEntry: null };
  const request = { requestId: 'req1', ipAddress: '203.0.113.9', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/120.0', uri: '/api/v1/users/x/factors?limit=2', apiTokenId: '00Ttoken' };

  it('carries the request it came from: client, transaction, debug data, ip chain', () => {
    const log = new EventLog(new OrgClock());
    const event = log.append({ eventType: 'user.mfa.factor.activate', displayMessage: 'Activate factor for user', actor, targets: [actor], result: 'SUCCESS', request, credentialType: 'OTP', debugData: { factor: 'push' } });
    expect(event).toMatchObject({
      version: '0',
      severity: 'INFO',
      legacyEventType: null,
      client: { userAgent: { rawUserAgent: request.userAgent, os: 'Mac OS X', browser: 'CHROME' }, zone: 'null', device: 'Computer', id: null, ipAddress: '203.0.113.9', geographicalContext: null },
      authenticationContext: { authenticationProvider: 'FACTOR_PROVIDER', credentialProvider: 'OKTA_CREDENTIAL_PROVIDER', credentialType: 'OTP', issuer: null, interface: null, authenticationStep: 0, externalSessionId: 'unknown' },
      securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
      outcome: { result: 'SUCCESS', reason: null },
      transaction: { type: 'WEB', id: 'req1', detail: { requestApiTokenId: '00Ttoken' } },
      debugContext: { debugData: { requestId: 'req1', requestUri: '/api/v1/users/x/factors', url: request.uri, factor: 'push' } },
      request: { ipChain: [{ ip: '203.0.113.9', geographicalContext: null, version: 'V4', source: null }] },
    });
    expect(event.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const second = log.append({ eventType: 'x', displayMessage: 'x', actor, targets: [], result: 'DENY', request: { ...request, ipAddress: '2001:db8::1', apiTokenId: null } });
    expect(second.severity).toBe('WARN');
    expect(second.request.ipChain[0]?.version).toBe('V6');
    expect(second.transaction.detail).toEqual({});
    expect(second.authenticationContext).toMatchObject({ authenticationProvider: null, credentialProvider: null, credentialType: null });
    expect(log.events.map((e) => e.sequence)).toEqual([1, 2]);
    expect(log.append({ eventType: 'x', displayMessage: 'x', actor, targets: [], result: 'FAILURE', request: null }).severity).toBe('WARN');
  });

  it('without a request: the org itself, unknown client', () => {
    const event = new EventLog(new OrgClock()).append({ eventType: 'system.org.rate_limit.violation', displayMessage: 'x', actor, targets: [], result: 'SKIPPED', request: null });
    expect(event).toMatchObject({
      severity: 'INFO',
      client: { userAgent: { rawUserAgent: 'UNKNOWN', os: 'Unknown', browser: 'UNKNOWN' }, device: 'Unknown', ipAddress: '127.0.0.1' },
      transaction: { id: 'unknown', detail: {} },
      debugContext: { debugData: {} },
      request: { ipChain: [] },
    });
  });

  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1', 'iOS', 'SAFARI'],
    ['Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile', 'Android', 'CHROME'],
    ['Mozilla/5.0 (Windows NT 10.0) Firefox/121.0', 'Windows', 'FIREFOX'],
    ['Mozilla/5.0 (X11; Linux x86_64) FactorDesk/1.0 Electron/45.0 Chrome/140', 'Linux', 'ELECTRON'],
    ['curl/8.5.0', 'Unknown', 'UNKNOWN'],
  ])('reads the client of %s', (userAgent, os, browser) => {
    const event = new EventLog(new OrgClock()).append({ eventType: 'x', displayMessage: 'x', actor, targets: [], result: 'SUCCESS', request: { ...request, userAgent } });
    expect(event.client.userAgent).toEqual({ rawUserAgent: userAgent, os, browser });
  });
});

describe('paging', () => {
  it('a polling query keeps its cursor when nothing new came, and starts after the newest event when the log had none in range', () => {
    const log = new EventLog(new OrgClock());
    const actor = { id: 'a', type: 'User', alternateId: 'a', displayName: 'a', detailEntry: null };
    for (const name of ['one', 'two', 'three']) log.append({ eventType: name, displayMessage: name, actor, targets: [], result: 'SUCCESS', request: null });
    const now = Date.now() + 1000;
    const first = searchLog(log, parseLogQuery({ limit: '2' }, now), now);
    expect(first.events.map((e) => e.eventType)).toEqual(['one', 'two']);
    expect(first.next).toEqual({ after: '2', limit: '2' });
    const second = searchLog(log, parseLogQuery({ limit: '2', after: '2' }, now), now);
    expect(second.events.map((e) => e.eventType)).toEqual(['three']);
    expect(second.next).toEqual({ after: '3', limit: '2' });
    expect(searchLog(log, parseLogQuery({ limit: '2', after: '3' }, now), now).next).toEqual({ after: '3', limit: '2' });
    const empty = searchLog(log, parseLogQuery({ filter: 'eventType eq "none"' }, now), now);
    expect(empty).toEqual({ events: [], next: { after: '3', limit: '100' } });
    expect(searchLog(new EventLog(new OrgClock()), parseLogQuery({}, now), now).next).toEqual({ after: '0', limit: '100' });
    const bounded = searchLog(log, parseLogQuery({ until: new Date(now).toISOString() }, now), now);
    expect(bounded.next).toBeNull();
    const descending = searchLog(log, parseLogQuery({ sortOrder: 'DESCENDING', limit: '1', after: '3' }, now), now);
    expect(descending.events.map((e) => e.eventType)).toEqual(['two']);
    expect(descending.next).toEqual({ after: '2', limit: '1' });
    expect(searchLog(log, parseLogQuery({ filter: 'target.id eq "a"' }, now), now).events).toEqual([]);
    log.append({ eventType: 'four', displayMessage: 'four', actor, targets: [{ ...actor, id: 't1' }, { ...actor, id: 't2' }], result: 'SUCCESS', request: null });
    for (const id of ['t1', 't2']) expect(searchLog(log, parseLogQuery({ filter: `target.id eq "${id}"` }, now), now).events.map((e) => e.eventType)).toEqual(['four']);
    expect(searchLog(log, parseLogQuery({ filter: 'target.displayName eq "a" and actor.id eq "a"' }, now), now).events.map((e) => e.eventType)).toEqual(['four']);
  });
});
