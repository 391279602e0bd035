// The risk card's reading of System Log events, one rule at a time, with events shaped as Okta
// documents them (LogEvent; debugData keys as the event catalogue spells them).
import { describe, expect, it } from 'vitest';
import type { OktaLogEvent } from '../../../main/core/okta';
import { oktaRiskOf, networkOf } from '../../../main/core/risk/log-reading';
import { readRisk } from '../../../main/core/risk/risk-signals';

const USER = '00uRiskUser000000001';
const NOW = new Date('2026-05-12T12:00:00Z');
const MIN = 60_000;
let sequence = 0;

function event(eventType: string, minutesAgo: number, extra: Partial<OktaLogEvent> & { result?: string; reason?: string; debugData?: Record<string, string> } = {}): OktaLogEvent {
  const { result = 'SUCCESS', reason, debugData, ...rest } = extra;
  return {
    uuid: `uuid-${++sequence}`,
    published: new Date(NOW.getTime() - minutesAgo * MIN).toISOString(),
    eventType,
    severity: 'INFO',
    actor: { id: USER, type: 'User', alternateId: 'risk@example.org', displayName: 'Risk User' },
    target: [{ id: USER, type: 'User' }],
    outcome: { result, reason: reason ?? null },
    debugContext: { debugData: debugData ?? {} },
    ...rest,
  };
}
const from = (country: string, asNumber: number, isProxy = false) => ({
  client: { ipAddress: '198.51.100.1', geographicalContext: { city: 'City', country } },
  securityContext: { asNumber, asOrg: `Net ${asNumber}`, isProxy },
});
const denied = (minutesAgo: number, transaction: string, classic = false): OktaLogEvent[] => {
  const mfa = event('user.authentication.auth_via_mfa', minutesAgo, { result: 'FAILURE', reason: 'INVALID_CREDENTIALS', debugData: { factor: 'OKTA_VERIFY_PUSH' }, transaction: { id: transaction } });
  return classic ? [event('user.mfa.okta_verify.deny_push', minutesAgo, { result: 'DENY', transaction: { id: transaction } }), mfa] : [mfa];
};
const read = (events: OktaLogEvent[], adminRoles: string[] | null = []) => readRisk({ userId: USER, events, now: NOW, adminRoles });

describe('readRisk', () => {
  it('three denials within ten minutes are MFA fatigue (high); two are a denied push (medium)', () => {
    const burst = read([...denied(30, 't1'), ...denied(26, 't2'), ...denied(21, 't3')]);
    expect(burst.level).toBe('high');
    expect(burst.signals[0]).toMatchObject({ kind: 'push_fatigue', severity: 'high' });
    expect(burst.signals[0]?.summary).toMatch(/^3 pushes denied in 9 minutes/);
    const spread = read([...denied(300, 't1'), ...denied(30, 't2'), ...denied(18, 't3')]);
    expect(spread.signals.map((signal) => signal.kind)).toEqual(['denied_push']);
    expect(spread.level).toBe('elevated');
  });

  it("counts Okta's two records of one denial once, linking the deny_push", () => {
    const events = [...denied(30, 'a', true), ...denied(25, 'b', true)];
    const reading = read(events);
    expect(reading.signals[0]?.summary).toMatch(/^2 pushes denied/);
    expect(reading.signals[0]?.historyEntryIds).toEqual(events.filter((e) => e.eventType === 'user.mfa.okta_verify.deny_push').map((e) => `sl:${e.uuid}`).reverse());
  });

  it('a new country needs earlier sign-ins to compare with; an anonymizer needs none', () => {
    const earlier = [event('user.session.start', 20 * 24 * 60, from('United States', 64496)), event('user.session.start', 10 * 24 * 60, from('United States', 64496))];
    const abroad = event('user.session.start', 60, from('Brazil', 64500));
    expect(read([...earlier, abroad]).signals.map((signal) => [signal.kind, signal.severity])).toEqual([['new_country', 'medium']]);
    expect(read([abroad]).signals).toEqual([]);
    expect(read([abroad]).earlierSignIns).toBe(0);
    const newNetwork = event('user.session.start', 60, from('United States', 64999));
    expect(read([...earlier, newNetwork]).signals.map((signal) => signal.kind)).toEqual(['new_network']);
    const proxied = event('user.session.start', 60, from('United States', 64496, true));
    expect(read([proxied]).signals.map((signal) => [signal.kind, signal.severity])).toEqual([['anonymizer', 'high']]);
    // Through an anonymizer the country is the exit's: the anonymizer is the signal, not a new country.
    expect(read([...earlier, event('user.session.start', 60, from('Netherlands', 64511, true))]).signals.map((signal) => signal.kind)).toEqual(['anonymizer']);
    // An admin acting on the user (the desk's own network) is not the user's whereabouts.
    const admin = event('user.mfa.factor.deactivate', 60, { ...from('Germany', 1234, true), actor: { id: '00uAdmin000000000001', type: 'User', displayName: 'Jane Admin' } });
    expect(read([...earlier, admin]).signals.map((signal) => signal.kind)).toEqual(['factor_reset']);
  });

  it('medium signals of three kinds make high; two are elevated', () => {
    const two = [...denied(30, 'x'), event('user.account.reset_password', 120, { actor: { id: '00uAdmin000000000001', type: 'User', displayName: 'Jane Admin' } })];
    const reading = read(two);
    expect(reading.signals.map((signal) => signal.kind).sort()).toEqual(['denied_push', 'password_reset']);
    expect(reading.level).toBe('elevated');
    expect(reading.signals.find((signal) => signal.kind === 'password_reset')?.summary).toMatch(/^Password reset by Jane Admin at /);
    const three = read([...two, event('user.mfa.factor.activate', 20, { target: [{ id: USER, type: 'User' }, { id: 'opf1', type: 'AuthenticatorEnrollment', displayName: 'Okta Verify' }] })]);
    expect(three.signals.map((signal) => signal.kind).sort()).toEqual(['denied_push', 'factor_enrolled', 'password_reset']);
    expect(three.level).toBe('high');
  });

  it('failed MFA codes from three on; wrong passwords are not MFA', () => {
    const wrong = (minutesAgo: number, factor: string) => event('user.authentication.auth_via_mfa', minutesAgo, { result: 'FAILURE', reason: 'INVALID_CREDENTIALS', debugData: { factor } });
    expect(read([wrong(10, 'SMS_FACTOR'), wrong(9, 'SMS_FACTOR')]).signals).toEqual([]);
    expect(read([wrong(10, 'SMS_FACTOR'), wrong(9, 'SMS_FACTOR'), wrong(8, 'OKTA_SOFT_TOKEN')]).signals[0]).toMatchObject({ kind: 'failed_mfa', severity: 'medium' });
    expect(read([wrong(10, 'PASSWORD'), wrong(9, 'PASSWORD'), wrong(8, 'PASSWORD')]).signals).toEqual([]);
  });

  it('only the last 72 hours count; an admin role is high on its own', () => {
    expect(read([...denied(73 * 60, 'old1'), ...denied(73 * 60 - 2, 'old2'), ...denied(73 * 60 - 4, 'old3')]).signals).toEqual([]);
    const admin = read([], ['Help Desk administrator']);
    expect(admin.level).toBe('high');
    expect(admin.signals).toEqual([expect.objectContaining({ kind: 'admin_role', at: null, historyEntryIds: [] })]);
  });
});

describe('reading what Okta says of the network and its own risk', () => {
  it("reads securityContext.risk, else debugData.risk printed as a map", () => {
    expect(oktaRiskOf(event('x', 1, { securityContext: { risk: { level: 'HIGH', reasons: ['Anomalous Device'] } } }))).toEqual({ level: 'HIGH', reasons: 'Anomalous Device' });
    expect(oktaRiskOf(event('x', 1, { debugData: { risk: '{reasons=Anomalous Location, Anonymizer, level=HIGH}' } }))).toEqual({ level: 'HIGH', reasons: 'Anomalous Location, Anonymizer' });
    expect(oktaRiskOf(event('x', 1, { debugData: { risk: '{level=LOW}' } }))).toEqual({ level: 'LOW', reasons: null });
    expect(oktaRiskOf(event('x', 1, { debugData: { risk: 'nonsense' } }))).toBeNull();
  });

  it('an anonymizer by isProxy, by ipDetails, or by the debug data', () => {
    expect(networkOf(event('x', 1, { securityContext: { isProxy: true } })).anonymizer).toBe(true);
    expect(networkOf(event('x', 1, { securityContext: { ipDetails: { ipServiceCategories: [{ isAnonymous: true, type: 'VPN' }] } } })).anonymizer).toBe(true);
    expect(networkOf(event('x', 1, { debugData: { tunnels: '[{"operator":"HOTSPOT_VPN","type":"VPN","anonymous":true}]' } })).anonymizer).toBe(true);
    expect(networkOf(event('x', 1, { debugData: { proxyType: 'tor' } })).anonymizer).toBe(true);
    expect(networkOf(event('x', 1, { securityContext: { isProxy: false, asNumber: 7922, asOrg: 'comcast' } }))).toEqual({ ipAddress: null, asNumber: 7922, asOrg: 'comcast', isp: null, anonymizer: false });
  });
});
