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
    const clock = new OrgClock();
    const log = new EventLog(clock);
    const start = clock.now();
    const event = (name: string) => log.append({ eventType: name, displayMessage: name, actor: { id: 'a', type: 'User', alternateId: 'a', displayName: 'a', detailEntry: null }, targets: [], result: 'SUCCESS', request: null });
    event('old');
    clock.advance(1);
    event('edge');
    clock.advance(RETENTION_DAYS * 86_400);
    event('new');
    const now = start + 1000 + RETENTION_DAYS * DAY;
    const query = parseLogQuery({ since: new Date(start - DAY).toISOString(), until: new Date(now).toISOString() }, now);
    expect(searchLog(log, query, now).events.map((e) => e.eventType)).toEqual(['edge', 'new']);
    expect(searchLog(log, query, now + 1).events.map((e) => e.eventType)).toEqual(['new']);
    expect(searchLog(log, { ...query, descending: true }, now).events.map((e) => e.eventType)).toEqual(['new', 'edge']);
  });
});
