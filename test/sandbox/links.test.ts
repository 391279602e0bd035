import { describe, expect, it } from 'vitest';
import { linkOrigin, parseOrigin } from '../../sandbox/links';
import { startSandbox } from '../../sandbox/index';
import { parseLinks, sandboxClient, type Json } from './support/client';
import { sandboxPerFile } from './support/sandbox-per-file';

/** Every `href` in a JSON body. */
function hrefsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(hrefsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'href' && typeof inner === 'string' ? [inner] : hrefsIn(inner)));
}

const originOf = (href: string): string => new URL(href).origin;

describe('linkOrigin', () => {
  const origins = { orgDomain: 'https://acme.okta.test', customDomain: 'https://login.acme.test' };

  it('uses the org domain for every link without a custom domain, however the request came in', () => {
    const single = { orgDomain: 'https://acme.okta.test', customDomain: null };
    expect(linkOrigin(single, 'resource', 'customDomain')).toBe('https://acme.okta.test');
    expect(linkOrigin(single, 'pushPoll', 'orgDomain')).toBe('https://acme.okta.test');
  });

  it('in custom-domain mode writes links on the origin called, and push poll links on the other one', () => {
    expect(linkOrigin(origins, 'resource', 'orgDomain')).toBe('https://acme.okta.test');
    expect(linkOrigin(origins, 'resource', 'customDomain')).toBe('https://login.acme.test');
    expect(linkOrigin(origins, 'pushPoll', 'orgDomain')).toBe('https://login.acme.test');
    expect(linkOrigin(origins, 'pushPoll', 'customDomain')).toBe('https://acme.okta.test');
    // Outside any request: the org domain.
    expect(linkOrigin(origins)).toBe('https://acme.okta.test');
  });

  it('takes an origin option only as scheme, host and port', () => {
    expect(parseOrigin('publicUrl', 'https://Acme.Okta.test:8443/')).toBe('https://acme.okta.test:8443');
    for (const bad of ['acme.okta.test', 'ftp://acme.okta.test', 'https://acme.okta.test/okta', 'https://acme.okta.test/?x=1', 'https://user:pw@acme.okta.test']) {
      expect(() => parseOrigin('publicUrl', bad), bad).toThrow('publicUrl');
    }
  });
});

describe('publicUrl: the sandbox behind a TLS front', () => {
  const PUBLIC = 'https://acme.okta.test';
  const sandbox = sandboxPerFile({ users: 30, seed: 'public-url-test', publicUrl: `${PUBLIC}/` });
  const api = sandboxClient(sandbox);
  const local = (href: string): string => href.replace(PUBLIC, sandbox.url);

  it('writes every link, Link header and Location on the public URL while listening locally', async () => {
    expect(sandbox.publicUrl).toBe(PUBLIC);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const hrefs: string[] = [];
    const headers: string[] = [];
    const users = await api.get<Json[]>('/api/v1/users?limit=2');
    headers.push(...Object.values(parseLinks(users.headers.get('link'))));
    const isaac = await api.get<Json>('/api/v1/users/isaac@example.org');
    hrefs.push(...hrefsIn(users.body), ...hrefsIn(isaac.body));
    const groups = await api.get<Json[]>('/api/v1/groups?limit=1');
    hrefs.push(...hrefsIn(groups.body));
    headers.push(...Object.values(parseLinks(groups.headers.get('link'))));
    hrefs.push(...hrefsIn((await api.get<Json[]>(`/api/v1/users/${String(isaac.body.id)}/roles`)).body));
    hrefs.push(...hrefsIn((await api.get<Json[]>('/api/v1/users/hana.hughes@example.org/roles?expand=targets/groups')).body));
    const logs = await api.get<Json[]>('/api/v1/logs?limit=1');
    headers.push(...Object.values(parseLinks(logs.headers.get('link'))));
    const factors = await api.get<Json[]>(`/api/v1/users/${String(isaac.body.id)}/factors`);
    hrefs.push(...hrefsIn(factors.body));
    const push = factors.body.find((factor) => factor.factorType === 'push');
    const verify = await api.post<Json>(`/api/v1/users/${String(isaac.body.id)}/factors/${String(push?.id)}/verify`, undefined, { 'User-Agent': 'links-test' });
    expect(verify.status).toBe(201);
    hrefs.push(...hrefsIn(verify.body));
    headers.push(String(verify.headers.get('location')));
    const polled = await api.get<Json>(local(String((verify.body._links as Record<string, Json>).poll?.href)));
    expect(polled.body.factorResult).toBe('WAITING');
    hrefs.push(...hrefsIn(polled.body));
    const index = await api.get<Json>('/');
    headers.push(String(index.body.api), String(index.body.control));

    expect(hrefs.length).toBeGreaterThan(20);
    expect(headers.length).toBeGreaterThan(4);
    expect([...new Set([...hrefs, ...headers].map(originOf))]).toEqual([PUBLIC]);
  });

  it('puts the public URL in push activation links: the QR code, the poll link and the link sent by email', async () => {
    const dade = await api.get<Json>('/api/v1/users/dade.murphy@example.org');
    const enrolled = await api.post<Json>(`/api/v1/users/${String(dade.body.id)}/factors`, { factorType: 'push', provider: 'OKTA' });
    expect([...new Set(hrefsIn(enrolled.body).map(originOf))]).toEqual([PUBLIC]);
    const sendEmail = ((enrolled.body._embedded as Json).activation as Json)._links as unknown as { send: Array<{ name: string; href: string }> };
    const emailLink = sendEmail.send.find((send) => send.name === 'email');
    expect((await api.post(local(String(emailLink?.href)))).status).toBe(200);
    const [message] = (await api.get<Json[]>('/sandbox/v1/outbox?to=dade.murphy@example.org')).body;
    const activation = new URL(String(message?.link));
    expect(activation.searchParams.get('s')).toBe(PUBLIC);
    expect(String(message?.text)).toContain(String(message?.link));
  });
});

describe('custom-domain mode with its own listener', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'custom-domain-test', customDomain: { listen: true } });

  /** A push verify for Isaac called on `base`: the origins of its links, Location and the user's self link. */
  async function pushVerifyOn(base: string) {
    const api = sandboxClient(sandbox);
    const isaac = await api.get<Json>(`${base}/api/v1/users/isaac@example.org`);
    const factors = await api.get<Json[]>(`${base}/api/v1/users/${String(isaac.body.id)}/factors`);
    const push = factors.body.find((factor) => factor.factorType === 'push');
    const verify = await api.post<Json>(`${base}/api/v1/users/${String(isaac.body.id)}/factors/${String(push?.id)}/verify`, undefined, { 'User-Agent': 'links-test' });
    const links = verify.body._links as Record<string, { href: string }>;
    const users = await api.get<Json[]>(`${base}/api/v1/users?limit=1`);
    return {
      self: originOf(String((isaac.body._links as Record<string, { href: string }>).self?.href)),
      factorVerify: originOf(String((push?._links as Record<string, { href: string }>).verify?.href)),
      next: originOf(String(parseLinks(users.headers.get('link')).next)),
      poll: originOf(String(links.poll?.href)),
      cancel: originOf(String(links.cancel?.href)),
      location: originOf(String(verify.headers.get('location'))),
      pollHref: String(links.poll?.href),
    };
  }

  it('answers on both origins; links follow the origin called, except push poll and cancel links (and Location), which go to the other', async () => {
    const orgDomain = sandbox.url;
    const customDomain = String(sandbox.customDomainUrl);
    expect(customDomain).not.toBe(orgDomain);
    expect(sandbox.customDomainListenUrl).toBe(customDomain);

    const onOrg = await pushVerifyOn(orgDomain);
    expect(onOrg).toMatchObject({ self: orgDomain, factorVerify: orgDomain, next: orgDomain, poll: customDomain, cancel: customDomain, location: customDomain });
    const onCustom = await pushVerifyOn(customDomain);
    expect(onCustom).toMatchObject({ self: customDomain, factorVerify: customDomain, next: customDomain, poll: orgDomain, cancel: orgDomain, location: orgDomain });

    // The poll link works where it points: the org answers on both origins.
    const polled = await sandboxClient(sandbox).get<Json>(onOrg.pollHref);
    expect(polled.body.factorResult).toBe('WAITING');
  });

  it("writes a push enrollment's activation poll link on the other origin too, and its QR code on the origin called", async () => {
    const api = sandboxClient(sandbox);
    const customDomain = String(sandbox.customDomainUrl);
    const dade = await api.get<Json>(`${customDomain}/api/v1/users/dade.murphy@example.org`);
    const enrolled = await api.post<Json>(`${customDomain}/api/v1/users/${String(dade.body.id)}/factors`, { factorType: 'push', provider: 'OKTA' });
    const links = enrolled.body._links as Record<string, { href: string }>;
    expect(originOf(String(links.poll?.href))).toBe(sandbox.url);
    expect(originOf(String(links.self?.href))).toBe(customDomain);
    const activation = (enrolled.body._embedded as Json).activation as { _links: { qrcode: { href: string } } };
    expect(originOf(activation._links.qrcode.href)).toBe(customDomain);
  });
});

describe('custom-domain mode by Host header (a proxy in front of one listener)', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'custom-host-test', publicUrl: 'https://acme.okta.test', customDomain: 'https://login.acme.test' });

  it('takes a request whose Host (or X-Forwarded-Host) is the custom domain as called there', async () => {
    const api = sandboxClient(sandbox);
    expect(sandbox.customDomainUrl).toBe('https://login.acme.test');
    expect(sandbox.customDomainListenUrl).toBeNull();
    const selfOf = async (headers: Record<string, string>) => {
      const response = await api.call<Json>('GET', '/api/v1/users/isaac@example.org', undefined, headers);
      return String((response.body._links as Record<string, { href: string }>).self?.href);
    };
    expect(originOf(await selfOf({}))).toBe('https://acme.okta.test');
    expect(originOf(await selfOf({ 'X-Forwarded-Host': 'login.acme.test' }))).toBe('https://login.acme.test');
    expect(originOf(await selfOf({ 'X-Forwarded-Host': 'elsewhere.test' }))).toBe('https://acme.okta.test');
  });

  it('refuses a custom domain equal to the org domain, and a malformed public URL', async () => {
    await expect(startSandbox({ publicUrl: 'https://acme.okta.test', customDomain: 'https://acme.okta.test' })).rejects.toThrow('must differ');
    await expect(startSandbox({ publicUrl: 'https://acme.okta.test/okta' })).rejects.toThrow('origin only');
  });
});
