import { describe, expect, it } from 'vitest';
import { FactorDeskError } from '../../../contract/errors';
import { parseLinkHeader } from '../../../main/core/okta/link-header';
import { normaliseOrgOrigin } from '../../../main/core/okta/origin';
import { proxyFor, proxySettingsFromEnvironment } from '../../../main/core/okta/proxy-settings';
import { pacingDelayMs, rateLimitBucket, readRateLimit } from '../../../main/core/okta/rate-limit';

describe('org URL normalisation', () => {
  it('reduces what an agent types to an https origin', () => {
    expect(normaliseOrgOrigin('acme.okta.com')).toBe('https://acme.okta.com');
    expect(normaliseOrgOrigin(' https://acme.okta.com/admin/dashboard ')).toBe('https://acme.okta.com');
    expect(normaliseOrgOrigin('http://127.0.0.1:4123/')).toBe('http://127.0.0.1:4123');
  });

  it('refuses plain http off loopback and URLs with credentials', () => {
    for (const input of ['http://acme.okta.com', 'https://user:pw@acme.okta.com', 'ftp://acme.okta.com', 'https://']) {
      expect(() => normaliseOrgOrigin(input), input).toThrow(FactorDeskError);
    }
    expect(() => normaliseOrgOrigin('http://acme.okta.com')).toThrow(expect.objectContaining({ data: expect.objectContaining({ code: 'NOT_OKTA_URL' }) }));
  });
});

describe('Link header', () => {
  it('finds next and self among several links', () => {
    const links = parseLinkHeader('<https://a.okta.com/api/v1/users?limit=2>; rel="self", <https://a.okta.com/api/v1/users?after=x&limit=2>; rel="next"');
    expect(links.get('self')).toBe('https://a.okta.com/api/v1/users?limit=2');
    expect(links.get('next')).toBe('https://a.okta.com/api/v1/users?after=x&limit=2');
    expect(parseLinkHeader(undefined).size).toBe(0);
  });
});

describe('proxy settings', () => {
  const settings = proxySettingsFromEnvironment({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'internal.example, .corp.example,okta.test:8443' });

  it('proxies https origins unless NO_PROXY or loopback says direct', () => {
    expect(proxyFor('https://acme.okta.com', settings)).toBe('http://proxy.corp:3128');
    expect(proxyFor('https://internal.example', settings)).toBeNull();
    expect(proxyFor('https://sso.corp.example', settings)).toBeNull();
    expect(proxyFor('https://okta.test:8443', settings)).toBeNull();
    expect(proxyFor('https://okta.test', settings)).toBe('http://proxy.corp:3128');
    expect(proxyFor('http://127.0.0.1:4000', settings)).toBeNull();
    expect(proxyFor('https://acme.okta.com', proxySettingsFromEnvironment({ https_proxy: 'http://p:1', NO_PROXY: '*' }))).toBeNull();
    expect(proxyFor('https://acme.okta.com', proxySettingsFromEnvironment({}))).toBeNull();
  });
});

describe('rate-limit arithmetic', () => {
  const now = new Date('2026-01-01T10:00:00.000Z');

  it('groups paths by endpoint family', () => {
    expect(rateLimitBucket('/api/v1/users/00u1a2b3c4d5e6f7g8h9/factors?x=1')).toBe('/api/v1/users/{id}/factors');
    expect(rateLimitBucket('https://a.okta.com/api/v1/users?limit=2')).toBe('/api/v1/users');
    expect(rateLimitBucket('/api/v1/users/me')).toBe('/api/v1/users/{id}');
  });

  it('converts the reset to local time using the server Date header', () => {
    const state = readRateLimit(
      { 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '5', 'x-rate-limit-reset': '2000000060', date: new Date(2_000_000_000_000).toUTCString() },
      now,
    );
    expect(state).toEqual({ limit: 600, remaining: 5, resetAt: new Date(now.getTime() + 60_000) });
    expect(readRateLimit({}, now)).toBeUndefined();
  });

  it('spreads requests only when under a tenth of the limit remains', () => {
    const resetAt = new Date(now.getTime() + 10_000);
    expect(pacingDelayMs({ limit: 100, remaining: 50, resetAt }, now)).toBe(0);
    expect(pacingDelayMs({ limit: 100, remaining: 4, resetAt }, now)).toBe(2_000);
    expect(pacingDelayMs({ limit: 100, remaining: 0, resetAt }, now)).toBe(10_000);
    expect(pacingDelayMs({ limit: 100, remaining: 0, resetAt: new Date(now.getTime() - 1) }, now)).toBe(0);
  });
});
