import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { arrivalOf, markCustomDomainRequest } from '../../../sandbox/pipeline/request-origin';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('arrivalOf', () => {
  const origins = { orgDomain: 'http://127.0.0.1:8787', customDomain: 'https://login.acme.test' };

  it('is the org domain unless the org has a custom domain and the request names it', () => {
    expect(arrivalOf(request({ host: 'login.acme.test' }), { orgDomain: origins.orgDomain, customDomain: null })).toBe('orgDomain');
    expect(arrivalOf(request({ host: '127.0.0.1:8787' }), origins)).toBe('orgDomain');
    expect(arrivalOf(request({ host: 'LOGIN.acme.test' }), origins)).toBe('customDomain');
    expect(arrivalOf(request({ host: '127.0.0.1:8787', 'x-forwarded-host': 'login.acme.test, proxy.internal' }), origins)).toBe('customDomain');
    expect(arrivalOf(request({ host: 'login.acme.test:8443' }), origins)).toBe('orgDomain');
  });

  it("is the custom domain for a request its own listener handed over, whatever its Host", () => {
    const handedOver = request({ host: '127.0.0.1:9999' });
    markCustomDomainRequest(handedOver);
    expect(arrivalOf(handedOver, { orgDomain: origins.orgDomain, customDomain: 'http://127.0.0.1:9999' })).toBe('customDomain');
  });
});
