import { describe, expect, it } from 'vitest';
import { resolveDevelopmentMode } from '../../main/electron/development-mode';
import { checkedExternalLink, checkedSignInPage } from '../../main/electron/web-contents-guards';

const DEV = { FACTORDESK_DEV: '1' };

describe('development mode', () => {
  it('is off unless the app is unpackaged and FACTORDESK_DEV=1', () => {
    expect(resolveDevelopmentMode({}, false)).toEqual({ devTools: false, rendererUrl: null, rendererOrigin: null, warnings: [] });
    expect(resolveDevelopmentMode(DEV, false)).toEqual({ devTools: true, rendererUrl: null, rendererOrigin: null, warnings: [] });
    for (const value of ['0', 'true', 'yes', '']) expect(resolveDevelopmentMode({ FACTORDESK_DEV: value }, false).devTools, value).toBe(false);
    const packaged = resolveDevelopmentMode(DEV, true);
    expect(packaged.devTools).toBe(false);
    expect(packaged.warnings).toEqual(['FACTORDESK_DEV is ignored: the packaged app never runs in development mode.']);
  });

  it('ignores ELECTRON_RENDERER_URL without the switch, with a warning', () => {
    for (const isPackaged of [false, true]) {
      const mode = resolveDevelopmentMode({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, isPackaged);
      expect(mode).toMatchObject({ devTools: false, rendererUrl: null, rendererOrigin: null });
      expect(mode.warnings).toEqual(['ELECTRON_RENDERER_URL is ignored: a dev server is only used in development (FACTORDESK_DEV=1, unpackaged).']);
    }
  });

  it('uses a loopback http dev server in development, and trusts exactly its origin', () => {
    const cases: [string, string, string][] = [
      ['http://localhost:5173/', 'http://localhost:5173/', 'http://localhost:5173'],
      ['http://127.0.0.1:5173', 'http://127.0.0.1:5173/', 'http://127.0.0.1:5173'],
      ['http://[::1]:5173/', 'http://[::1]:5173/', 'http://[::1]:5173'],
      ['http://LOCALHOST:5173/index.html', 'http://localhost:5173/index.html', 'http://localhost:5173'],
      ['http://127.1:5173/', 'http://127.0.0.1:5173/', 'http://127.0.0.1:5173'],
    ];
    for (const [given, url, origin] of cases) {
      expect(resolveDevelopmentMode({ ...DEV, ELECTRON_RENDERER_URL: given }, false), given).toEqual({
        devTools: true,
        rendererUrl: url,
        rendererOrigin: origin,
        warnings: [],
      });
    }
  });

  it('ignores any other dev server address, with a warning', () => {
    for (const given of [
      'https://localhost:5173/',
      'http://192.168.1.10:5173/',
      'http://10.0.0.1/',
      'http://evil.example/',
      'http://localhost.evil.example:5173/',
      'http://127.0.0.1.nip.io:5173/',
      'http://user:pass@localhost:5173/',
      'ws://localhost:5173/',
      'file:///tmp/index.html',
      'app://factordesk/index.html',
      'javascript:alert(1)',
      'localhost:5173',
      'not a url',
    ]) {
      const mode = resolveDevelopmentMode({ ...DEV, ELECTRON_RENDERER_URL: given }, false);
      expect(mode, given).toEqual({
        devTools: true,
        rendererUrl: null,
        rendererOrigin: null,
        warnings: ['ELECTRON_RENDERER_URL is ignored: a dev server must be plain http on 127.0.0.1, localhost or [::1].'],
      });
    }
  });
});

describe('links for the system browser', () => {
  const org = (link: URL) => link.origin === 'https://acme.okta.com';

  it('are parsed once and handed on as the checked href', () => {
    expect(checkedExternalLink('https://acme.okta.com/admin/user/profile/view/00u1', org)?.href).toBe('https://acme.okta.com/admin/user/profile/view/00u1');
    expect(checkedExternalLink('HTTPS://Acme.Okta.com:443/a/../b?x=1#y', org)?.href).toBe('https://acme.okta.com/b?x=1#y');
  });

  it('must be https without credentials, and allowed', () => {
    for (const url of [
      'http://acme.okta.com/',
      'https://agent:secret@acme.okta.com/',
      'https://@acme.okta.com.evil.example/',
      'https://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(checkedExternalLink(url, org), url).toBeNull();
    }
  });
});

describe("a sign-in's page for the system browser", () => {
  const page = 'https://acme.okta.com/oauth2/v1/authorize?client_id=0oa1&state=s';
  const sandboxPage = 'http://127.0.0.1:8787/oauth2/v1/authorize?client_id=0oa1&state=s';
  const pending = (href: string) => href === page || href === sandboxPage;

  it('is exactly the page of a sign-in in progress: https, or http on 127.0.0.1 for the local sandbox', () => {
    expect(checkedSignInPage(page, pending)?.href).toBe(page);
    expect(checkedSignInPage(sandboxPage, pending)?.href).toBe(sandboxPage);
  });

  it('is nothing else', () => {
    for (const url of [
      'https://acme.okta.com/oauth2/v1/authorize?client_id=0oa1&state=other',
      'http://acme.okta.com/oauth2/v1/authorize?client_id=0oa1&state=s',
      'http://localhost:8787/oauth2/v1/authorize?client_id=0oa1&state=s',
      'https://agent:pw@acme.okta.com/oauth2/v1/authorize?client_id=0oa1&state=s',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(checkedSignInPage(url, pending), url).toBeNull();
    }
    // Whatever main says is pending, plain http elsewhere than 127.0.0.1, or credentials, never go out.
    expect(checkedSignInPage('http://acme.okta.com/x', () => true)).toBeNull();
    expect(checkedSignInPage('https://agent:pw@acme.okta.com/', () => true)).toBeNull();
  });
});
